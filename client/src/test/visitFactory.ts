import type { SinceLastVisit } from '@accord/shared';

/**
 * A "since your last visit" summary for tests: on a first visit (since the version "Revised
 * draft", published on 14 Aug 2017), with nothing listed but what `fields` say. For tests only
 * (nothing the app bundles imports it).
 */
export function makeSummary(fields: Partial<SinceLastVisit> = {}): SinceLastVisit {
  return {
    since: Date.UTC(2017, 7, 14, 8, 0),
    baseline: { kind: 'version', versionId: 'v1', title: { en: 'Revised draft', zh: '修订稿' } },
    generatedAt: Date.UTC(2025, 2, 5, 14, 5),
    clauses: [],
    newThreads: [],
    newReplies: [],
    responsesToMine: [],
    votes: [],
    ...fields,
  };
}
