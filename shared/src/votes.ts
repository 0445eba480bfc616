import { z } from 'zod';
import type { PersonRef } from './comments.ts';
import { idSchema, type LocalizedText } from './model.ts';

/**
 * Votes of the member states: the secretariat calls one on a thread's response, a proposed
 * wording, a clause or the whole framework; each member state casts one ballot (any of its
 * delegates, the latest counts); the result is computed by `computeVoteResult` and frozen
 * when the vote closes. Partners may give advisory positions, never counted.
 */

export const VOTE_CHOICES = ['agree', 'object', 'abstain'] as const;
export const voteChoiceSchema = z.enum(VOTE_CHOICES);
export type VoteChoice = z.infer<typeof voteChoiceSchema>;

export const VOTE_SUBJECT_KINDS = ['response', 'proposal', 'clause', 'framework'] as const;
export type VoteSubjectKind = (typeof VOTE_SUBJECT_KINDS)[number];

/** What a vote decides. `response`/`proposal` are a thread's; `framework` is the whole draft. */
export const voteSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('response'), threadId: idSchema }),
  z.object({ kind: z.literal('proposal'), threadId: idSchema }),
  z.object({ kind: z.literal('clause'), clauseId: idSchema }),
  z.object({ kind: z.literal('framework') }),
]);
export type VoteSubject = z.infer<typeof voteSubjectSchema>;

/** The thread, clause or consultation a subject points at: one key per subject. */
export function voteSubjectKey(subject: VoteSubject, consultationId: string): string {
  switch (subject.kind) {
    case 'response':
    case 'proposal':
      return subject.threadId;
    case 'clause':
      return subject.clauseId;
    case 'framework':
      return consultationId;
  }
}

export const VOTE_RULE_KINDS = ['consensus', 'majority'] as const;
export type VoteRuleKind = (typeof VOTE_RULE_KINDS)[number];

/**
 * `consensus`: adopted when no member state objects, at least one agrees, and at least
 * `quorum` states voted (abstaining counts as voting). `majority`: adopted when more states
 * agree than object among at least `quorum` states voting; a tie is not adopted.
 */
export const voteRuleSchema = z.object({
  kind: z.enum(VOTE_RULE_KINDS),
  quorum: z.number().int().min(1).max(100),
});
export type VoteRule = z.infer<typeof voteRuleSchema>;

const NUL_FREE = (value: string) => !value.includes('\u0000');
const questionText = () => z.string().trim().max(2000).refine(NUL_FREE, 'must not contain NUL characters');

export const MAX_VOTE_DURATION_MS = 90 * 24 * 60 * 60 * 1000;

export const openVoteRequestSchema = z.object({
  subject: voteSubjectSchema,
  question: z
    .object({ en: questionText(), zh: questionText() })
    .refine((q) => q.en !== '' || q.zh !== '', { message: 'ask the question in Chinese or English' }),
  rule: voteRuleSchema,
  /** Partners may give advisory positions (shown apart, never counted). */
  advisory: z.boolean().default(false),
  /** Epoch milliseconds; absent: open until the secretariat closes it. */
  closesAt: z.number().int().positive().nullable().default(null),
});
export type OpenVoteRequest = z.input<typeof openVoteRequestSchema>;
export type OpenVoteInput = z.output<typeof openVoteRequestSchema>;

export const castBallotRequestSchema = z.object({ choice: voteChoiceSchema });
export type CastBallotRequest = z.infer<typeof castBallotRequestSchema>;

/** One ballot as the rule reads it: a member state and its choice. */
export interface BallotInput {
  stakeholderId: string;
  choice: VoteChoice;
}

export interface VoteTally {
  agree: number;
  object: number;
  abstain: number;
  /** Member states that cast a ballot (any choice). */
  voted: number;
  /** Member states that did not. */
  notVoted: number;
}

export const VOTE_OUTCOMES = ['adopted', 'not_adopted', 'no_quorum'] as const;
export type VoteOutcome = (typeof VOTE_OUTCOMES)[number];

/** Why the outcome is what it is, for people to read ("Not adopted: Thailand objected"). */
export const VOTE_RESULT_REASONS = [
  'quorum_not_reached',
  'no_objection',
  'objection',
  'no_support',
  'more_agree',
  'more_object',
  'tie',
] as const;
export type VoteResultReason = (typeof VOTE_RESULT_REASONS)[number];

export interface VoteResult {
  outcome: VoteOutcome;
  reason: VoteResultReason;
  tally: VoteTally;
  /** Member states that objected, in the order given: a consensus fails on them. */
  objectors: string[];
}

/**
 * The rule, as one pure function: the server freezes its answer when a vote closes and the
 * pages show it as "if it closed now" while it is open.
 *
 * `ballots` may hold several ballots of a state, oldest first (a delegation changed its vote):
 * the latest counts. Ballots of anyone not in `memberStates` are ignored (partners advise).
 * The quorum is checked first: without it nothing is decided, whatever was cast.
 */
export function computeVoteResult(
  rule: VoteRule,
  memberStates: readonly string[],
  ballots: readonly BallotInput[],
): VoteResult {
  const members = new Set(memberStates);
  const latest = new Map<string, VoteChoice>();
  for (const ballot of ballots) if (members.has(ballot.stakeholderId)) latest.set(ballot.stakeholderId, ballot.choice);

  const tally: VoteTally = {
    agree: 0,
    object: 0,
    abstain: 0,
    voted: latest.size,
    notVoted: members.size - latest.size,
  };
  const objectors: string[] = [];
  for (const state of memberStates) {
    const choice = latest.get(state);
    if (choice === undefined) continue;
    tally[choice] += 1;
    if (choice === 'object' && !objectors.includes(state)) objectors.push(state);
  }

  const result = (outcome: VoteOutcome, reason: VoteResultReason): VoteResult => ({
    outcome,
    reason,
    tally,
    objectors,
  });
  if (tally.voted < rule.quorum) return result('no_quorum', 'quorum_not_reached');
  if (rule.kind === 'consensus') {
    if (tally.object > 0) return result('not_adopted', 'objection');
    if (tally.agree === 0) return result('not_adopted', 'no_support');
    return result('adopted', 'no_objection');
  }
  if (tally.agree === 0 && tally.object === 0) return result('not_adopted', 'no_support');
  if (tally.agree > tally.object) return result('adopted', 'more_agree');
  if (tally.agree < tally.object) return result('not_adopted', 'more_object');
  return result('not_adopted', 'tie');
}

/** One member state's or partner's ballot as a reader sees it. */
export interface BallotView {
  stakeholderId: string;
  choice: VoteChoice;
  at: number;
  /** Who cast it: shown to the stakeholder's own people and to the secretariat only. */
  by: PersonRef | null;
}

export type VoteState = 'open' | 'closed';

export interface VoteView {
  id: string;
  consultationId: string;
  subject: VoteSubject;
  question: LocalizedText;
  rule: VoteRule;
  advisory: boolean;
  state: VoteState;
  openedBy: PersonRef;
  openedAt: number;
  /** Null: open until the secretariat closes it. */
  closesAt: number | null;
  closedAt: number | null;
  /** Null when it closed at its closing time. */
  closedBy: PersonRef | null;
  /** The member states, in the order the tally shows them. */
  memberStates: string[];
  /** Member states' ballots (the counted ones). */
  ballots: BallotView[];
  /** Partners' advisory positions: shown apart, never counted. */
  advisoryPositions: BallotView[];
  /** Frozen when closed; while open, the result if it closed now. */
  result: VoteResult;
  /** The earlier vote on the same subject this one replaces, and the later one replacing it. */
  supersedes: string | null;
  supersededBy: string | null;
}

export interface VoteListResponse {
  votes: VoteView[];
  /** The server's clock when it answered, so pages count time left by it, not their own. */
  serverNow: number;
}

/** Labels for exports (the client has its own i18n). */
export const VOTE_OUTCOME_LABELS: Record<VoteOutcome, LocalizedText> = {
  adopted: { en: 'Adopted', zh: '通过' },
  not_adopted: { en: 'Not adopted', zh: '未通过' },
  no_quorum: { en: 'No quorum', zh: '未达法定人数' },
};

export const VOTE_CHOICE_LABELS: Record<VoteChoice, LocalizedText> = {
  agree: { en: 'Agree', zh: '赞成' },
  object: { en: 'Object', zh: '反对' },
  abstain: { en: 'Abstain', zh: '弃权' },
};

export const VOTE_RULE_LABELS: Record<VoteRuleKind, LocalizedText> = {
  consensus: { en: 'Consensus', zh: '协商一致' },
  majority: { en: 'Majority', zh: '多数' },
};
