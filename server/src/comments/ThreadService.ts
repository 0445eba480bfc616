import { randomUUID } from 'node:crypto';
import {
  type Action,
  type Actor,
  AnchorError,
  type AnchorState,
  APPLICABLE_RESPONSE_STATUSES,
  type AuditEntryView,
  anchorPassage,
  applyProposal,
  buildMatrix,
  type Consultation,
  type CreateThreadRequest,
  clauseDocumentName,
  clausePlainText,
  type EditCommentRequest,
  type HideCommentRequest,
  type MatrixFilters,
  type MatrixView,
  type ModerateThreadRequest,
  type PassageSelection,
  type Person,
  type PolicyContext,
  type ReplyRequest,
  type RespondRequest,
  type ReviewStatusView,
  type RoundState,
  resolveAnchor,
  type SetReviewStatusRequest,
  type Stakeholder,
  type ThreadView,
} from '@accord/shared';
import type * as Y from 'yjs';
import { peopleById, requireAllowed, requireReadableConsultation } from '../auth/policy.ts';
import type { ClauseDocuments } from '../collab/ClauseDocuments.ts';
import { conflict, HttpError, notFound } from '../http/errors.ts';
import type { Notify } from '../notifications/NotificationService.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type {
  AuditRecord,
  CommentRecord,
  ReviewStatusRecord,
  Storage,
  StoredPassage,
  ThreadPatch,
  ThreadRecord,
  ThreadWithComments,
} from '../storage/Storage.ts';
import { voteView } from '../votes/voteViews.ts';
import { type PeopleById, personRef, threadView } from './threadViews.ts';

export interface ThreadServiceDeps {
  storage: Storage;
  documents: ClauseDocuments;
  realtime: RealtimeEvents;
  now?: () => number;
  /**
   * The consultation's current round in its effective state now (`RoundService.current`), for
   * the round rules of the policy; absent: no rounds (every action as in a workshop).
   */
  rounds?: { current(consultationId: string): Promise<{ state: RoundState } | null> };
  /** Told of replies and responses once written (notifications); absent: nobody is notified. */
  notify?: Notify;
}

/** The signed-in person acting, as the routes know them. */
export interface Acting {
  person: Person;
  actor: Actor;
}

const AUDIT_PAGE = 500;

/** A reader with no more rights than anyone on a consultation: an observer, nobody in particular. */
const ANY_READER: Actor = { personId: '', role: 'observer', stakeholderId: null };

/**
 * Comments, responses, moderation and review statuses. Every method checks the shared policy
 * (`decide`) against the stored state, writes, tells every page of the consultation what
 * changed, and answers with the thread as this person may see it. Refusals are HttpErrors
 * (403 forbidden, 404, 409 conflict) thrown before anything is written.
 */
export class ThreadService {
  private readonly now: () => number;

  constructor(private readonly deps: ThreadServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async listThreads({ actor }: Acting, consultationId: string): Promise<ThreadView[]> {
    await this.requireReadable(actor, consultationId);
    const threads = await this.deps.storage.listThreads(consultationId);
    return this.views(actor, threads);
  }

  async getThread({ actor }: Acting, consultationId: string, threadId: string): Promise<ThreadView> {
    await this.requireReadable(actor, consultationId);
    return this.view(actor, await this.requireThread(consultationId, threadId));
  }

  async createThread({ person, actor }: Acting, consultationId: string, request: CreateThreadRequest) {
    await this.requireReadable(actor, consultationId);
    this.require(actor, 'thread.comment', consultationId, { round: await this.round(consultationId) });
    if (!(await this.deps.storage.clauseExists(consultationId, request.clauseId))) throw notFound('Clause');

    let passage: StoredPassage | null = null;
    if (request.passage) {
      const selection = request.passage;
      const name = clauseDocumentName(consultationId, request.clauseId, selection.language);
      passage = await this.deps.documents.read([name], (docs) => anchorSelection(docs.get(name), selection));
    }
    const at = this.now();
    const thread: ThreadRecord = {
      id: randomUUID(),
      consultationId,
      clauseId: request.clauseId,
      passage,
      kind: request.kind,
      proposal: request.proposal ?? null,
      // Stamped from the session: nobody posts as another person or stakeholder.
      authorId: person.id,
      stakeholderId: person.stakeholderId,
      status: 'open',
      locked: false,
      duplicateOf: null,
      response: null,
      applied: null,
      createdAt: at,
      updatedAt: at,
    };
    await this.deps.storage.createThread(thread, this.newComment(person, thread.id, request.body, at));
    return this.changed(actor, consultationId, thread.id);
  }

  async reply({ person, actor }: Acting, consultationId: string, threadId: string, request: ReplyRequest) {
    const { thread } = await this.requireThread(consultationId, threadId);
    this.require(actor, 'thread.reply', consultationId, {
      thread: { locked: thread.locked },
      round: await this.round(consultationId),
    });
    const comment = this.newComment(person, threadId, request.body, this.now());
    const written = await this.deps.storage.addComment(comment, { threadUnlocked: true });
    if (!written)
      throw conflict('The thread was locked meanwhile: it takes no more replies.', 'thread_locked_meanwhile');
    // Pages first: the people to notify are found and written after everyone sees the reply.
    const view = await this.changed(actor, consultationId, threadId);
    await this.deps.notify?.({
      kind: 'thread.reply',
      consultationId,
      threadId,
      commentId: comment.id,
      actorId: person.id,
    });
    return view;
  }

  async editComment({ actor }: Acting, consultationId: string, commentId: string, request: EditCommentRequest) {
    const { comment, thread } = await this.requireComment(consultationId, commentId);
    await this.requireCommentChange(actor, 'comment.edit', comment, thread);
    const at = this.now();
    const audit = this.audit(actor, consultationId, 'comment.edit', `comment:${comment.id}`, null, {
      threadId: thread.id,
      before: comment.body,
    });
    const written = await this.deps.storage.updateComment(comment.id, { body: request.body, editedAt: at }, audit, {
      threadHasNoResponse: true,
    });
    if (!written)
      throw conflict('The secretariat responded meanwhile: the comment can no longer change.', 'responded_meanwhile');
    return this.changed(actor, consultationId, thread.id);
  }

  async withdrawComment({ actor }: Acting, consultationId: string, commentId: string) {
    const { comment, thread } = await this.requireComment(consultationId, commentId);
    await this.requireCommentChange(actor, 'comment.withdraw', comment, thread);
    const audit = this.audit(actor, consultationId, 'comment.withdraw', `comment:${comment.id}`, null, {
      threadId: thread.id,
    });
    const written = await this.deps.storage.updateComment(comment.id, { withdrawnAt: this.now() }, audit, {
      threadHasNoResponse: true,
    });
    if (!written)
      throw conflict('The secretariat responded meanwhile: the comment can no longer change.', 'responded_meanwhile');
    return this.changed(actor, consultationId, thread.id);
  }

  async respond({ actor }: Acting, consultationId: string, threadId: string, request: RespondRequest) {
    const { thread } = await this.requireThread(consultationId, threadId);
    this.require(actor, 'thread.respond', consultationId, { round: await this.round(consultationId) });
    const at = this.now();
    const response = { status: request.status, explanation: request.explanation, byId: actor.personId, at };
    const audit = this.audit(actor, consultationId, 'thread.respond', `thread:${threadId}`, null, {
      status: request.status,
      previousStatus: thread.response?.status ?? null,
    });
    await this.deps.storage.updateThread(threadId, { response, updatedAt: at }, audit);
    const view = await this.changed(actor, consultationId, threadId);
    await this.deps.notify?.({ kind: 'thread.response', consultationId, threadId, actorId: actor.personId, at });
    return view;
  }

  /**
   * Applies an accepted proposed wording to the clause text through its Yjs document, so
   * everyone sees the text change live. The thread is claimed first (`applied` set only if it
   * was not), so two clicks, or two servers, cannot apply it twice.
   */
  async applyWording({ person, actor }: Acting, consultationId: string, threadId: string) {
    const { thread } = await this.requireThread(consultationId, threadId);
    this.require(actor, 'thread.applyWording', consultationId, { round: await this.round(consultationId) });
    const { proposal, passage, response } = thread;
    if (thread.kind !== 'proposal' || proposal === null)
      throw conflict('Only a proposed wording can be applied.', 'only_proposals_apply');
    if (passage === null)
      throw conflict('The proposal is on the whole clause: apply the wording by hand.', 'whole_clause_proposal');
    if (response === null || !APPLICABLE_RESPONSE_STATUSES.includes(response.status))
      throw conflict('Accept the proposal (or accept it partially) before applying it.', 'not_accepted_yet');
    if (thread.applied !== null) throw conflict('The wording was already applied.', 'already_applied');

    const at = this.now();
    const claimed = await this.deps.storage.updateThread(threadId, { applied: { byId: actor.personId, at } }, null, {
      notApplied: true,
    });
    if (!claimed) throw conflict('The wording was already applied.', 'already_applied');

    const name = clauseDocumentName(consultationId, thread.clauseId, passage.language);
    let result: { before: string; anchor: { start: string; end: string } };
    try {
      result = await this.deps.documents.change(name, collabContextOf(person), (doc) => {
        const before = resolveAnchor(doc, passage);
        return {
          before: before.state === 'attached' ? before.text : '',
          anchor: applyProposal(doc, passage, proposal),
        };
      });
    } catch (error) {
      await this.deps.storage.updateThread(threadId, { applied: null }, null);
      if (error instanceof AnchorError) throw conflict(error.message, error.reason);
      throw error;
    }
    const audit = this.audit(actor, consultationId, 'thread.applyWording', `thread:${threadId}`, null, {
      language: passage.language,
      action: proposal.action,
      before: result.before,
      after: proposal.text,
    });
    // The thread's passage now follows the applied wording; its quote stays as first proposed.
    await this.deps.storage.updateThread(threadId, { passage: { ...passage, ...result.anchor }, updatedAt: at }, audit);
    return this.changed(actor, consultationId, threadId);
  }

  async moderate({ actor }: Acting, consultationId: string, threadId: string, request: ModerateThreadRequest) {
    const { thread } = await this.requireThread(consultationId, threadId);
    this.require(actor, 'thread.moderate', consultationId, { round: await this.round(consultationId) });
    let patch: ThreadPatch;
    let reason: string | null = null;
    const detail: Record<string, unknown> = {};
    switch (request.action) {
      case 'lock':
        patch = { locked: true };
        reason = request.reason ?? null;
        break;
      case 'unlock':
        patch = { locked: false };
        break;
      case 'resolve':
        patch = { status: 'resolved' };
        break;
      case 'reopen':
        patch = { status: 'open' };
        break;
      case 'markDuplicate': {
        if (request.duplicateOf === threadId)
          throw conflict('A thread cannot duplicate itself.', 'duplicate_of_itself');
        const original = await this.deps.storage.getThread(request.duplicateOf);
        if (original === null || original.thread.consultationId !== consultationId) throw notFound('Original thread');
        if (original.thread.duplicateOf === threadId)
          throw conflict('That thread is already marked as a duplicate of this one.', 'duplicate_cycle');
        patch = { duplicateOf: request.duplicateOf };
        detail.duplicateOf = request.duplicateOf;
        break;
      }
      case 'clearDuplicate':
        patch = { duplicateOf: null };
        break;
    }
    const unchanged = (Object.keys(patch) as (keyof ThreadPatch)[]).every((k) => thread[k] === patch[k]);
    if (unchanged) return this.view(actor, await this.requireThread(consultationId, threadId));
    const at = this.now();
    const audit = this.audit(actor, consultationId, `thread.${request.action}`, `thread:${threadId}`, reason, detail);
    await this.deps.storage.updateThread(threadId, { ...patch, updatedAt: at }, audit);
    return this.changed(actor, consultationId, threadId);
  }

  async hideComment({ actor }: Acting, consultationId: string, commentId: string, request: HideCommentRequest) {
    const { comment, thread } = await this.requireComment(consultationId, commentId);
    this.require(actor, 'thread.moderate', consultationId, { round: await this.round(consultationId) });
    if (comment.hidden !== null) return this.view(actor, await this.requireThread(consultationId, thread.id));
    const at = this.now();
    const audit = this.audit(actor, consultationId, 'comment.hide', `comment:${comment.id}`, request.reason, {
      threadId: thread.id,
    });
    await this.deps.storage.updateComment(
      comment.id,
      { hidden: { byId: actor.personId, at, reason: request.reason } },
      audit,
    );
    return this.changed(actor, consultationId, thread.id);
  }

  async unhideComment({ actor }: Acting, consultationId: string, commentId: string) {
    const { comment, thread } = await this.requireComment(consultationId, commentId);
    this.require(actor, 'thread.moderate', consultationId, { round: await this.round(consultationId) });
    if (comment.hidden === null) return this.view(actor, await this.requireThread(consultationId, thread.id));
    const audit = this.audit(actor, consultationId, 'comment.unhide', `comment:${comment.id}`, null, {
      threadId: thread.id,
      hiddenReason: comment.hidden.reason,
    });
    await this.deps.storage.updateComment(comment.id, { hidden: null }, audit);
    return this.changed(actor, consultationId, thread.id);
  }

  async listReviewStatuses({ actor }: Acting, consultationId: string): Promise<ReviewStatusView[]> {
    await this.requireReadable(actor, consultationId);
    const [stakeholders, records, people] = await Promise.all([
      this.deps.storage.listStakeholders(),
      this.deps.storage.listReviewStatuses(consultationId),
      this.people(),
    ]);
    return reviewStatusViews(stakeholders, records, people);
  }

  async setReviewStatus(
    { actor }: Acting,
    consultationId: string,
    stakeholderId: string,
    request: SetReviewStatusRequest,
  ): Promise<ReviewStatusView> {
    await this.requireReadable(actor, consultationId);
    this.require(actor, 'reviewStatus.set', consultationId, { stakeholderId });
    const stakeholder = await this.deps.storage.getStakeholder(stakeholderId);
    if (stakeholder === null) throw notFound('Stakeholder');
    if (stakeholder.kind === 'secretariat')
      throw conflict('The secretariat has no review status of its own.', 'secretariat_has_no_review_status');
    const at = this.now();
    const audit = this.audit(actor, consultationId, 'reviewStatus.set', `stakeholder:${stakeholderId}`, null, {
      status: request.status,
    });
    await this.deps.storage.setReviewStatus(
      { consultationId, stakeholderId, status: request.status, byId: actor.personId, at },
      audit,
    );
    this.deps.realtime.publish(consultationId, { type: 'reviewStatuses.changed' });
    const people = await this.people();
    return { stakeholderId, status: request.status, by: personRef(people, actor.personId), at };
  }

  /** The comments matrix as this person may see it (hidden comments as placeholders but for the secretariat). */
  async matrix({ actor }: Acting, consultationId: string, filters: MatrixFilters) {
    const consultation = await this.requireReadable(actor, consultationId);
    return { consultation, view: await this.matrixOf(actor, consultationId, filters) };
  }

  /** The matrix for a file to circulate: requires the export permission. */
  async matrixForExport({ actor }: Acting, consultationId: string, filters: MatrixFilters) {
    const consultation = await this.requireReadable(actor, consultationId);
    this.require(actor, 'matrix.export', consultationId);
    return { consultation, view: await this.matrixOf(actor, consultationId, filters) };
  }

  /** Everything the matrix is built from, each read once. */
  private async matrixOf(actor: Actor, consultationId: string, filters: MatrixFilters): Promise<MatrixView> {
    const [threads, framework, stakeholders, records, people, votes] = await Promise.all([
      this.deps.storage.listThreads(consultationId),
      this.deps.storage.getFramework(consultationId),
      this.deps.storage.listStakeholders(),
      this.deps.storage.listReviewStatuses(consultationId),
      this.people(),
      this.deps.storage.listVotes(consultationId),
    ]);
    if (framework === null) throw notFound('Consultation');
    return buildMatrix(
      {
        threads: await this.views(actor, threads, people),
        framework,
        stakeholders,
        reviewStatuses: reviewStatusViews(stakeholders, records, people),
        votes: votes.map((vote) => voteView(vote, people, actor)),
      },
      filters,
    );
  }

  async listAudit({ actor }: Acting, consultationId: string): Promise<AuditEntryView[]> {
    await this.requireReadable(actor, consultationId);
    this.require(actor, 'auditLog.read', consultationId);
    const [entries, people] = await Promise.all([
      this.deps.storage.listAudit(consultationId, AUDIT_PAGE),
      this.people(),
    ]);
    return entries.map(({ actorId, ...entry }) => ({ ...entry, actor: personRef(people, actorId) }));
  }

  /**
   * Every thread of the consultation as anyone on it may read them (hidden comments redacted,
   * passages resolved against the live text): what a published version keeps. No policy check:
   * the caller has made its own.
   */
  async publicThreadViews(consultationId: string): Promise<ThreadView[]> {
    return this.views(ANY_READER, await this.deps.storage.listThreads(consultationId));
  }

  // — helpers —

  private requireReadable(actor: Actor, consultationId: string): Promise<Consultation> {
    return requireReadableConsultation(this.deps.storage, actor, consultationId);
  }

  /** The current round for the policy's round rules; null when there is none (or no rounds at all). */
  private async round(consultationId: string): Promise<{ state: RoundState } | null> {
    return (await this.deps.rounds?.current(consultationId)) ?? null;
  }

  private require(
    actor: Actor,
    action: Action,
    consultationId: string,
    context: Omit<PolicyContext, 'consultationId'> = {},
  ): void {
    requireAllowed(actor, action, { consultationId, ...context });
  }

  private async requireCommentChange(
    actor: Actor,
    action: 'comment.edit' | 'comment.withdraw',
    comment: CommentRecord,
    thread: ThreadRecord,
  ): Promise<void> {
    this.require(actor, action, thread.consultationId, {
      round: await this.round(thread.consultationId),
      comment: {
        authorId: comment.authorId,
        withdrawn: comment.withdrawnAt !== null,
        threadHasResponse: thread.response !== null,
      },
    });
  }

  private async requireThread(consultationId: string, threadId: string): Promise<ThreadWithComments> {
    const found = await this.deps.storage.getThread(threadId);
    // Another consultation's thread does not exist from here.
    if (found === null || found.thread.consultationId !== consultationId) throw notFound('Thread');
    return found;
  }

  private async requireComment(consultationId: string, commentId: string) {
    const comment = await this.deps.storage.getComment(commentId);
    if (comment === null) throw notFound('Comment');
    const { thread } = await this.requireThread(consultationId, comment.threadId).catch(() => {
      throw notFound('Comment');
    });
    return { comment, thread };
  }

  private newComment(person: Person, threadId: string, body: string, at: number): CommentRecord {
    return {
      id: randomUUID(),
      threadId,
      authorId: person.id,
      stakeholderId: person.stakeholderId,
      body,
      createdAt: at,
      editedAt: null,
      withdrawnAt: null,
      hidden: null,
    };
  }

  private audit(
    actor: Actor,
    consultationId: string,
    action: AuditRecord['action'],
    target: string,
    reason: string | null,
    detail: Record<string, unknown>,
  ): AuditRecord {
    return { consultationId, actorId: actor.personId, action, target, reason, detail, at: this.now() };
  }

  private people(): Promise<PeopleById> {
    return peopleById(this.deps.storage);
  }

  /** Tells every page of the consultation, then answers with the thread as it now stands. */
  private async changed(actor: Actor, consultationId: string, threadId: string): Promise<ThreadView> {
    this.deps.realtime.publish(consultationId, { type: 'threads.changed', threadIds: [threadId] });
    return this.view(actor, await this.requireThread(consultationId, threadId));
  }

  private async view(actor: Actor, thread: ThreadWithComments): Promise<ThreadView> {
    const [view] = await this.views(actor, [thread]);
    if (view === undefined) throw new HttpError(500, 'internal', 'Internal error');
    return view;
  }

  /** Views with each passage resolved against the live text. */
  private async views(actor: Actor, threads: ThreadWithComments[], people?: PeopleById): Promise<ThreadView[]> {
    const known = people ?? (await this.people());
    const names = threads.flatMap(({ thread }) =>
      thread.passage ? [clauseDocumentName(thread.consultationId, thread.clauseId, thread.passage.language)] : [],
    );
    const anchors = await this.deps.documents.read(names, (docs) =>
      threads.map(({ thread }): AnchorState | null => {
        const { passage } = thread;
        if (passage === null) return null;
        const doc = docs.get(clauseDocumentName(thread.consultationId, thread.clauseId, passage.language));
        try {
          return doc ? resolveAnchor(doc, passage) : { state: 'detached' };
        } catch {
          return { state: 'detached' };
        }
      }),
    );
    return threads.map((thread, i) => threadView(thread, known, actor, anchors[i] ?? null));
  }
}

/**
 * Anchors a selection in the stored text. The client selected it in its own copy, which may be
 * a moment ahead or behind: if the quote is no longer at those offsets, the nearest occurrence
 * of the same quote is taken; if it is nowhere, the person is asked to select it again.
 */
function anchorSelection(doc: Y.Doc | undefined, selection: PassageSelection): StoredPassage {
  if (doc === undefined) throw notFound('Clause text');
  const text = clausePlainText(doc);
  let { start, end } = selection;
  if (text.slice(start, end) !== selection.quote) {
    const found = nearestOccurrence(text, selection.quote, start);
    if (found === null || selection.quote === '')
      throw conflict('The passage changed since you selected it: select it again.', 'passage_changed');
    start = found;
    end = found + selection.quote.length;
  }
  try {
    return { language: selection.language, quote: selection.quote, ...anchorPassage(doc, start, end) };
  } catch (error) {
    if (error instanceof AnchorError) throw new HttpError(400, 'invalid_input', error.message, error.reason);
    throw error;
  }
}

function nearestOccurrence(text: string, quote: string, near: number): number | null {
  let best: number | null = null;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    if (best === null || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best;
}

function collabContextOf(person: Person) {
  return {
    person,
    presence: {
      personId: person.id,
      name: person.name,
      role: person.role,
      stakeholderId: person.stakeholderId,
      stakeholderName: null,
    },
    session: { revoked: false },
  };
}

/** One status per member state and partner; those nobody set yet are "not started". */
function reviewStatusViews(
  stakeholders: Stakeholder[],
  records: ReviewStatusRecord[],
  people: PeopleById,
): ReviewStatusView[] {
  const byStakeholder = new Map(records.map((r) => [r.stakeholderId, r]));
  return stakeholders
    .filter((s) => s.kind !== 'secretariat')
    .map((s) => {
      const record = byStakeholder.get(s.id);
      return record
        ? { stakeholderId: s.id, status: record.status, by: personRef(people, record.byId), at: record.at }
        : { stakeholderId: s.id, status: 'not_started', by: null, at: null };
    });
}
