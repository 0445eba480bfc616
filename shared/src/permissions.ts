import type { RefusalReason } from './api.ts';
import type { Role } from './model.ts';
import type { RoundState } from './rounds.ts';

/**
 * Everything a person may try to do. Typed names, one table, one `decide()`:
 * call sites never compare role strings.
 */
export const ACTIONS = [
  'consultation.read',
  'clause.editText',
  'thread.comment',
  'thread.reply',
  'thread.respond',
  'thread.applyWording',
  'thread.moderate',
  'comment.edit',
  'comment.withdraw',
  'comment.readHidden',
  'reviewStatus.set',
  'matrix.export',
  'vote.cast',
  'vote.advise',
  'vote.manage',
  'version.publish',
  'version.restore',
  'auditLog.read',
  'consultation.manage',
  'round.manage',
  'translation.confirm',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who is acting, as the server knows them from the session. */
export interface Actor {
  personId: string;
  role: Role;
  stakeholderId: string | null;
}

/**
 * What the action is on, as far as the rules need it. Absent fields mean "any": the role table
 * alone decides (that is what `capabilities()` reports for the client to mirror).
 */
export interface PolicyContext {
  consultationId?: string;
  /** The thread replied to. */
  thread?: { locked: boolean };
  /** The comment edited or withdrawn. */
  comment?: { authorId: string; withdrawn: boolean; threadHasResponse: boolean };
  /** The stakeholder whose review status is set, or for whom a ballot is cast. */
  stakeholderId?: string;
  /** The vote a ballot is cast in. */
  vote?: { open: boolean; advisory: boolean };
  /**
   * The consultation's current round, in its effective state at the time of the action
   * (`currentRound`). Absent or null: no current round, no round rule (a workshop).
   */
  round?: { state: RoundState } | null;
}

/**
 * `forbidden`: this person may never do it (HTTP 403). `conflict`: they may, but not in the
 * state the thing is in now (HTTP 409), e.g. replying to a locked thread. `reason` says why in
 * English; `code` says it for machines (and for the client to translate).
 */
export type Decision =
  | { allowed: true }
  | { allowed: false; reason: string; code: RefusalReason; refusal: 'forbidden' | 'conflict' };

const everyone: Role[] = ['secretariat', 'delegate', 'partner', 'observer'];
const contributors: Role[] = ['secretariat', 'delegate', 'partner'];

/** Role → actions. The secretariat can do everything; partners comment but neither edit nor vote. */
const GRANTS: Record<Action, readonly Role[]> = {
  'consultation.read': everyone,
  'clause.editText': ['secretariat', 'delegate'],
  'thread.comment': contributors,
  'thread.reply': contributors,
  'thread.respond': ['secretariat'],
  'thread.applyWording': ['secretariat'],
  'thread.moderate': ['secretariat'],
  // Authors only, checked below: the table says which roles can be authors at all.
  'comment.edit': contributors,
  'comment.withdraw': contributors,
  'comment.readHidden': ['secretariat'],
  'reviewStatus.set': contributors,
  'matrix.export': everyone,
  // Member states vote through their delegates; partners only advise (never counted).
  'vote.cast': ['delegate'],
  'vote.advise': ['partner'],
  'vote.manage': ['secretariat'],
  // Reading versions and comparing them is `consultation.read`: everyone on the consultation.
  'version.publish': ['secretariat'],
  // Starting a new draft from a version rewrites every clause that differs: the secretariat's.
  'version.restore': ['secretariat'],
  'auditLog.read': ['secretariat'],
  'consultation.manage': ['secretariat'],
  'round.manage': ['secretariat'],
  // Those who write the text say when its two languages are in line again.
  'translation.confirm': ['secretariat', 'delegate'],
};

const allowed: Decision = { allowed: true };
const forbidden = (code: RefusalReason, reason: string): Decision => ({
  allowed: false,
  reason,
  code,
  refusal: 'forbidden',
});
const conflict = (code: RefusalReason, reason: string): Decision => ({
  allowed: false,
  reason,
  code,
  refusal: 'conflict',
});

/**
 * What the current round allows, after the role table: delegates edit text only while drafting
 * (the secretariat in any state but closed); comments, replies and authors' edits or withdrawals
 * of their comments only while open (the secretariat's also in consolidation); responses, applied
 * wordings, moderation and restoring a version in any state but closed. Votes, review statuses and
 * reading are not restricted by rounds.
 */
function roundDecision(actor: Actor, action: Action, state: RoundState): Decision {
  const secretariat = actor.role === 'secretariat';
  switch (action) {
    case 'clause.editText':
      if (state === 'closed') return conflict('round_closed', 'The round is closed: the text no longer changes.');
      if (!secretariat && state !== 'drafting')
        return conflict('round_not_drafting', 'The round is not in drafting: only the secretariat edits the text now.');
      return allowed;
    case 'thread.comment':
    case 'thread.reply':
    // Authors change their comments while comments are taken, not once the secretariat consolidates.
    case 'comment.edit':
    case 'comment.withdraw':
      if (state === 'closed') return conflict('round_closed', 'The round is closed: it takes no more comments.');
      if (state === 'open' || (secretariat && state === 'consolidation')) return allowed;
      return conflict(
        'round_not_open',
        state === 'drafting'
          ? 'The round is not open for comments yet.'
          : 'The round is no longer open for comments: only the secretariat responds now.',
      );
    case 'thread.respond':
    case 'thread.applyWording':
    case 'thread.moderate':
    case 'translation.confirm':
    // Restoring rewrites the text, as the secretariat's editing does: not once the round is closed.
    case 'version.restore':
      if (state === 'closed') return conflict('round_closed', 'The round is closed: nothing changes any more.');
      return allowed;
    default:
      return allowed;
  }
}

export function decide(actor: Actor, action: Action, context: PolicyContext = {}): Decision {
  if (!GRANTS[action].includes(actor.role)) return forbidden('role', `role "${actor.role}" may not ${action}`);
  if (context.round) {
    const decision = roundDecision(actor, action, context.round.state);
    if (!decision.allowed) return decision;
  }
  switch (action) {
    case 'thread.reply':
      if (context.thread?.locked) return conflict('thread_locked', 'The thread is locked: it takes no more replies.');
      return allowed;
    case 'comment.edit':
    case 'comment.withdraw': {
      const { comment } = context;
      if (!comment) return allowed;
      if (comment.authorId !== actor.personId) return forbidden('not_author', 'Only its author may change a comment.');
      if (comment.withdrawn) return conflict('comment_withdrawn', 'The comment was withdrawn.');
      if (comment.threadHasResponse)
        return conflict(
          'already_responded',
          'The secretariat has responded to this thread: its comments can no longer change.',
        );
      return allowed;
    }
    case 'reviewStatus.set':
      if (actor.role === 'secretariat' || context.stakeholderId === undefined) return allowed;
      if (context.stakeholderId !== actor.stakeholderId)
        return forbidden('own_stakeholder_only', 'You may set the review status of your own stakeholder only.');
      return allowed;
    case 'vote.cast':
    case 'vote.advise': {
      if (context.stakeholderId !== undefined && context.stakeholderId !== actor.stakeholderId)
        return forbidden(
          'own_stakeholder_only',
          action === 'vote.cast'
            ? 'You may vote for your own country only.'
            : 'You may give the position of your own organisation only.',
        );
      const { vote } = context;
      if (vote === undefined) return allowed;
      if (action === 'vote.advise' && !vote.advisory)
        return forbidden('advisory_not_enabled', 'This vote takes no advisory positions from partners.');
      if (!vote.open) return conflict('vote_closed', 'The vote is closed: its result is final.');
      return allowed;
    }
    default:
      return allowed;
  }
}

export function can(actor: Actor, action: Action, context: PolicyContext = {}): boolean {
  return decide(actor, action, context).allowed;
}

/** The set of actions an actor may take, for the client to mirror. */
export function capabilities(actor: Actor, context: PolicyContext = {}): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(actor, a, context)])) as Record<Action, boolean>;
}
