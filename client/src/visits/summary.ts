import type {
  ClauseComparison,
  DiffPart,
  Language,
  LocalizedText,
  MarkSeenRequest,
  SinceLastVisit,
} from '@accord/shared';
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { refusedMessage } from '../api/errorMessage.ts';

/**
 * Pure helpers of "Since your last visit": the texts to mark seen, the order the panel steps
 * through its items in, its counts, and "3 days ago".
 */

/** The text a word diff leads to (its `to` side): the `same` and `insert` parts, in order. */
export function diffTarget(parts: readonly DiffPart[]): string {
  return parts
    .filter((part) => part.op !== 'delete')
    .map((part) => part.text)
    .join('');
}

/** The draft text of a listed clause in both languages, as the panel showed it. */
export function shownText(clause: Pick<ClauseComparison, 'text'>): LocalizedText {
  return { en: diffTarget(clause.text.en.parts), zh: diffTarget(clause.text.zh.parts) };
}

/** The texts to send to mark clauses seen, by clause id: what the panel showed of each. */
export function seenTexts(clauses: readonly ClauseComparison[]): Record<string, LocalizedText> {
  // Own properties whatever the id (one named "__proto__" too): ids are opaque.
  return Object.fromEntries(clauses.map((clause) => [clause.clauseId, shownText(clause)]));
}

/**
 * Marks one clause seen, as shown: its text becomes the one this person has seen. The activity
 * lists stay as they are: the mark says "seen up to the baseline" (`since`), and the server never
 * moves a baseline back, so only the clause changes.
 */
export function markClauseRequest(summary: SinceLastVisit, clause: ClauseComparison): MarkSeenRequest {
  return { generatedAt: summary.since ?? 0, clauses: seenTexts([clause]) };
}

/**
 * Marks everything listed seen: every clause as shown (an edit made since the summary stays
 * new) and the activity up to the summary's time.
 */
export function markAllRequest(summary: SinceLastVisit): MarkSeenRequest {
  return { generatedAt: summary.generatedAt, clauses: seenTexts(summary.clauses) };
}

/** Nothing listed: every change is seen. */
export function isUpToDate(summary: SinceLastVisit): boolean {
  return (
    summary.clauses.length === 0 &&
    summary.responsesToMine.length === 0 &&
    summary.newThreads.length === 0 &&
    summary.newReplies.length === 0 &&
    summary.votes.length === 0
  );
}

// — Stepping through —

/** The panel's groups, in the order it shows them and steps through them. */
export const ITEM_KINDS = ['clause', 'response', 'thread', 'replies', 'vote'] as const;
export type SinceItemKind = (typeof ITEM_KINDS)[number];

/** One item of the panel: a changed clause, a response, a new thread, new replies, a vote event. */
export interface SinceItem {
  kind: SinceItemKind;
  /** Unique among the items of its kind (a vote opened and closed is two items). */
  key: string;
}

export const voteItemKey = (vote: { voteId: string; event: string }) => `${vote.voteId}:${vote.event}`;

/** Every item, in the order "Next change" visits them: clauses first, then responses, threads, replies, votes. */
export function sinceItems(summary: SinceLastVisit): SinceItem[] {
  return [
    ...summary.clauses.map((clause) => ({ kind: 'clause' as const, key: clause.clauseId })),
    ...summary.responsesToMine.map((response) => ({ kind: 'response' as const, key: response.threadId })),
    ...summary.newThreads.map((thread) => ({ kind: 'thread' as const, key: thread.threadId })),
    ...summary.newReplies.map((replies) => ({ kind: 'replies' as const, key: replies.threadId })),
    ...summary.votes.map((vote) => ({ kind: 'vote' as const, key: voteItemKey(vote) })),
  ];
}

/** An item's element id (focused and scrolled to when stepping). */
export const sinceItemElementId = (item: SinceItem) => `since-${item.kind}-${item.key}`;

/**
 * Where "Next change" (+1) or "Previous change" (-1) goes from `current` (-1: no item yet):
 * the next item, the first one from none; never past either end.
 */
export function stepIndex(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0 || current >= count) return direction === 1 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + direction));
}

/** Whether stepping that way goes anywhere (the button is disabled otherwise). */
export function canStep(current: number, count: number, direction: 1 | -1): boolean {
  if (count === 0) return false;
  if (current < 0 || current >= count) return direction === 1;
  return direction === 1 ? current < count - 1 : current > 0;
}

// — Counts —

export const COUNT_KINDS = ['clauses', 'responses', 'threads', 'replies', 'votes'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

/** How much changed, by kind: replies are counted one by one, vote events one each. */
export function sinceCounts(summary: SinceLastVisit): Record<CountKind, number> {
  return {
    clauses: summary.clauses.length,
    responses: summary.responsesToMine.length,
    threads: summary.newThreads.length,
    replies: summary.newReplies.reduce((sum, replies) => sum + replies.count, 0),
    votes: summary.votes.length,
  };
}

/** The chips of the panel's heading: the kinds with something to show, in order. */
export function countChips(summary: SinceLastVisit): { kind: CountKind; count: number }[] {
  const counts = sinceCounts(summary);
  return COUNT_KINDS.filter((kind) => counts[kind] > 0).map((kind) => ({ kind, count: counts[kind] }));
}

// — Time —

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `at` was, from `now`, in the reader's language: "now", "5 minutes ago", "3 hours
 * ago", "yesterday", "3 days ago", "2 months ago", "last year" / "现在", "3天前"…
 */
export function agoText(at: number, now: number, language: Language): string {
  const format = new Intl.RelativeTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', { numeric: 'auto' });
  const elapsed = Math.max(0, now - at);
  if (elapsed < MINUTE) return format.format(0, 'second');
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  const days = Math.floor(elapsed / DAY);
  if (days < 30) return format.format(-days, 'day');
  if (days < 365) return format.format(-Math.floor(days / 30), 'month');
  return format.format(-Math.floor(days / 365), 'year');
}

/** A sentence for a failed request: the server's reason for a refusal (translated if known), else a general one. */
export function describeVisitError(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 401) return t('visits.errors.signedOut');
    if (error.status === 404) return t('visits.errors.notFound');
    if (error.status === 400 || error.status === 403 || error.status === 409) return refusedMessage(error, t);
    if (error.status === 429) return t('visits.errors.tooMany');
  }
  return t('errors.generic');
}
