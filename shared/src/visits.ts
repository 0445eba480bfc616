import { z } from 'zod';
import type { PersonRef, ResponseStatus, ThreadKind } from './comments.ts';
import { idSchema, type LocalizedText } from './model.ts';
import type { ClauseComparison } from './versions.ts';
import type { VoteOutcome, VoteSubject } from './votes.ts';

/**
 * "Since your last visit": what changed on a consultation since this person last marked the
 * changes seen, so a reviewer coming back days later sees at once what moved, what was answered
 * and what waits for them. Each person has one baseline per consultation: when they last marked
 * the changes seen, and the text of each clause as they had seen it.
 *
 * The activity lists (threads, replies, responses, votes) hold ids, names, times and statuses
 * only: the client fetches what it shows in full from the thread and vote APIs. Each list is
 * oldest first. Nothing this person did themselves is listed.
 */

/** What the changes are counted from. */
export type VisitBaseline =
  /** When this person last marked the changes seen (and the clause texts they had seen then). */
  | { kind: 'visit' }
  /** Their first visit: the latest published version (the draft that was sent out). */
  | { kind: 'version'; versionId: string; title: LocalizedText }
  /** Never visited and no version published: nothing to compare with, every list is empty. */
  | { kind: 'none' };

/** A thread started since the baseline, by someone else. */
export interface VisitNewThread {
  threadId: string;
  clauseId: string;
  kind: ThreadKind;
  author: PersonRef;
  stakeholderId: string | null;
  createdAt: number;
}

/**
 * Replies posted since the baseline in one thread, by others, counting only replies this
 * person may read (a withdrawn reply never counts; a hidden one only for the secretariat).
 */
export interface VisitNewReplies {
  threadId: string;
  clauseId: string;
  count: number;
  /** When the latest of them was posted. */
  latestAt: number;
  /** The thread is one this person started or replied in. */
  mine: boolean;
}

/**
 * A response the secretariat gave since the baseline to a thread of this person's stakeholder
 * (for someone with no stakeholder: a thread they started). A thread answered again shows its
 * latest response.
 */
export interface VisitResponse {
  threadId: string;
  clauseId: string;
  status: ResponseStatus;
  at: number;
}

/**
 * A vote opened or closed since the baseline (by someone else). A vote opened and closed since
 * is listed twice, once per event.
 */
export interface VisitVoteEvent {
  voteId: string;
  subject: VoteSubject;
  question: LocalizedText;
  event: 'opened' | 'closed';
  at: number;
  /** The frozen outcome, for `closed`. */
  outcome?: VoteOutcome;
}

export interface SinceLastVisit {
  /**
   * The baseline's time: when this person last marked the changes seen; on their first visit,
   * the latest published version's time (a newcomer sees what changed since the draft was sent
   * out); null if neither.
   */
  since: number | null;
  baseline: VisitBaseline;
  /** When this summary was computed (server clock): send it back when marking the changes seen. */
  generatedAt: number;
  /**
   * Clauses whose text differs from the text this person last saw (or that they never saw),
   * in reading order: `ClauseComparison`s from the baseline texts to the draft, numbered as in
   * the draft (so never `moved` or `renumbered` here), each whose text changed naming the
   * threads whose accepted wording was applied to it since `since`. The draft text is the
   * concatenation of each language's `same` and `insert` parts.
   */
  clauses: ClauseComparison[];
  newThreads: VisitNewThread[];
  newReplies: VisitNewReplies[];
  responsesToMine: VisitResponse[];
  votes: VisitVoteEvent[];
}

const clauseText = z.string().max(100_000);

/**
 * Marks the changes seen. `generatedAt` is the summary's: what arrived after it stays unseen
 * (the server takes the earlier of it and its own clock, and never moves a baseline back).
 *
 * `clauses` are the texts the client showed, by clause id (rebuilt from each diff's `same` and
 * `insert` parts): each becomes that clause's seen text; other clauses keep theirs, so a reader
 * can mark clauses one at a time. Ids of clauses the framework does not have are ignored.
 * Without `clauses`, every clause is marked seen as the draft stands when the request arrives
 * (an edit made between the summary and the request is marked seen too: send `clauses` to
 * avoid that). Either way the activity lists are marked seen up to `generatedAt`.
 */
export const markSeenRequestSchema = z.object({
  generatedAt: z.number().int().nonnegative(),
  clauses: z.record(idSchema, z.object({ en: clauseText, zh: clauseText })).optional(),
});
export type MarkSeenRequest = z.infer<typeof markSeenRequestSchema>;
