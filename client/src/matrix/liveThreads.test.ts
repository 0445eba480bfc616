import type { ThreadView } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { applyThread, applyThreadList, emptyLiveThreads, threadList } from './liveThreads.ts';

function thread(id: string, updatedAt = 1, createdAt = 1): ThreadView {
  return {
    id,
    consultationId: 'c',
    clauseId: 'cl',
    passage: null,
    kind: 'comment',
    proposal: null,
    author: { personId: 'p', name: 'Sok' },
    stakeholderId: 'kh',
    status: 'open',
    locked: false,
    duplicateOf: null,
    comments: [],
    response: null,
    applied: null,
    createdAt,
    updatedAt,
  };
}

const ids = (live: typeof emptyLiveThreads) => threadList(live).map((t) => `${t.id}@${t.updatedAt}`);

/** Overlapping refetches: per thread, the answer of the latest-started request wins. */
describe('live threads', () => {
  it('replaces a thread with a later fetch of it, and lists threads oldest first', () => {
    let live = applyThreadList(emptyLiveThreads, 1, [thread('b', 1, 2), thread('a', 1, 1)]);
    live = applyThread(live, 2, 'b', thread('b', 5, 2));
    expect(ids(live)).toEqual(['a@1', 'b@5']);
  });

  it('ignores an answer from a request started before the one shown', () => {
    let live = applyThread(emptyLiveThreads, 3, 'a', thread('a', 9));
    live = applyThread(live, 2, 'a', thread('a', 4));
    live = applyThreadList(live, 1, [thread('a', 1)]);
    expect(ids(live)).toEqual(['a@9']);
  });

  it('removes a thread that is gone, and a slower older answer does not bring it back', () => {
    let live = applyThreadList(emptyLiveThreads, 1, [thread('a'), thread('b')]);
    live = applyThread(live, 3, 'a', null);
    live = applyThread(live, 2, 'a', thread('a', 2));
    expect(ids(live)).toEqual(['b@1']);
  });

  it('drops threads a newer list lacks, but keeps those fetched after that list started', () => {
    let live = applyThreadList(emptyLiveThreads, 1, [thread('a'), thread('b')]);
    // A new thread arrives by event (ticket 3) while a full refetch (ticket 2) is on its way.
    live = applyThread(live, 3, 'c', thread('c', 1, 5));
    live = applyThreadList(live, 2, [thread('b', 2)]);
    expect(ids(live)).toEqual(['b@2', 'c@1']);
  });

  it('returns the same object when nothing changes', () => {
    const live = applyThread(emptyLiveThreads, 2, 'a', thread('a'));
    expect(applyThread(live, 1, 'a', null)).toBe(live);
  });
});
