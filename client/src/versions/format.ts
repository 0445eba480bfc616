import type {
  ClauseComparison,
  ClauseSnapshot,
  CompareSide,
  DiffPart,
  FrameworkSnapshot,
  Language,
  LocalizedText,
  SectionSnapshot,
  ThreadView,
} from '@accord/shared';
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { refusedMessage } from '../api/errorMessage.ts';

export const otherLanguage = (language: Language): Language => (language === 'en' ? 'zh' : 'en');

/** A text in the reader's language, else in the other one (with its language, for `lang`); null if blank in both. */
export function localized(text: LocalizedText, language: Language): { text: string; lang: Language } | null {
  const own = text[language].trim();
  if (own !== '') return { text: own, lang: language };
  const other = otherLanguage(language);
  const fallback = text[other].trim();
  return fallback === '' ? null : { text: fallback, lang: other };
}

/** A version's title as the reader reads it: theirs, else the other language's, else "Untitled version". */
export function versionTitle(title: LocalizedText, language: Language, t: TFunction): { text: string; lang: Language } {
  return localized(title, language) ?? { text: t('versions.untitled'), lang: language };
}

/** One side of a comparison, named: "“Revised draft” (14 Aug 2017)" or "the current draft". */
export function sideName(side: CompareSide, language: Language, t: TFunction, formatDate: (at: number) => string) {
  if (side.kind === 'draft') return t('compare.draft');
  return t('compare.version', { title: versionTitle(side.title, language, t).text, date: formatDate(side.at) });
}

/**
 * The runs one side of a side-by-side view shows: `from` keeps what was deleted, `to` what was
 * inserted; the kept text around a change the other side alone had joins up again.
 */
export function sideParts(parts: readonly DiffPart[], side: 'from' | 'to'): DiffPart[] {
  const dropped: DiffPart['op'] = side === 'from' ? 'insert' : 'delete';
  const runs: DiffPart[] = [];
  for (const part of parts) {
    if (part.op === dropped || part.text === '') continue;
    const last = runs.at(-1);
    if (last !== undefined && last.op === part.op) runs[runs.length - 1] = { op: part.op, text: last.text + part.text };
    else runs.push({ ...part });
  }
  return runs;
}

/** With "Only changed clauses": the clauses whose text changed, or that were added or removed. */
export function shownClauses(clauses: readonly ClauseComparison[], onlyChanged: boolean): ClauseComparison[] {
  return onlyChanged ? clauses.filter((clause) => clause.status !== 'unchanged') : [...clauses];
}

/**
 * A clause's or section's number: "4.3", or "4.3 → 4.4" when renumbered; one that was removed
 * has its old number, one that was added its new.
 */
export function numberText({ from, to }: { from: { number: string } | null; to: { number: string } | null }): string {
  if (from !== null && to !== null && from.number !== to.number) return `${from.number} → ${to.number}`;
  return (to ?? from)?.number ?? '';
}

export const CLAUSE_BADGES = ['changed', 'added', 'removed', 'moved', 'renumbered'] as const;
export type ClauseBadge = (typeof CLAUSE_BADGES)[number];

/** What happened to a clause, as badges, in a fixed order; none for an unchanged clause in place. */
export function clauseBadges(clause: Pick<ClauseComparison, 'status' | 'moved' | 'renumbered'>): ClauseBadge[] {
  const badges: ClauseBadge[] = [];
  if (clause.status !== 'unchanged') badges.push(clause.status);
  if (clause.moved) badges.push('moved');
  if (clause.renumbered) badges.push('renumbered');
  return badges;
}

/** The drawn summary's segments: each clause in exactly one (a moved clause whose text changed counts as changed). */
export const BAR_KINDS = ['changed', 'added', 'removed', 'moved', 'unchanged'] as const;
export type BarKind = (typeof BAR_KINDS)[number];

export interface BarSegment {
  kind: BarKind;
  count: number;
}

export function summaryBar(clauses: readonly Pick<ClauseComparison, 'status' | 'moved'>[]): BarSegment[] {
  const counts: Record<BarKind, number> = { changed: 0, added: 0, removed: 0, moved: 0, unchanged: 0 };
  for (const clause of clauses) {
    if (clause.status !== 'unchanged') counts[clause.status]++;
    else if (clause.moved) counts.moved++;
    else counts.unchanged++;
  }
  return BAR_KINDS.filter((kind) => counts[kind] > 0).map((kind) => ({ kind, count: counts[kind] }));
}

/** A sentence for a failed request: the server's reason for a refusal (translated if known), else a general one. */
export function describeVersionError(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 401) return t('versions.errors.signedOut');
    if (error.status === 404) return t('versions.errors.notFound');
    if (error.status === 400 || error.status === 403 || error.status === 409) return refusedMessage(error, t);
    if (error.status === 429) return t('versions.errors.tooMany');
  }
  return t('errors.generic');
}

const isLocalizedText = (value: unknown): value is LocalizedText =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>).en === 'string' &&
  typeof (value as Record<string, unknown>).zh === 'string';

/**
 * The audit log's details of `version.publish` in a sentence ("“Revised draft” — 42 clauses,
 * 17 threads"); null when the details are not as expected (they then show as they are).
 */
export function describeVersionAudit(detail: Record<string, unknown>, language: Language, t: TFunction): string | null {
  const { title, clauseCount, threadCount } = detail;
  if (!isLocalizedText(title)) return null;
  const name = versionTitle(title, language, t).text;
  if (typeof clauseCount !== 'number' || typeof threadCount !== 'number')
    return t('versions.audit.title', { title: name });
  return t('versions.audit.detail', {
    title: name,
    clauses: t('versions.clauseCount', { count: clauseCount }),
    threads: t('versions.threadCount', { count: threadCount }),
  });
}

/**
 * The audit log's details of `version.restore` in a sentence ("“Revised draft” restored: 2 clauses
 * changed (2.1, 5.3.2); …"); null when the details are not as expected (they then show as they are).
 */
export function describeVersionRestoreAudit(
  detail: Record<string, unknown>,
  language: Language,
  t: TFunction,
): string | null {
  const { title, clausesChanged } = detail;
  if (!isLocalizedText(title) || !Array.isArray(clausesChanged)) return null;
  const numbers = clausesChanged.map((clause: unknown) =>
    typeof clause === 'object' && clause !== null && typeof (clause as { number?: unknown }).number === 'string'
      ? (clause as { number: string }).number
      : null,
  );
  if (numbers.some((number) => number === null)) return null;
  const name = versionTitle(title, language, t).text;
  if (numbers.length === 0) return t('versions.audit.restoredNothing', { title: name });
  return t('versions.audit.restored', {
    title: name,
    count: numbers.length,
    numbers: numbers.join(language === 'zh' ? '、' : ', '),
  });
}

export interface SnapshotSection extends SectionSnapshot {
  depth: number;
  clauses: ClauseSnapshot[];
  children: SnapshotSection[];
}

const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;

/**
 * A frozen framework as the page reads it: sections nested by parent, each with its clauses, by
 * position. The numbers are the snapshot's own (as numbered when it was taken), never recounted.
 * A section whose parent is missing shows at the top level rather than not at all.
 */
export function snapshotOutline(framework: FrameworkSnapshot): SnapshotSection[] {
  const ids = new Set(framework.sections.map((section) => section.id));
  const build = (parentId: string | null, depth: number): SnapshotSection[] =>
    framework.sections
      .filter((section) =>
        parentId === null ? section.parentId === null || !ids.has(section.parentId) : section.parentId === parentId,
      )
      .sort(byPosition)
      .map((section) => ({
        ...section,
        depth,
        clauses: framework.clauses.filter((clause) => clause.sectionId === section.id).sort(byPosition),
        children: build(section.id, depth + 1),
      }));
  return build(null, 0);
}

/** A version's threads by clause, oldest first, and their numbers ("#3": place in order of creation, from 1). */
export function snapshotThreads(threads: readonly ThreadView[]): {
  byClause: ReadonlyMap<string, ThreadView[]>;
  numbers: ReadonlyMap<string, number>;
} {
  const sorted = [...threads].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byClause = new Map<string, ThreadView[]>();
  for (const thread of sorted) {
    const list = byClause.get(thread.clauseId);
    if (list) list.push(thread);
    else byClause.set(thread.clauseId, [thread]);
  }
  return { byClause, numbers: new Map(sorted.map((thread, index) => [thread.id, index + 1])) };
}
