import type { MarkSeenRequest, SinceLastVisit } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import { makeClauseComparison } from '../test/versionFactory.ts';
import { makeSummary } from '../test/visitFactory.ts';
import { SinceLastVisitStore } from './useSinceLastVisit.ts';
import type { VisitsApi } from './visitsApi.ts';

/** An API whose answers the test releases one by one; it records what was asked. */
class FakeApi implements VisitsApi {
  readonly calls: (['get'] | ['put', MarkSeenRequest])[] = [];
  private readonly pending: { resolve: (value: SinceLastVisit) => void; reject: (error: unknown) => void }[] = [];
  fetchSinceLastVisit(): Promise<SinceLastVisit> {
    this.calls.push(['get']);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  markSeen(_consultationId: string, request: MarkSeenRequest): Promise<SinceLastVisit> {
    this.calls.push(['put', request]);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  take() {
    const found = this.pending.shift();
    if (!found) throw new Error('no pending request');
    return found;
  }
}

const clause = makeClauseComparison({
  clauseId: 'pa-3-1',
  status: 'changed',
  text: {
    en: {
      changed: true,
      parts: [
        { op: 'same', text: 'Joint ' },
        { op: 'insert', text: 'cross-border ' },
        { op: 'same', text: 'monitoring' },
      ],
    },
    zh: { changed: false, parts: [{ op: 'same', text: '联合监测' }] },
  },
});
const other = makeClauseComparison({ clauseId: 'pa-3-2', status: 'changed' });
const withChanges = makeSummary({ generatedAt: 500, clauses: [clause, other] });

async function loaded(summary = withChanges) {
  const api = new FakeApi();
  const store = new SinceLastVisitStore('c', api);
  const loading = store.load();
  api.take().resolve(summary);
  await loading;
  return { api, store };
}

describe('SinceLastVisitStore', () => {
  it('loads the summary once, and says when the first load failed; trying again loads it', async () => {
    const api = new FakeApi();
    const store = new SinceLastVisitStore('c', api);
    expect(store.getSnapshot().status).toBe('loading');
    const first = store.load();
    // A second load while one runs (React's strict mode mounts twice) asks nothing more.
    expect(await store.load()).toBe(false);
    expect(api.calls).toEqual([['get']]);
    api.take().reject(new ApiRequestError(0, 'network', 'offline'));
    expect(await first).toBe(false);
    expect(store.getSnapshot().status).toBe('failed');

    const again = store.load();
    expect(store.getSnapshot().status).toBe('loading');
    api.take().resolve(withChanges);
    expect(await again).toBe(true);
    expect(store.getSnapshot()).toMatchObject({ status: 'loaded', summary: withChanges, pending: null, failed: null });
  });

  it('marks one clause seen with the text it showed, and shows the summary the server answers', async () => {
    const { api, store } = await loaded();
    const marking = store.markClause(clause);
    expect(store.getSnapshot().pending).toEqual({ kind: 'clause', clauseId: 'pa-3-1' });
    // One request at a time: the others wait for it.
    expect(await store.markAll()).toBe(false);
    expect(await store.refresh()).toBe(false);
    expect(api.calls.at(-1)).toEqual([
      'put',
      // Seen "up to the baseline": the activity lists stay as they are.
      {
        generatedAt: Date.UTC(2017, 7, 14, 8, 0),
        clauses: { 'pa-3-1': { en: 'Joint cross-border monitoring', zh: '联合监测' } },
      },
    ]);
    const after = makeSummary({ generatedAt: 600, clauses: [other] });
    api.take().resolve(after);
    expect(await marking).toBe(true);
    expect(store.getSnapshot()).toMatchObject({
      summary: after,
      pending: null,
      marked: { kind: 'clause', clauseId: 'pa-3-1', nonce: 1 },
    });
  });

  it('marks everything listed seen, then says so; a failure keeps the summary and says why', async () => {
    const { api, store } = await loaded();
    const failing = store.markAll();
    expect(api.calls.at(-1)).toEqual([
      'put',
      {
        generatedAt: 500,
        clauses: {
          'pa-3-1': { en: 'Joint cross-border monitoring', zh: '联合监测' },
          'pa-3-2': { en: 'The Parties cooperate.', zh: '各方开展合作。' },
        },
      },
    ]);
    api.take().reject(new ApiRequestError(429, 'too_many_requests', 'slow down'));
    expect(await failing).toBe(false);
    expect(store.getSnapshot()).toMatchObject({ status: 'loaded', summary: withChanges, failed: { kind: 'all' } });
    expect(store.getSnapshot().marked).toBeNull();

    const marking = store.markAll();
    expect(store.getSnapshot().failed).toBeNull();
    const upToDate = makeSummary({ baseline: { kind: 'visit' }, since: 500, generatedAt: 700 });
    api.take().resolve(upToDate);
    await marking;
    expect(store.getSnapshot()).toMatchObject({ summary: upToDate, marked: { kind: 'all', nonce: 1 } });

    // Refresh fetches it again; the last mark stays what it was.
    const refreshing = store.refresh();
    expect(store.getSnapshot().pending).toEqual({ kind: 'refresh' });
    api.take().resolve(withChanges);
    await refreshing;
    expect(store.getSnapshot()).toMatchObject({ summary: withChanges, marked: { kind: 'all', nonce: 1 } });
  });
});
