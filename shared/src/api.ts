import { z } from 'zod';
import type { Consultation, Framework, LocalizedText, Person, Stakeholder } from './model.ts';
import type { Action } from './permissions.ts';

/** Request bodies, validated by the server, typed for the client. */
export const signInRequestSchema = z.object({
  email: z.string().trim().min(1, 'Email is required').max(320),
  password: z.string().min(1, 'Password is required').max(1024),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/**
 * Why the server refused a comment action, as a stable machine-readable name. The client
 * translates it (`errors.reasons.<reason>`); API users may match on it instead of the message.
 */
export const REFUSAL_REASONS = [
  /** The person's role may never do this (any refused action). */
  'role',
  /** More new threads and replies than the posting limit allows (429; see Retry-After). */
  'posting_too_fast',
  /** Replying to a locked thread. */
  'thread_locked',
  /** The thread was locked between the check and the write of a reply. */
  'thread_locked_meanwhile',
  /** Editing or withdrawing someone else's comment. */
  'not_author',
  /** Editing or withdrawing a withdrawn comment. */
  'comment_withdrawn',
  /** Editing or withdrawing a comment in a thread the secretariat has responded to. */
  'already_responded',
  /** The secretariat responded between the check and the write of an edit or withdrawal. */
  'responded_meanwhile',
  /** Setting another stakeholder's review status. */
  'own_stakeholder_only',
  /** The secretariat stakeholder has no review status. */
  'secretariat_has_no_review_status',
  /** Applying a thread that proposes no wording. */
  'only_proposals_apply',
  /** Applying a proposal on the whole clause (no passage to replace). */
  'whole_clause_proposal',
  /** Applying a proposal not (partially) accepted yet. */
  'not_accepted_yet',
  /** Applying a proposal twice. */
  'already_applied',
  /** The wording cannot be applied automatically (passage deleted, several paragraphs…). */
  'apply_by_hand',
  /** The selected passage is no longer in the text as selected: select it again. */
  'passage_changed',
  /** Marking a thread as a duplicate of itself. */
  'duplicate_of_itself',
  /** Marking a thread as a duplicate of a thread marked as a duplicate of it. */
  'duplicate_cycle',
  /** Casting or changing a ballot in a closed vote (or past its closing time). */
  'vote_closed',
  /** A partner giving a position in a vote that takes none. */
  'advisory_not_enabled',
  /** Opening a vote on something that already has an open vote. */
  'vote_already_open',
  /** Opening a vote on a thread's response before the secretariat responded. */
  'no_response_yet',
  /** Opening a vote on the proposed wording of a thread that proposes none. */
  'not_a_proposal',
  /** A quorum larger than the number of member states. */
  'quorum_too_large',
  /** A closing time that has passed (or is too far away). */
  'bad_closing_time',
  /** Editing the text (as a delegate) while the current round is not in drafting. */
  'round_not_drafting',
  /** Commenting or replying while the current round is not open for comments. */
  'round_not_open',
  /** Anything but reading while the current round is closed. */
  'round_closed',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && (REFUSAL_REASONS as readonly string[]).includes(value);
}

/**
 * Every error the API sends: a machine code (`forbidden`, `conflict`, `invalid_input`…), a human
 * message in English and, for a refused comment action, its `reason` (one of `REFUSAL_REASONS`,
 * though clients should expect names they do not know yet and show the message then).
 */
export interface ApiError {
  error: { code: string; message: string; reason?: string };
}

export interface SessionResponse {
  person: Person;
  stakeholder: Stakeholder | null;
}

export interface ConsultationSummary extends Consultation {
  clauseCount: number;
}

export interface ConsultationResponse {
  consultation: Consultation;
  framework: Framework;
  stakeholders: Stakeholder[];
  /**
   * Plain text of every clause, by clause id, as of its last save (at most ~10 s old): shown
   * until the clause's live editor has synced. The live Yjs document is the truth.
   */
  clauseTexts: Record<string, LocalizedText>;
  /** What the signed-in person may do here; the UI mirrors, the server decides. */
  capabilities: Record<Action, boolean>;
}

/** The presence (awareness) user field, always stamped by the server from the session. */
export interface PresenceUser {
  personId: string;
  name: string;
  role: Person['role'];
  stakeholderId: string | null;
  stakeholderName: string | null;
}

/** Path of the WebSocket endpoint that serves Yjs sync. */
export const COLLAB_PATH = '/collab';
