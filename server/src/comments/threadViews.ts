import {
  type Actor,
  type AnchorState,
  type CommentView,
  can,
  type Person,
  type PersonRef,
  type ThreadView,
} from '@accord/shared';
import type { CommentRecord, ThreadWithComments } from '../storage/Storage.ts';

/** Names of people, for the views; someone deleted since shows as unknown. */
export type PeopleById = ReadonlyMap<string, Person>;

export function personRef(people: PeopleById, personId: string): PersonRef {
  return { personId, name: people.get(personId)?.name ?? 'Unknown person' };
}

/**
 * A comment as this reader may see it: the body of a hidden comment and the reason it was
 * hidden reach only those who may read hidden content (the secretariat); a withdrawn comment's
 * body reaches nobody (its author took it back; the row stays for the record).
 */
function commentView(comment: CommentRecord, people: PeopleById, readsHidden: boolean): CommentView {
  const hidden = comment.hidden;
  const withdrawn = comment.withdrawnAt !== null;
  return {
    id: comment.id,
    threadId: comment.threadId,
    author: personRef(people, comment.authorId),
    stakeholderId: comment.stakeholderId,
    body: withdrawn || (hidden && !readsHidden) ? null : comment.body,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    withdrawnAt: comment.withdrawnAt,
    hidden: hidden && {
      by: personRef(people, hidden.byId),
      at: hidden.at,
      reason: readsHidden ? hidden.reason : null,
    },
  };
}

export function threadView(
  { thread, comments }: ThreadWithComments,
  people: PeopleById,
  actor: Actor,
  anchorNow: AnchorState | null,
): ThreadView {
  const readsHidden = can(actor, 'comment.readHidden', { consultationId: thread.consultationId });
  return {
    id: thread.id,
    consultationId: thread.consultationId,
    clauseId: thread.clauseId,
    passage: thread.passage && { ...thread.passage, now: anchorNow ?? { state: 'detached' } },
    kind: thread.kind,
    proposal: thread.proposal,
    author: personRef(people, thread.authorId),
    stakeholderId: thread.stakeholderId,
    status: thread.status,
    locked: thread.locked,
    duplicateOf: thread.duplicateOf,
    comments: comments.map((c) => commentView(c, people, readsHidden)),
    response: thread.response && {
      status: thread.response.status,
      explanation: thread.response.explanation,
      by: personRef(people, thread.response.byId),
      at: thread.response.at,
    },
    applied: thread.applied && { by: personRef(people, thread.applied.byId), at: thread.applied.at },
    createdAt: thread.createdAt,
    updatedAt: thread.updatedAt,
  };
}
