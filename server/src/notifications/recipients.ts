import { type Actor, can, type Person } from '@accord/shared';
import type { ThreadWithComments } from '../storage/Storage.ts';

/**
 * Who is notified of what: pure rules over the rows, so they are tested without a server. Each
 * answers person ids, never the actor's own, only people who may read the consultation, each once.
 */

const actorOf = (person: Person): Actor => ({
  personId: person.id,
  role: person.role,
  stakeholderId: person.stakeholderId,
});

function readers(people: readonly Person[], consultationId: string, actorId: string | null): Person[] {
  return people.filter((p) => p.id !== actorId && can(actorOf(p), 'consultation.read', { consultationId }));
}

const ids = (people: Person[]): string[] => [...new Set(people.map((p) => p.id))];

/**
 * A reply: everyone who started the thread or replied in it (a comment of theirs, even withdrawn
 * since: they took part), but its author.
 */
export function replyRecipients(
  thread: ThreadWithComments,
  replyAuthorId: string,
  people: readonly Person[],
): string[] {
  const participants = new Set([thread.thread.authorId, ...thread.comments.map((c) => c.authorId)]);
  return ids(readers(people, thread.thread.consultationId, replyAuthorId).filter((p) => participants.has(p.id)));
}

/**
 * The secretariat's response to a thread: everyone of the stakeholder that opened it (the
 * delegation or organisation speaks as one); a thread opened by someone with no stakeholder,
 * its author only. Not the responder.
 */
export function responseRecipients(
  thread: ThreadWithComments,
  responderId: string,
  people: readonly Person[],
): string[] {
  const { stakeholderId, authorId, consultationId } = thread.thread;
  return ids(
    readers(people, consultationId, responderId).filter((p) =>
      stakeholderId === null ? p.id === authorId : p.stakeholderId === stakeholderId,
    ),
  );
}

/** A vote opened: the people who may cast the ballot of a member state it counts (their delegates). */
export function voteRecipients(
  vote: { consultationId: string; memberStates: readonly string[] },
  openerId: string,
  people: readonly Person[],
): string[] {
  const counted = new Set(vote.memberStates);
  return ids(
    readers(people, vote.consultationId, openerId).filter(
      (p) =>
        p.stakeholderId !== null &&
        counted.has(p.stakeholderId) &&
        can(actorOf(p), 'vote.cast', { consultationId: vote.consultationId, stakeholderId: p.stakeholderId }),
    ),
  );
}

/** A round opening or closing soon: everyone who may read the consultation (nobody acted). */
export function roundRecipients(consultationId: string, people: readonly Person[]): string[] {
  return ids(readers(people, consultationId, null));
}
