import type { Round, RoundListResponse } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import type { SessionEvent } from '../collab/CollabSession.ts';
import type { RoundsApi } from './roundsApi.ts';
import { followRoundEvents, RoundStore } from './useRounds.ts';

/** An API whose list answers the test releases one by one, in any order. */
class FakeApi implements RoundsApi {
  readonly pending: { resolve: (value: RoundListResponse) => void; reject: (error: unknown) => void }[] = [];
  calls = 0;
  fetchRounds(): Promise<RoundListResponse> {
    this.calls += 1;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  take(index = 0) {
    const [found] = this.pending.splice(index, 1);
    if (!found) throw new Error(`no pending request at ${index}`);
    return found;
  }
}

const makeRound = (id: string, opensAt: number, state: Round['state'] = 'open'): Round => ({
  id,
  consultationId: 'c',
  title: { en: `Round ${id}`, zh: '' },
  opensAt,
  closesAt: opensAt + 1000,
  state,
  createdBy: 'p',
  createdAt: opensAt,
  updatedAt: opensAt,
});

describe('RoundStore', () => {
  it('lists rounds by opening, keeps the current one and the server clock offset', async () => {
    const api = new FakeApi();
    const store = new RoundStore('c', api, () => 1000);
    expect(store.getSnapshot().status).toBe('loading');
    const loading = store.loadAll();
    const [a, b] = [makeRound('a', 200), makeRound('b', 100)];
    api.take().resolve({ rounds: [a, b], current: a, serverNow: 1500 });
    await loading;
    const snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('loaded');
    expect(snapshot.rounds.map((r) => r.id)).toEqual(['b', 'a']);
    expect(snapshot.current?.id).toBe('a');
    expect(snapshot.clockOffset).toBe(500);
    expect(store.getSnapshot()).toBe(snapshot);
  });

  it('keeps the latest-started answer when answers come out of order', async () => {
    const api = new FakeApi();
    const store = new RoundStore('c', api);
    const first = store.loadAll();
    const second = store.loadAll();
    api.take(1).resolve({ rounds: [makeRound('new', 1)], current: makeRound('new', 1), serverNow: 10 });
    await second;
    api.take(0).resolve({ rounds: [], current: null, serverNow: 5 });
    await first;
    expect(store.getSnapshot().current?.id).toBe('new');
  });

  it('ignores an overtaken failure, and marks a later failure as stale', async () => {
    const api = new FakeApi();
    const store = new RoundStore('c', api);
    const first = store.loadAll();
    const second = store.loadAll();
    api.take(1).resolve({ rounds: [], current: null, serverNow: 1 });
    await second;
    api.take(0).reject(new ApiRequestError(500, 'internal', 'x'));
    await first;
    expect(store.getSnapshot().status).toBe('loaded');
    const third = store.loadAll();
    api.take().reject(new ApiRequestError(500, 'internal', 'x'));
    await third;
    expect(store.getSnapshot().status).toBe('stale');
  });

  it('fetches again on rounds.changed and after a reconnection, not on other events', () => {
    const api = new FakeApi();
    const store = new RoundStore('c', api);
    let emit: (event: SessionEvent) => void = () => {};
    const stop = followRoundEvents(store, {
      subscribeEvents: (listener) => {
        emit = listener;
        return () => {};
      },
    });
    expect(api.calls).toBe(1);
    emit({ type: 'rounds.changed' });
    emit({ type: 'resynced' });
    emit({ type: 'versions.changed' });
    expect(api.calls).toBe(3);
    stop();
  });
});
