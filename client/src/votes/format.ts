import {
  type Language,
  type LocalizedText,
  type MatrixVote,
  VOTE_OUTCOMES,
  type VoteChoice,
  type VoteResult,
  type VoteRule,
  type VoteSubject,
  type VoteTally,
  type VoteView,
  voteChoiceSchema,
  voteRuleSchema,
  voteSubjectSchema,
} from '@accord/shared';
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { refusedMessage } from '../api/errorMessage.ts';

/** Pure helpers of the votes' UI: sentences, the chart's segments, time left, the form's defaults. */

/** A member state's place in the tally: its choice, or `none` (not voted yet). */
export type TallyChoice = VoteChoice | 'none';

/** The chart's order: agreement fills from the left, not voted stays at the right. */
export const TALLY_ORDER: readonly TallyChoice[] = ['agree', 'object', 'abstain', 'none'];

export interface ChartSegment {
  choice: TallyChoice;
  count: number;
  /** Where the segment starts and how wide it is, in percent of the bar. */
  start: number;
  width: number;
}

export function tallyCount(tally: VoteTally, choice: TallyChoice): number {
  return choice === 'none' ? tally.notVoted : tally[choice];
}

/** The bar's segments over all member states; choices nobody made take no room. */
export function chartSegments(tally: VoteTally): ChartSegment[] {
  const total = TALLY_ORDER.reduce((sum, choice) => sum + tallyCount(tally, choice), 0);
  if (total === 0) return [];
  const segments: ChartSegment[] = [];
  let start = 0;
  for (const choice of TALLY_ORDER) {
    const count = tallyCount(tally, choice);
    if (count === 0) continue;
    const width = (count / total) * 100;
    segments.push({ choice, count, start, width });
    start += width;
  }
  return segments;
}

/** The chart's text alternative: every count, and of how many. */
export function chartLabel(tally: VoteTally, t: TFunction): string {
  return t('votes.chart.label', {
    agree: tally.agree,
    object: tally.object,
    abstain: tally.abstain,
    none: tally.notVoted,
    total: tally.voted + tally.notVoted,
  });
}

/**
 * Time left until `closesAt` as people say it: "4 min 30 s left", "2 h 5 min left", "3 days 2 h
 * left"; "Closing…" once it passed (until the server says the vote closed). Rounded up to the
 * second: "1 s left" shows until the very end.
 */
export function formatTimeLeft(ms: number, t: TFunction): string {
  if (ms <= 0) return t('votes.timeLeft.closing');
  const total = Math.ceil(ms / 1000);
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (days > 0) return t('votes.timeLeft.days', { count: days, h });
  if (h > 0) return t('votes.timeLeft.hours', { h, m });
  if (m > 0) return t('votes.timeLeft.minutes', { m, s });
  return t('votes.timeLeft.seconds', { s });
}

/** "Thailand and Viet Nam": names as a list in the reader's language. */
export function listNames(names: readonly string[], language: Language): string {
  return new Intl.ListFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { type: 'conjunction' }).format(names);
}

/**
 * The result in a few words: "Adopted by consensus", "Not adopted (Thailand objected)", "No quorum
 * (3 of 4 needed)".
 */
export function resultText(
  result: VoteResult,
  rule: VoteRule,
  nameOf: (stakeholderId: string) => string,
  t: TFunction,
  language: Language,
): string {
  const { tally } = result;
  switch (result.reason) {
    case 'quorum_not_reached':
      return t('votes.reason.quorum_not_reached', { voted: tally.voted, quorum: rule.quorum });
    case 'objection':
      return t('votes.reason.objection', { names: listNames(result.objectors.map(nameOf), language) });
    case 'no_objection':
    case 'no_support':
      return t(`votes.reason.${result.reason}`);
    case 'more_agree':
    case 'more_object':
    case 'tie':
      return t(`votes.reason.${result.reason}`, { agree: tally.agree, object: tally.object });
  }
}

/** "If it closed now: …" while open; "Result: …" once closed. */
export function resultSentence(
  vote: Pick<VoteView, 'state' | 'result' | 'rule'>,
  nameOf: (stakeholderId: string) => string,
  t: TFunction,
  language: Language,
): string {
  const result = resultText(vote.result, vote.rule, nameOf, t, language);
  return vote.state === 'open' ? t('votes.ifClosedNow', { result }) : t('votes.finalResult', { result });
}

/** "Consensus, quorum 4 of 6 member states". */
export function ruleSentence(rule: VoteRule, memberStateCount: number, t: TFunction): string {
  return t('votes.rule.summary', { rule: t(`votes.rule.${rule.kind}`), quorum: rule.quorum, total: memberStateCount });
}

/** "5 agree, 0 object, 1 abstain". */
export function tallyText(tally: VoteTally, t: TFunction): string {
  return t('votes.tally', { agree: tally.agree, object: tally.object, abstain: tally.abstain });
}

/** The Votes page's order: open votes newest first, then closed ones, the latest closed first. */
export function orderForPage(votes: readonly VoteView[]): { open: VoteView[]; closed: VoteView[] } {
  const open = votes.filter((vote) => vote.state === 'open').sort((a, b) => b.openedAt - a.openedAt);
  const closed = votes
    .filter((vote) => vote.state === 'closed')
    .sort((a, b) => (b.closedAt ?? b.openedAt) - (a.closedAt ?? a.openedAt));
  return { open, closed };
}

/** The votes still standing: those no later vote on the same subject replaced. */
export function standing(votes: readonly VoteView[]): VoteView[] {
  return votes.filter((vote) => vote.supersededBy === null);
}

/** A quorum most rules would start from: more than half of the member states. */
export function defaultQuorum(memberStateCount: number): number {
  if (memberStateCount <= 0) return 1;
  return Math.min(memberStateCount, Math.ceil(memberStateCount / 2) + 1);
}

/** What a vote's subject is, for the sentences: the thread's number and the clause's. */
export interface SubjectInfo {
  threadNumber: number | null;
  clauseNumber: string | null;
}

const subjectKey = (subject: VoteSubject, info: SubjectInfo) => {
  if (subject.kind === 'framework') return 'framework' as const;
  if (subject.kind === 'clause') return info.clauseNumber === null ? ('clauseUnknown' as const) : ('clause' as const);
  const known = info.threadNumber !== null && info.clauseNumber !== null;
  if (subject.kind === 'response') return known ? ('response' as const) : ('responseUnknown' as const);
  return known ? ('proposal' as const) : ('proposalUnknown' as const);
};

/** "the response to #3 on clause 4.3", "clause 4.3", "the whole framework". */
export function subjectText(subject: VoteSubject, info: SubjectInfo, t: TFunction): string {
  return t(`votes.subject.${subjectKey(subject, info)}`, {
    number: info.threadNumber ?? '',
    clause: info.clauseNumber ?? '',
  });
}

/**
 * The question a new vote starts with, in both languages whatever the reader's: "Do the member
 * states agree with the secretariat's response to #3 on clause 4.3?" / "成员国是否同意…？".
 */
export function defaultQuestion(
  subject: VoteSubject,
  info: SubjectInfo,
  tEn: TFunction,
  tZh: TFunction,
): LocalizedText {
  const key = subjectKey(subject, info);
  const values = { number: info.threadNumber ?? '', clause: info.clauseNumber ?? '' };
  return {
    en: tEn(`votes.form.defaultQuestion.${key}`, values),
    zh: tZh(`votes.form.defaultQuestion.${key}`, values),
  };
}

/** The choices of "Closes in". */
export const CLOSING_CHOICES = ['none', 'm5', 'm15', 'h1', 'd1', 'custom'] as const;
export type ClosingChoice = (typeof CLOSING_CHOICES)[number];

const CLOSING_DURATIONS: Record<Exclude<ClosingChoice, 'none' | 'custom'>, number> = {
  m5: 5 * 60_000,
  m15: 15 * 60_000,
  h1: 60 * 60_000,
  d1: 24 * 60 * 60_000,
};

/**
 * The closing time to send: null for none; `serverNow` plus the duration chosen; or the
 * `datetime-local` value chosen (read in this browser's time zone), which must be later than
 * `now`. `invalid` when it is not.
 */
export function closingTime(
  choice: ClosingChoice,
  custom: string,
  serverNow: number,
  now: number,
): number | null | 'invalid' {
  if (choice === 'none') return null;
  if (choice !== 'custom') return serverNow + CLOSING_DURATIONS[choice];
  if (custom === '') return 'invalid';
  const at = new Date(custom).getTime();
  if (!Number.isFinite(at) || at <= now) return 'invalid';
  return at;
}

/**
 * A vote in the matrix's response column: "Vote: Adopted by consensus — 5 agree, 0 object,
 * 1 abstain (closed 25 Nov)", or "Vote open: 3 of 6 voted".
 */
export function matrixVoteSummary(vote: MatrixVote, t: TFunction, formatDate: (at: number) => string): string {
  const { tally, outcome } = vote.result;
  if (vote.state === 'open') return t('votes.matrix.open', { voted: tally.voted, total: tally.voted + tally.notVoted });
  const outcomeKey = outcome === 'adopted' ? (`adopted_${vote.rule.kind}` as const) : outcome;
  return t('votes.matrix.closed', {
    outcome: t(`votes.matrix.outcome.${outcomeKey}`),
    tally: tallyText(tally, t),
    date: vote.closedAt === null ? '' : formatDate(vote.closedAt),
  });
}

/** A sentence for a failed vote action: the server's reason for a refusal (translated if known), else a general one. */
export function describeVoteError(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 401) return t('votes.errors.signedOut');
    if (error.status === 404) return t('votes.errors.notFound');
    if (error.status === 400 || error.status === 403 || error.status === 409) return refusedMessage(error, t);
    if (error.status === 429) return t('votes.errors.tooMany');
  }
  return t('errors.generic');
}

const VOTE_AUDIT_ACTIONS = ['vote.open', 'vote.close', 'vote.ballot'] as const;
export type VoteAuditAction = (typeof VOTE_AUDIT_ACTIONS)[number];

export function isVoteAuditAction(action: string): action is VoteAuditAction {
  return (VOTE_AUDIT_ACTIONS as readonly string[]).includes(action);
}

function isTally(value: unknown): value is VoteTally {
  if (typeof value !== 'object' || value === null) return false;
  const tally = value as Record<string, unknown>;
  return ['agree', 'object', 'abstain', 'voted', 'notVoted'].every((key) => typeof tally[key] === 'number');
}

/**
 * An audit entry of a vote in words: "Lao PDR: Agree → Object" (a ballot changed), "Adopted —
 * 5 agree, 0 object, 1 abstain" (closed), "On clause 4.3; Consensus, quorum 4" (opened). Null
 * when the detail is not what this client knows (the table then lists it as it is).
 */
export function describeVoteAudit(
  action: VoteAuditAction,
  detail: Record<string, unknown>,
  nameOf: (stakeholderId: string) => string,
  infoOf: (subject: VoteSubject) => SubjectInfo,
  t: TFunction,
): string | null {
  switch (action) {
    case 'vote.ballot': {
      const to = voteChoiceSchema.safeParse(detail.to);
      const from = voteChoiceSchema.safeParse(detail.from);
      if (typeof detail.stakeholderId !== 'string' || !to.success) return null;
      const stakeholder = nameOf(detail.stakeholderId);
      const toText = t(`votes.choice.${to.data}`);
      return from.success
        ? t('votes.audit.ballot', { stakeholder, from: t(`votes.choice.${from.data}`), to: toText })
        : t('votes.audit.ballotFirst', { stakeholder, to: toText });
    }
    case 'vote.close': {
      const result = detail.result;
      if (typeof result !== 'object' || result === null) return null;
      const { outcome, tally } = result as { outcome?: unknown; tally?: unknown };
      const known = VOTE_OUTCOMES.find((o) => o === outcome);
      if (known === undefined || !isTally(tally)) return null;
      return t('votes.audit.close', { outcome: t(`votes.outcome.${known}`), tally: tallyText(tally, t) });
    }
    case 'vote.open': {
      const subject = voteSubjectSchema.safeParse(detail.subject);
      const rule = voteRuleSchema.safeParse(detail.rule);
      if (!subject.success || !rule.success) return null;
      return t('votes.audit.open', {
        subject: subjectText(subject.data, infoOf(subject.data), t),
        rule: t('votes.rule.short', { rule: t(`votes.rule.${rule.data.kind}`), quorum: rule.data.quorum }),
      });
    }
  }
}
