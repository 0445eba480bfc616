import type { ClauseComparison, DiffPart, VersionSummary } from '@accord/shared';

/**
 * A published version for tests: "Revised draft" by Li Wei, 42 clauses and 17 threads, with
 * whatever `fields` say. For tests only (nothing the app bundles imports it).
 */
export function makeVersion(fields: Partial<VersionSummary> & Pick<VersionSummary, 'id'>): VersionSummary {
  return {
    consultationId: 'c',
    title: { en: 'Revised draft', zh: '修订稿' },
    note: '',
    publishedBy: { personId: 's', name: 'Li Wei' },
    publishedAt: 1,
    restoredFrom: null,
    clauseCount: 42,
    threadCount: 17,
    snapshotBytes: 1000,
    ...fields,
  };
}

const same = (text: string): { changed: boolean; parts: DiffPart[] } => ({
  changed: false,
  parts: text === '' ? [] : [{ op: 'same', text }],
});

/** A clause of a comparison: unchanged in place as 4.3, with whatever `fields` say. */
export function makeClauseComparison(
  fields: Partial<ClauseComparison> & Pick<ClauseComparison, 'clauseId'>,
): ClauseComparison {
  return {
    status: 'unchanged',
    from: { number: '4.3', sectionId: 's4' },
    to: { number: '4.3', sectionId: 's4' },
    moved: false,
    renumbered: false,
    text: { en: same('The Parties cooperate.'), zh: same('各方开展合作。') },
    threadIds: [],
    ...fields,
  };
}
