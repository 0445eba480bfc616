import type { ThreadView } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import { makeThread } from '../test/threadFactory.ts';
import type { ThreadsApi } from './threadsApi.ts';
import { ThreadStore } from './useThreads.ts';

const thread = (id: string, clauseId: string, createdAt: number, updatedAt = createdAt): ThreadView =>
  makeThread({ id, clauseId, createdAt, updatedAt });

/** An API whose answers the test releases one by one, in any order. */
class FakeApi implements ThreadsApi {
  readonly pending: { kind: 'all' | string; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] =
    [];
  fetchThreads(): Promise<ThreadView[]> {
    return new Promise((resolve, reject) =>
      this.pending.push({ kind: 'all', resolve: resolve as (v: unknown) => void, reject }),
    );
  }
  fetchThread(_consultationId: string, threadId: string): Promise<ThreadView> {
    return new Promise((resolve, reject) =>
      this.pending.push({ kind: threadId, resolve: resolve as (v: unknown) => void, reject }),
    );
  }
  take(kind: string) {
    const index = this.pending.findIndex((p) => p.kind === kind);
    const [found] = this.pending.splice(index, 1);
    if (!found) throw new Error(`no pending request for ${kind}`);
    return found;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A store whose first load answered `threads`, and its API. */
async function loadedStore(threads: ThreadView[]) {
  const api = new FakeApi();
  const store = new ThreadStore('c', api);
  const first = store.loadAll();
  api.take('all').resolve(threads);
  await first;
  return { api, store };
}

describe('ThreadStore', () => {
  it('groups threads by clause and numbers them in order of creation', async () => {
    const api = new FakeApi();
    const store = new ThreadStore('c', api);
    expect(store.getStatus()).toBe('loading');
    const loading = store.loadAll();
    api.take('all').resolve([thread('b', 'x', 20), thread('a', 'x', 10), thread('c', 'y', 15)]);
    await loading;
    expect(store.getStatus()).toBe('loaded');
    expect(store.getClauseThreads('x').map((t) => t.id)).toEqual(['a', 'b']);
    expect(store.getClauseThreads('z')).toEqual([]);
    expect(['a', 'c', 'b'].map((id) => store.numberOf(id))).toEqual([1, 2, 3]);

    // A change to a thread of clause y leaves clause x's array as it was (its row need not redraw).
    const xBefore = store.getClauseThreads('x');
    const refreshing = store.refresh(['c']);
    api.take('c').resolve({ ...thread('c', 'y', 15, 99), locked: true });
    await refreshing;
    expect(store.getClauseThreads('x')).toBe(xBefore);
    expect(store.getThread('c')?.locked).toBe(true);
  });

  it('keeps the answer of the later request when answers cross', async () => {
    const { api, store } = await loadedStore([thread('a', 'x', 10)]);

    // A full refetch starts, then an action; the action's answer comes first.
    const refetch = store.loadAll();
    const seq = store.beginRequest();
    store.apply({ ...thread('a', 'x', 10, 50), status: 'resolved' }, seq);
    api.take('all').resolve([thread('a', 'x', 10), thread('new', 'x', 30)]);
    await refetch;
    expect(store.getThread('a')?.status).toBe('resolved');
    expect(store.getThread('new')).toBeDefined();
  });

  it('drops a thread the server no longer has, and says when a refresh failed', async () => {
    const { api, store } = await loadedStore([thread('a', 'x', 10), thread('b', 'x', 11)]);

    const refreshing = store.refresh(['a', 'b']);
    api.take('a').reject(new ApiRequestError(404, 'not_found', 'gone'));
    api.take('b').reject(new ApiRequestError(0, 'network_error', 'offline'));
    await refreshing;
    expect(store.getThread('a')).toBeUndefined();
    expect(store.getThread('b')).toBeDefined();
    expect(store.getStatus()).toBe('stale');

    const again = store.loadAll();
    await tick();
    api.take('all').resolve([thread('b', 'x', 11)]);
    await again;
    expect(store.getStatus()).toBe('loaded');
  });

  it('fails the first load visibly, and notifies subscribers', async () => {
    const api = new FakeApi();
    const store = new ThreadStore('c', api);
    let notified = 0;
    store.subscribe(() => {
      notified += 1;
    });
    const loading = store.loadAll();
    api.take('all').reject(new ApiRequestError(0, 'network_error', 'offline'));
    await loading;
    expect(store.getStatus()).toBe('failed');
    expect(notified).toBe(1);
  });

  it('removes a thread no longer ours to see, and a slower older answer does not bring it back', async () => {
    const { api, store } = await loadedStore([thread('a', 'x', 10), thread('b', 'x', 11)]);

    // A full refetch starts; then an event about `a`, whose fetch is refused, answers first.
    const refetch = store.loadAll();
    const refreshing = store.refresh(['a']);
    api.take('a').reject(new ApiRequestError(403, 'forbidden', 'not yours'));
    await refreshing;
    expect(store.getThread('a')).toBeUndefined();
    api.take('all').resolve([thread('a', 'x', 10), thread('b', 'x', 11)]);
    await refetch;
    expect(store.getAll().map((t) => t.id)).toEqual(['b']);
  });

  it('keeps threads fetched after a list that lacks them started', async () => {
    const { api, store } = await loadedStore([thread('a', 'x', 10)]);

    const refetch = store.loadAll();
    const refreshing = store.refresh(['new']);
    api.take('new').resolve(thread('new', 'x', 30));
    await refreshing;
    api.take('all').resolve([thread('a', 'x', 10)]);
    await refetch;
    expect(store.getAll().map((t) => t.id)).toEqual(['a', 'new']);
  });

  it('fetches a thread once at a time, and once more for events that came meanwhile', async () => {
    const { api, store } = await loadedStore([thread('a', 'x', 10)]);

    const refreshes = [store.refresh(['a']), store.refresh(['a']), store.refresh(['a'])];
    expect(api.pending.map((p) => p.kind)).toEqual(['a']);
    api.take('a').resolve(thread('a', 'x', 10, 20));
    await tick();
    expect(api.pending.map((p) => p.kind)).toEqual(['a']);
    api.take('a').resolve(thread('a', 'x', 10, 30));
    await Promise.all(refreshes);
    expect(api.pending).toEqual([]);
    expect(store.getThread('a')?.updatedAt).toBe(30);
  });

  it('shows loading again while retrying a failed first load', async () => {
    const api = new FakeApi();
    const store = new ThreadStore('c', api);
    const loading = store.loadAll();
    api.take('all').reject(new ApiRequestError(401, 'unauthenticated', 'signed out'));
    await loading;
    expect(store.getStatus()).toBe('failed');
    expect(store.getError()).toBeInstanceOf(ApiRequestError);

    const retrying = store.retry();
    expect(store.getStatus()).toBe('loading');
    api.take('all').resolve([]);
    await retrying;
    expect(store.getStatus()).toBe('loaded');
    expect(store.getError()).toBeNull();
  });
});
