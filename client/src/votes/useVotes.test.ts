import type { VoteListResponse } from '@accord/shared';
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import type { SessionEvent } from '../collab/CollabSession.ts';
import { ballot, makeVote } from '../test/voteFactory.ts';
import {
  clauseVotesKey,
  FRAMEWORK_VOTES_KEY,
  followVoteEvents,
  threadVotesKey,
  VoteStore,
  type VoteStoreOptions,
} from './useVotes.ts';
import type { VoteAnswer, VotesApi } from './votesApi.ts';

/** An API whose answers the test releases one by one, in any order. */
class FakeApi implements VotesApi {
  readonly pending: { kind: 'all' | string; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] =
    [];
  fetchVotes(): Promise<VoteListResponse> {
    return new Promise((resolve, reject) =>
      this.pending.push({ kind: 'all', resolve: resolve as (v: unknown) => void, reject }),
    );
  }
  fetchVote(_consultationId: string, voteId: string): Promise<VoteAnswer> {
    return new Promise((resolve, reject) =>
      this.pending.push({ kind: voteId, resolve: resolve as (v: unknown) => void, reject }),
    );
  }
  take(kind: string) {
    const index = this.pending.findIndex((p) => p.kind === kind);
    if (index < 0) throw new Error(`no pending request for ${kind}`);
    const [found] = this.pending.splice(index, 1);
    if (!found) throw new Error(`no pending request for ${kind}`);
    return found;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Timers the test fires by hand. */
class FakeTimers {
  readonly scheduled: { run: () => void; ms: number; cleared: boolean }[] = [];
  readonly options: VoteStoreOptions = {
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      this.scheduled.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  };
  live() {
    return this.scheduled.filter((timer) => !timer.cleared);
  }
  /** Fires the one timer set (and only one may be). */
  fire() {
    const live = this.live();
    expect(live).toHaveLength(1);
    const [timer] = live;
    if (timer === undefined) return;
    timer.cleared = true;
    timer.run();
  }
}

/** A store whose first load answered `votes`, and its API. */
async function loadedStore(votes: ReturnType<typeof makeVote>[], options: VoteStoreOptions = new FakeTimers().options) {
  const api = new FakeApi();
  const store = new VoteStore('c', api, options);
  const first = store.loadAll();
  api.take('all').resolve({ votes, serverNow: 1000 });
  await first;
  return { api, store };
}

describe('VoteStore', () => {
  it('groups votes by what they are on, and keeps arrays that did not change', async () => {
    const api = new FakeApi();
    const store = new VoteStore('c', api, new FakeTimers().options);
    expect(store.getStatus()).toBe('loading');
    const loading = store.loadAll();
    api.take('all').resolve({
      votes: [
        makeVote({ id: 'b', subject: { kind: 'proposal', threadId: 't1' }, openedAt: 20 }),
        makeVote({ id: 'a', subject: { kind: 'response', threadId: 't1' }, openedAt: 10 }),
        makeVote({ id: 'c', subject: { kind: 'clause', clauseId: 'cl1' }, openedAt: 15 }),
        makeVote({ id: 'f', openedAt: 5 }),
      ],
      serverNow: 1000,
    });
    await loading;
    expect(store.getStatus()).toBe('loaded');
    expect(store.getAll().map((v) => v.id)).toEqual(['f', 'a', 'c', 'b']);
    expect(store.getSubjectVotes(threadVotesKey('t1')).map((v) => v.id)).toEqual(['a', 'b']);
    expect(store.getSubjectVotes(clauseVotesKey('cl1')).map((v) => v.id)).toEqual(['c']);
    expect(store.getSubjectVotes(FRAMEWORK_VOTES_KEY).map((v) => v.id)).toEqual(['f']);
    expect(store.getSubjectVotes(clauseVotesKey('other'))).toEqual([]);

    // A ballot in the clause's vote leaves the thread's array as it was (its card need not redraw).
    const threadBefore = store.getSubjectVotes(threadVotesKey('t1'));
    const refreshing = store.refresh(['c']);
    api.take('c').resolve({
      vote: makeVote({
        id: 'c',
        subject: { kind: 'clause', clauseId: 'cl1' },
        openedAt: 15,
        ballots: [ballot('la', 'agree')],
      }),
      serverNow: 1000,
    });
    await refreshing;
    expect(store.getSubjectVotes(threadVotesKey('t1'))).toBe(threadBefore);
    expect(store.getVote('c')?.result.tally.agree).toBe(1);
  });

  it('keeps the answer of the later request when answers cross', async () => {
    const { api, store } = await loadedStore([makeVote({ id: 'v' })]);

    // A full refetch starts, then the delegate's ballot; the ballot's answer comes first.
    const refetch = store.loadAll();
    const seq = store.beginRequest();
    store.apply({ vote: makeVote({ id: 'v', ballots: [ballot('la', 'object')] }), serverNow: 1000 }, seq);
    expect(store.getVote('v')?.result.outcome).toBe('no_quorum');
    api.take('all').resolve({ votes: [makeVote({ id: 'v' }), makeVote({ id: 'new', openedAt: 30 })], serverNow: 1000 });
    await refetch;
    // The list started before the ballot: its (older) view of `v` does not undo the ballot.
    expect(store.getVote('v')?.ballots.map((b) => b.choice)).toEqual(['object']);
    expect(store.getVote('new')).toBeDefined();
  });

  it('keeps the newer of two refreshes of one vote whatever order they answer in', async () => {
    const { api, store } = await loadedStore([makeVote({ id: 'v' })]);
    // An event's fetch starts; then the secretariat closes the vote here, answered first.
    const refreshing = store.refresh(['v']);
    const seq = store.beginRequest();
    store.apply({ vote: makeVote({ id: 'v', state: 'closed', closedAt: 50 }), serverNow: 1000 }, seq);
    api.take('v').resolve({ vote: makeVote({ id: 'v' }), serverNow: 1000 });
    await refreshing;
    expect(store.getVote('v')?.state).toBe('closed');
  });

  it('fetches the votes an event names (new ones too), one fetch of each at a time', async () => {
    const { api, store } = await loadedStore([makeVote({ id: 'a' })]);
    const events: ((event: SessionEvent) => void)[] = [];
    const stop = followVoteEvents(store, {
      subscribeEvents: (listener) => {
        events.push(listener);
        return () => events.splice(events.indexOf(listener), 1);
      },
    });
    // Following starts with a load of them all.
    api.take('all').resolve({ votes: [makeVote({ id: 'a' })], serverNow: 1000 });
    await tick();

    const emit = (event: SessionEvent) => {
      for (const listener of events) listener(event);
    };
    emit({ type: 'threads.changed', threadIds: ['a'] });
    expect(api.pending).toEqual([]);
    emit({ type: 'votes.changed', voteIds: ['a', 'b'] });
    emit({ type: 'votes.changed', voteIds: ['a'] });
    emit({ type: 'votes.changed', voteIds: ['a'] });
    expect(api.pending.map((p) => p.kind).sort()).toEqual(['a', 'b']);
    api.take('b').resolve({ vote: makeVote({ id: 'b', openedAt: 5 }), serverNow: 1000 });
    api.take('a').resolve({ vote: makeVote({ id: 'a', ballots: [ballot('kh', 'agree')] }), serverNow: 1000 });
    await tick();
    // The events that came while `a` was being fetched cost one more fetch, not two.
    expect(api.pending.map((p) => p.kind)).toEqual(['a']);
    api.take('a').resolve({ vote: makeVote({ id: 'a', ballots: [ballot('kh', 'abstain')] }), serverNow: 1000 });
    await tick();
    expect(api.pending).toEqual([]);
    expect(store.getAll().map((v) => v.id)).toEqual(['a', 'b']);
    expect(store.getVote('a')?.ballots[0]?.choice).toBe('abstain');

    // After a reconnection, events may have been missed: everything is fetched again.
    emit({ type: 'resynced' });
    expect(api.pending.map((p) => p.kind)).toEqual(['all']);
    api.take('all').resolve({ votes: [makeVote({ id: 'b', openedAt: 5 })], serverNow: 1000 });
    await tick();
    expect(store.getAll().map((v) => v.id)).toEqual(['b']);

    stop();
    expect(events).toEqual([]);
  });

  it('drops a vote the server no longer has, and says when a refresh failed', async () => {
    const { api, store } = await loadedStore([makeVote({ id: 'a' }), makeVote({ id: 'b' })]);
    const refreshing = store.refresh(['a', 'b']);
    api.take('a').reject(new ApiRequestError(404, 'not_found', 'gone'));
    api.take('b').reject(new ApiRequestError(0, 'network_error', 'offline'));
    await refreshing;
    expect(store.getVote('a')).toBeUndefined();
    expect(store.getVote('b')).toBeDefined();
    expect(store.getStatus()).toBe('stale');
    expect(store.getError()).toBeInstanceOf(ApiRequestError);
  });

  it('fails a first load it could not make, and shows loading again while retrying', async () => {
    const api = new FakeApi();
    const store = new VoteStore('c', api, new FakeTimers().options);
    const loading = store.loadAll();
    api.take('all').reject(new ApiRequestError(0, 'network_error', 'offline'));
    await loading;
    expect(store.getStatus()).toBe('failed');
    const retrying = store.retry();
    expect(store.getStatus()).toBe('loading');
    api.take('all').resolve({ votes: [], serverNow: 1000 });
    await retrying;
    expect(store.getStatus()).toBe('loaded');
    expect(store.getError()).toBeNull();
  });

  it('counts time by the server’s clock', async () => {
    let now = 10_000;
    const timers = new FakeTimers();
    const { store } = await loadedStore([], { ...timers.options, now: () => now });
    // The server said 1000 when this browser said 10 000: it is 9 s behind.
    expect(store.serverNow()).toBe(1000);
    now += 500;
    expect(store.serverNow()).toBe(1500);
    store.apply({ vote: makeVote({ id: 'v' }), serverNow: 20_000 }, store.beginRequest());
    expect(store.serverNow()).toBe(20_000);
  });

  it('asks for a vote past its closing time should the event that it closed not come', async () => {
    let now = 0;
    const timers = new FakeTimers();
    const { api, store } = await loadedStore([makeVote({ id: 'v', closesAt: 61_000 })], {
      ...timers.options,
      now: () => now,
    });
    // Served at 1000 by the server's clock: it closes 60 s later, asked for 3 s after that.
    expect(timers.live().map((timer) => timer.ms)).toEqual([63_000]);
    now = 63_000;
    timers.fire();
    expect(api.pending.map((p) => p.kind)).toEqual(['v']);
    api
      .take('v')
      .resolve({ vote: makeVote({ id: 'v', closesAt: 61_000, state: 'closed', closedAt: 61_000 }), serverNow: 64_000 });
    await tick();
    expect(store.getVote('v')?.state).toBe('closed');
    // Nothing left to follow.
    expect(timers.live()).toHaveLength(0);

    store.dispose();
  });
});
