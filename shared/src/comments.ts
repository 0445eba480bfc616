import { z } from 'zod';
import { idSchema, type LocalizedText, languageSchema } from './model.ts';
import { translationStatusSchema } from './translations.ts';

/**
 * Threads, comments, responses, moderation and review statuses: rows the server owns (never
 * Yjs data), anchored to clause texts by clause id and Yjs relative positions (`anchors.ts`).
 */

export const THREAD_KINDS = ['comment', 'question', 'proposal'] as const;
export const threadKindSchema = z.enum(THREAD_KINDS);
export type ThreadKind = z.infer<typeof threadKindSchema>;

/** What a proposed wording does to its passage. `insert` puts the text after the passage. */
export const PROPOSAL_ACTIONS = ['replace', 'insert', 'delete'] as const;
export const proposalActionSchema = z.enum(PROPOSAL_ACTIONS);
export type ProposalAction = z.infer<typeof proposalActionSchema>;

/** The secretariat's answer, as the 2017 matrix records them. */
export const RESPONSE_STATUSES = ['accepted', 'partially_accepted', 'not_accepted', 'noted', 'under_review'] as const;
export const responseStatusSchema = z.enum(RESPONSE_STATUSES);
export type ResponseStatus = z.infer<typeof responseStatusSchema>;

/** A proposed wording may be applied to the text once answered with one of these. */
export const APPLICABLE_RESPONSE_STATUSES: readonly ResponseStatus[] = ['accepted', 'partially_accepted'];

export const REVIEW_STATUSES = ['not_started', 'reviewing', 'no_comments', 'submitted'] as const;
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const THREAD_STATUSES = ['open', 'resolved'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

const MAX_BODY = 10_000;
/** Text people write. No NUL characters: PostgreSQL's text cannot hold them, and no one types one. */
const text = () => z.string().refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
const bodySchema = text().trim().min(1, 'Write something first').max(MAX_BODY);

/**
 * A passage as the client selected it: plain-text offsets into one language of the clause
 * (see `clausePlainText` in `anchors.ts`) and the text it saw there. The server checks the
 * quote against the stored text and turns the offsets into Yjs relative positions.
 */
export const passageSelectionSchema = z
  .object({
    language: languageSchema,
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    quote: text().max(MAX_BODY),
  })
  .refine((p) => p.end >= p.start, { message: 'end must not be before start', path: ['end'] })
  .refine((p) => p.quote.length === p.end - p.start, {
    message: 'quote must be the text between start and end',
    path: ['quote'],
  });
export type PassageSelection = z.infer<typeof passageSelectionSchema>;

export const proposalSchema = z.object({
  action: proposalActionSchema,
  text: text().max(MAX_BODY),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const createThreadRequestSchema = z
  .object({
    clauseId: idSchema,
    /** Absent: the thread is on the clause as a whole. */
    passage: passageSelectionSchema.optional(),
    kind: threadKindSchema,
    body: bodySchema,
    /** Required for, and only for, `kind: "proposal"`. */
    proposal: proposalSchema.optional(),
  })
  .superRefine((request, ctx) => {
    const { kind, proposal, passage } = request;
    if (kind !== 'proposal') {
      if (proposal) ctx.addIssue({ code: 'custom', path: ['proposal'], message: 'only a proposal has a wording' });
      if (passage && passage.start === passage.end)
        ctx.addIssue({ code: 'custom', path: ['passage'], message: 'select the passage to comment on' });
      return;
    }
    if (!proposal) {
      ctx.addIssue({ code: 'custom', path: ['proposal'], message: 'a proposal needs its wording' });
      return;
    }
    if (proposal.action !== 'delete' && proposal.text.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['proposal', 'text'], message: 'write the proposed wording' });
    if (proposal.action === 'delete' && proposal.text !== '')
      ctx.addIssue({ code: 'custom', path: ['proposal', 'text'], message: 'a deletion has no new wording' });
    if (proposal.action !== 'insert' && (!passage || passage.start === passage.end))
      ctx.addIssue({ code: 'custom', path: ['passage'], message: `select the passage to ${proposal.action}` });
  });
export type CreateThreadRequest = z.infer<typeof createThreadRequestSchema>;

export const replyRequestSchema = z.object({ body: bodySchema });
export type ReplyRequest = z.infer<typeof replyRequestSchema>;

export const editCommentRequestSchema = z.object({ body: bodySchema });
export type EditCommentRequest = z.infer<typeof editCommentRequestSchema>;

export const respondRequestSchema = z
  .object({
    status: responseStatusSchema,
    explanation: z.object({ en: text().trim().max(MAX_BODY), zh: text().trim().max(MAX_BODY) }),
  })
  .refine((r) => r.status === 'under_review' || r.explanation.en !== '' || r.explanation.zh !== '', {
    message: 'explain the response in Chinese or English',
    path: ['explanation'],
  });
export type RespondRequest = z.infer<typeof respondRequestSchema>;

const reasonSchema = text().trim().min(1, 'Give a reason').max(2000);

export const hideCommentRequestSchema = z.object({ reason: reasonSchema });
export type HideCommentRequest = z.infer<typeof hideCommentRequestSchema>;

/** Moderation acts on a whole thread. */
export const moderateThreadRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('lock'), reason: reasonSchema.optional() }),
  z.object({ action: z.literal('unlock') }),
  z.object({ action: z.literal('resolve') }),
  z.object({ action: z.literal('reopen') }),
  z.object({ action: z.literal('markDuplicate'), duplicateOf: idSchema }),
  z.object({ action: z.literal('clearDuplicate') }),
]);
export type ModerateThreadRequest = z.infer<typeof moderateThreadRequestSchema>;

export const setReviewStatusRequestSchema = z.object({ status: reviewStatusSchema });
export type SetReviewStatusRequest = z.infer<typeof setReviewStatusRequestSchema>;

export interface PersonRef {
  personId: string;
  name: string;
}

export interface CommentView {
  id: string;
  threadId: string;
  author: PersonRef;
  stakeholderId: string | null;
  /** Null when withdrawn, or hidden from this reader. */
  body: string | null;
  createdAt: number;
  editedAt: number | null;
  withdrawnAt: number | null;
  /** Set when the secretariat hid it. `reason` and the body reach the secretariat only. */
  hidden: { by: PersonRef; at: number; reason: string | null } | null;
}

export interface ResponseView {
  status: ResponseStatus;
  explanation: LocalizedText;
  by: PersonRef;
  at: number;
}

/** Where a thread's passage is now, in the live text (computed when the view is made). */
export type AnchorState =
  | {
      state: 'attached';
      start: number;
      end: number;
      text: string;
      /** `quote`: the positions were lost (text rewritten) and the quote was found again. */
      by: 'position' | 'quote';
    }
  /** The passage was deleted (or its paragraph): the thread stays, shown as detached. */
  | { state: 'detached' };

export interface PassageView {
  language: PassageSelection['language'];
  /** The text as it was when the thread was started. */
  quote: string;
  /** Encoded Yjs relative positions (base64), for clients to follow the passage live. */
  start: string;
  end: string;
  now: AnchorState;
}

export interface ThreadView {
  id: string;
  consultationId: string;
  clauseId: string;
  passage: PassageView | null;
  kind: ThreadKind;
  proposal: Proposal | null;
  author: PersonRef;
  stakeholderId: string | null;
  status: ThreadStatus;
  locked: boolean;
  duplicateOf: string | null;
  /** The opening comment first, then replies, oldest first. */
  comments: CommentView[];
  response: ResponseView | null;
  /** Set once the secretariat applied the proposed wording to the clause text. */
  applied: { by: PersonRef; at: number } | null;
  createdAt: number;
  updatedAt: number;
}

export interface ReviewStatusView {
  stakeholderId: string;
  status: ReviewStatus;
  /** Null: nobody set it yet (not started). */
  by: PersonRef | null;
  at: number | null;
}

export const AUDIT_ACTIONS = [
  'comment.hide',
  'comment.unhide',
  'thread.lock',
  'thread.unlock',
  'thread.resolve',
  'thread.reopen',
  'thread.markDuplicate',
  'thread.clearDuplicate',
  'thread.respond',
  'thread.applyWording',
  'comment.edit',
  'comment.withdraw',
  'reviewStatus.set',
  'vote.open',
  'vote.close',
  /** A ballot cast or changed: detail says whose, from what to what. */
  'vote.ballot',
  /** A version of the framework published: detail gives its title and what its snapshot holds. */
  'version.publish',
  /**
   * The draft restored from a version (after a backup version of it was published): detail gives
   * the version, its title, the backup's id and the clauses whose text was replaced, in which languages.
   */
  'version.restore',
  /** A consultation round created by the secretariat: detail gives its title, dates and state. */
  'round.create',
  /** A round changed by the secretariat: detail gives what changed, from what to what. */
  'round.update',
  /** A round moved on its date without anyone acting (by the server's clock): detail says from what to what. */
  'round.transition',
  /** A clause's two languages confirmed in line again: detail gives the state before and the texts confirmed. */
  'translation.confirm',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryView {
  id: number;
  consultationId: string;
  actor: PersonRef;
  action: AuditAction;
  /** What it acted on: `thread:<id>`, `comment:<id>`, `stakeholder:<id>`, `vote:<id>`, `version:<id>`. */
  target: string;
  reason: string | null;
  /** Action-specific details, e.g. the response status given or the text replaced. */
  detail: Record<string, unknown>;
  at: number;
}

/** Small messages the server pushes on a consultation's presence document (stateless). */
export const realtimeEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('threads.changed'), threadIds: z.array(idSchema).max(1000) }),
  z.object({ type: z.literal('reviewStatuses.changed') }),
  z.object({ type: z.literal('votes.changed'), voteIds: z.array(idSchema).max(1000) }),
  /** A version was published: pages refetch the list of versions. */
  z.object({ type: z.literal('versions.changed') }),
  /** A consultation round was created or changed, or moved on its date: pages refetch the rounds. */
  z.object({ type: z.literal('rounds.changed') }),
  /**
   * A clause's text was stored after a change, or its translation confirmed: pages refetch the
   * translation status (of those clauses; the status of a clause depends on nothing else).
   */
  z.object({
    type: z.literal('translations.changed'),
    clauseIds: z.array(idSchema).max(1000),
    /**
     * Those clauses' statuses as they now are (the same for every reader): a page takes them as
     * they come instead of each page asking. Absent: pages fetch them.
     */
    statuses: z.array(translationStatusSchema).max(1000).optional(),
  }),
  /**
   * Notifications were created for these people (about this consultation): a page whose person
   * is listed refetches its notifications (see `notifications.ts`).
   */
  z.object({ type: z.literal('notifications.changed'), personIds: z.array(idSchema).max(10_000) }),
]);
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;

/** Parses a stateless payload; null for anything that is not one of our events. */
export function parseRealtimeEvent(payload: string): RealtimeEvent | null {
  try {
    const parsed = realtimeEventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
