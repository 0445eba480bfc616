import type { Round, RoundListResponse } from '@accord/shared';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type RoundsApi, roundsApi } from './roundsApi.ts';

/**
 * `loading`: the first fetch is under way. `failed`: it failed, nothing to show. `stale`: what
 * is shown was loaded, but a later refresh failed (it may be out of date).
 */
export type RoundsStatus = 'loading' | 'loaded' | 'failed' | 'stale';

export interface RoundsSnapshot {
  status: RoundsStatus;
  /** Oldest opening first. */
  rounds: readonly Round[];
  /** The current round as last answered (its state effective at the answer's `serverNow`). */
  current: Round | null;
  /** Server clock minus this browser's clock, in ms, at the last answer: countdowns add it to `Date.now()`. */
  clockOffset: number;
  error: unknown;
}

const INITIAL: RoundsSnapshot = Object.freeze({
  status: 'loading',
  rounds: Object.freeze([]) as readonly Round[],
  current: null,
  clockOffset: 0,
  error: null,
});

const byOpening = (a: Round, b: Round) => a.opensAt - b.opensAt || a.createdAt - b.createdAt;

/**
 * The rounds of one consultation: fetched once, then again whenever the server says they changed
 * (`rounds.changed`, and everything after a reconnection) or this page changed one. Every fetch
 * takes a sequence number when it starts and only the latest-started one's answer is kept, so an
 * answer overtaken by a later request never brings back an older list. The snapshot handed out
 * stays the same object until something changes, for `useSyncExternalStore`.
 */
export class RoundStore {
  private snapshot: RoundsSnapshot = INITIAL;
  private seq = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly consultationId: string,
    private readonly api: RoundsApi = roundsApi,
    private readonly clock: () => number = Date.now,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): RoundsSnapshot => this.snapshot;

  /** Fetches the rounds again; answers of requests started before a later one are dropped. */
  async loadAll(): Promise<void> {
    this.seq += 1;
    const seq = this.seq;
    let answer: RoundListResponse;
    try {
      answer = await this.api.fetchRounds(this.consultationId);
    } catch (error) {
      if (seq !== this.seq) return;
      if (!(error instanceof ApiRequestError)) console.error(error);
      const { status } = this.snapshot;
      this.set({ ...this.snapshot, status: status === 'loading' || status === 'failed' ? 'failed' : 'stale', error });
      return;
    }
    if (seq !== this.seq) return;
    this.set({
      status: 'loaded',
      rounds: [...answer.rounds].sort(byOpening),
      current: answer.current,
      clockOffset: answer.serverNow - this.clock(),
      error: null,
    });
  }

  /** Loads again after a failure; a failed first load shows `loading` again meanwhile. */
  retry(): Promise<void> {
    if (this.snapshot.status === 'failed') this.set({ ...this.snapshot, status: 'loading' });
    return this.loadAll();
  }

  private set(snapshot: RoundsSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of [...this.listeners]) listener();
  }
}

/** Loads the rounds, then follows the consultation's events (`rounds.changed`, `resynced`). Returns the way to stop. */
export function followRoundEvents(store: RoundStore, session: Pick<CollabSession, 'subscribeEvents'>): () => void {
  const unsubscribe = session.subscribeEvents((event) => {
    if (event.type === 'rounds.changed' || event.type === 'resynced') void store.loadAll();
  });
  void store.loadAll();
  return unsubscribe;
}

/** The page's round store: loads once the realtime session is there, then follows its events. */
export function useRoundStore(consultationId: string, session: CollabSession | null): RoundStore {
  const store = useMemo(() => new RoundStore(consultationId), [consultationId]);
  useEffect(() => (session === null ? undefined : followRoundEvents(store, session)), [store, session]);
  return store;
}

export function useRounds(store: RoundStore): RoundsSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
