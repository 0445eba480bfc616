import { compareSideSchema } from '@accord/shared';

/**
 * What the comparison page shows, kept in its URL's query string so that a comparison can be
 * shared or bookmarked: `?from=<versionId|draft>&to=<versionId|draft>&view=inline&show=all`.
 * Only what differs from the defaults is written: `to` is the draft, changes are side by side,
 * and only changed clauses show.
 */

export type CompareView = 'side' | 'inline';

export interface CompareQuery {
  /** A version's id or `draft`; null when the URL names none (the page then takes the latest version). */
  from: string | null;
  to: string;
  view: CompareView;
  /** Hide the clauses that neither changed nor moved. */
  onlyChanged: boolean;
}

export const DRAFT = 'draft';

const side = (value: string | null): string | null => {
  if (value === null) return null;
  const parsed = compareSideSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** Reads what it can: a malformed parameter falls back to its default alone, never the others with it. */
export function parseCompareQuery(search: string): CompareQuery {
  const params = new URLSearchParams(search);
  return {
    from: side(params.get('from')),
    to: side(params.get('to')) ?? DRAFT,
    view: params.get('view') === 'inline' ? 'inline' : 'side',
    onlyChanged: params.get('show') !== 'all',
  };
}

/** `?from=v1&to=draft`, then the view options that are not the defaults, in a fixed order. */
export function compareSearch(query: CompareQuery): string {
  const params = new URLSearchParams();
  if (query.from !== null) params.set('from', query.from);
  params.set('to', query.to);
  if (query.view === 'inline') params.set('view', 'inline');
  if (!query.onlyChanged) params.set('show', 'all');
  return `?${params}`;
}

/** The comparison of a version with the current draft, as other pages link to it. */
export function sinceVersionSearch(versionId: string): string {
  return compareSearch({ from: versionId, to: DRAFT, view: 'side', onlyChanged: true });
}
