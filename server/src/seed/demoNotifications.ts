import { randomUUID } from 'node:crypto';
import { replyRecipients, responseRecipients, voteRecipients } from '../notifications/recipients.ts';
import type { NotificationRecord, Storage } from '../storage/Storage.ts';
import { DEMO_CONSULTATION } from './demoConsultation.ts';

/**
 * The notifications the demo's threads and votes would have made, by the same rules as the live
 * ones (`recipients.ts`), so a new user sees the list at once: The Nature Conservancy's people
 * the secretariat's response to their comment on 5.3.2, each delegation the responses to its
 * threads and the votes opened for it. Unread, but for a vote the delegation has already voted in.
 */
export async function seedDemoNotifications(storage: Storage): Promise<void> {
  const consultationId = DEMO_CONSULTATION.id;
  const [people, threads, votes] = await Promise.all([
    storage.listPeople(),
    storage.listThreads(consultationId),
    storage.listVotes(consultationId),
  ]);
  const stakeholderOf = new Map(people.map((p) => [p.id, p.stakeholderId]));
  const items: NotificationRecord[] = [];
  const add = (
    personIds: string[],
    record: Pick<NotificationRecord, 'kind' | 'actorId' | 'payload' | 'createdAt' | 'dedupeKey'>,
    read = (_personId: string) => false,
  ) => {
    for (const personId of personIds)
      items.push({
        id: randomUUID(),
        personId,
        consultationId,
        readAt: read(personId) ? record.createdAt : null,
        ...record,
      });
  };

  for (const found of threads) {
    const { thread, comments } = found;
    for (const reply of comments.slice(1))
      add(
        replyRecipients(
          { thread, comments: comments.filter((c) => c.createdAt <= reply.createdAt) },
          reply.authorId,
          people,
        ),
        {
          kind: 'thread.reply',
          actorId: reply.authorId,
          payload: { threadId: thread.id, clauseId: thread.clauseId, commentId: reply.id },
          createdAt: reply.createdAt,
          dedupeKey: `reply:${reply.id}`,
        },
      );
    if (thread.response)
      add(responseRecipients(found, thread.response.byId, people), {
        kind: 'thread.response',
        actorId: thread.response.byId,
        payload: { threadId: thread.id, clauseId: thread.clauseId },
        createdAt: thread.response.at,
        dedupeKey: `response:${thread.id}:${thread.response.at}`,
      });
  }
  for (const { vote, ballots } of votes) {
    const voted = new Set(ballots.map((b) => b.stakeholderId));
    add(
      voteRecipients(vote, vote.openedById, people),
      {
        kind: 'vote.opened',
        actorId: vote.openedById,
        payload: { voteId: vote.id },
        createdAt: vote.openedAt,
        dedupeKey: `vote.opened:${vote.id}`,
      },
      (personId) => vote.closed !== null || voted.has(stakeholderOf.get(personId) ?? ''),
    );
  }
  await storage.addNotifications(items.map((notification) => ({ notification, mail: null })));
}
