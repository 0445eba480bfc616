import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import type { SessionEvent } from '../collab/CollabSession.ts';
import { makeVersion } from '../test/versionFactory.ts';
import { followVersionEvents, VersionStore } from './useVersions.ts';
import type { VersionListResponse, VersionsApi } from './versionsApi.ts';

/** An API whose list answers the test releases one by one, in any order. */
class FakeApi implements VersionsApi {
  readonly pending: { resolve: (value: VersionListResponse) => void; reject: (error: unknown) => void }[] = [];
  fetchVersions(): Promise<VersionListResponse> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  /** The `index`th request still pending (0: the oldest). */
  take(index = 0) {
    const [found] = this.pending.splice(index, 1);
    if (!found) throw new Error(`no pending request at ${index}`);
    return found;
  }
}

const ids = (store: VersionStore) => store.getAll().map((v) => v.id);

async function loadedStore(versions: ReturnType<typeof makeVersion>[]) {
  const api = new FakeApi();
  const store = new VersionStore('c', api);
  const first = store.loadAll();
  api.take().resolve({ versions });
  await first;
  return { api, store };
}

describe('VersionStore', () => {
  it('lists versions newest first, and keeps the array while nothing changes', async () => {
    const api = new FakeApi();
    const store = new VersionStore('c', api);
    expect(store.getStatus()).toBe('loading');
    expect(store.getLatest()).toBeUndefined();
    const loading = store.loadAll();
    api.take().resolve({
      versions: [
        makeVersion({ id: 'a', publishedAt: 10 }),
        makeVersion({ id: 'c', publishedAt: 30 }),
        makeVersion({ id: 'b', publishedAt: 30 }),
      ],
    });
    await loading;
    expect(store.getStatus()).toBe('loaded');
    // Newest first; the same time, the id decides (never the answer's order).
    expect(ids(store)).toEqual(['c', 'b', 'a']);
    expect(store.getLatest()?.id).toBe('c');
    expect(store.getVersion('a')?.publishedAt).toBe(10);

    const before = store.getAll();
    const again = store.loadAll();
    api.take().resolve({ versions: [...before] });
    await again;
    expect(store.getAll()).toBe(before);
  });

  it('keeps a version just published when a list asked for before it answers after it', async () => {
    const { api, store } = await loadedStore([makeVersion({ id: 'v1', publishedAt: 10 })]);
    const refreshing = store.loadAll(); // e.g. after a reconnection
    // Meanwhile the secretariat publishes here; the answer comes first.
    const seq = store.beginRequest();
    store.apply(makeVersion({ id: 'v2', publishedAt: 20 }), seq);
    expect(ids(store)).toEqual(['v2', 'v1']);
    // The older list (without v2) must not take it away.
    api.take().resolve({ versions: [makeVersion({ id: 'v1', publishedAt: 10 })] });
    await refreshing;
    expect(ids(store)).toEqual(['v2', 'v1']);
  });

  it('lets a list asked for after a publish have the last word', async () => {
    const { api, store } = await loadedStore([]);
    const seq = store.beginRequest();
    const refreshing = store.loadAll();
    // The list, started later, already has v2 (with its final title)…
    api.take().resolve({ versions: [makeVersion({ id: 'v2', title: { en: 'Final', zh: '定稿' } })] });
    await refreshing;
    // …so the publish's answer, arriving late, changes nothing.
    store.apply(makeVersion({ id: 'v2', title: { en: 'Early', zh: '' } }), seq);
    expect(store.getVersion('v2')?.title.en).toBe('Final');
  });

  it('drops a version the server no longer lists', async () => {
    const { api, store } = await loadedStore([makeVersion({ id: 'v1' }), makeVersion({ id: 'v2' })]);
    const refreshing = store.loadAll();
    api.take().resolve({ versions: [makeVersion({ id: 'v2' })] });
    await refreshing;
    expect(ids(store)).toEqual(['v2']);
  });

  it('runs one list fetch at a time: a burst of events costs one more, whose answer wins', async () => {
    const { api, store } = await loadedStore([]);
    const first = store.loadAll();
    const second = store.loadAll();
    const third = store.loadAll();
    expect(api.pending).toHaveLength(1);
    api.take().resolve({ versions: [makeVersion({ id: 'v1' })] });
    await first;
    await vi.waitFor(() => expect(api.pending).toHaveLength(1));
    api.take().resolve({ versions: [makeVersion({ id: 'v1' }), makeVersion({ id: 'v2', publishedAt: 2 })] });
    await Promise.all([second, third]);
    expect(ids(store)).toEqual(['v2', 'v1']);
    expect(api.pending).toHaveLength(0);
  });

  it('fails a first load, and goes stale (keeping what it shows) when a later one fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const api = new FakeApi();
    const store = new VersionStore('c', api);
    const listener = vi.fn();
    store.subscribe(listener);
    const first = store.loadAll();
    api.take().reject(new ApiRequestError(500, 'http_error', 'boom'));
    await first;
    expect(store.getStatus()).toBe('failed');
    expect(store.getError()).toBeInstanceOf(ApiRequestError);

    const retrying = store.retry();
    expect(store.getStatus()).toBe('loading');
    api.take().resolve({ versions: [makeVersion({ id: 'v1' })] });
    await retrying;
    expect(store.getStatus()).toBe('loaded');
    expect(store.getError()).toBeNull();

    const refreshing = store.loadAll();
    api.take().reject(new ApiRequestError(0, 'network_error', 'offline'));
    await refreshing;
    expect(store.getStatus()).toBe('stale');
    expect(ids(store)).toEqual(['v1']);
    expect(listener).toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

describe('followVersionEvents', () => {
  it('loads the list, refetches it on versions.changed and after a resync, ignores other events, and stops', async () => {
    const api = new FakeApi();
    const store = new VersionStore('c', api);
    let emit: (event: SessionEvent) => void = () => {};
    const unsubscribe = vi.fn();
    const stop = followVersionEvents(store, {
      subscribeEvents: (listener) => {
        emit = listener;
        return unsubscribe;
      },
    });
    expect(api.pending).toHaveLength(1);
    api.take().resolve({ versions: [] });
    await vi.waitFor(() => expect(store.getStatus()).toBe('loaded'));

    emit({ type: 'votes.changed', voteIds: ['x'] });
    emit({ type: 'threads.changed', threadIds: ['t'] });
    expect(api.pending).toHaveLength(0);

    emit({ type: 'versions.changed' });
    expect(api.pending).toHaveLength(1);
    api.take().resolve({ versions: [makeVersion({ id: 'v1' })] });
    await vi.waitFor(() => expect(ids(store)).toEqual(['v1']));

    emit({ type: 'resynced' });
    expect(api.pending).toHaveLength(1);
    api.take().resolve({ versions: [makeVersion({ id: 'v1' })] });

    stop();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});
