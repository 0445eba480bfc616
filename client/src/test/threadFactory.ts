import type { ThreadView } from '@accord/shared';

/**
 * A thread for tests: an open comment on a clause, with no passage, comments or response, and
 * whatever `fields` say. For tests only (nothing the app bundles imports it).
 */
export function makeThread(fields: Partial<ThreadView> & Pick<ThreadView, 'id'>): ThreadView {
  return {
    consultationId: 'c',
    clauseId: 'cl',
    passage: null,
    kind: 'comment',
    proposal: null,
    author: { personId: 'p', name: 'P' },
    stakeholderId: null,
    status: 'open',
    locked: false,
    duplicateOf: null,
    comments: [],
    response: null,
    applied: null,
    createdAt: 1,
    updatedAt: 1,
    ...fields,
  };
}
