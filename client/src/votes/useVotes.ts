import type { VoteSubject, VoteView } from '@accord/shared';
import { useEffect, useMemo } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { createCoalescer } from '../app/coalesce.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type VoteAnswer, type VotesApi, votesApi } from './votesApi.ts';

/**
 * `loading`: the first fetch is under way. `failed`: it failed, nothing to show. `stale`: what
 * is shown was loaded, but a later refresh failed (it may be out of date).
 */
export type VotesStatus = 'loading' | 'loaded' | 'failed' | 'stale';

const NO_VOTES: readonly VoteView[] = Object.freeze([]);

/** Past this many changed votes in one event, one fetch of them all beats one fetch each. */
const MAX_SINGLE_REFRESHES = 20;

/**
 * A vote that passed its closing time closes on the server, which then says so with an event.
 * Should that event be missed, the store asks for the vote itself this long after the time, and
 * asks again no sooner than `OVERDUE_RETRY_MS` (the clocks may disagree a little).
 */
const OVERDUE_GRACE_MS = 3_000;
const OVERDUE_RETRY_MS = 15_000;

/** Where the votes on a subject are grouped: a thread's (response and wording), a clause's, the framework's. */
export const threadVotesKey = (threadId: string) => `thread:${threadId}`;
export const clauseVotesKey = (clauseId: string) => `clause:${clauseId}`;
export const FRAMEWORK_VOTES_KEY = 'framework';

export function subjectVotesKey(subject: VoteSubject): string {
  switch (subject.kind) {
    case 'response':
    case 'proposal':
      return threadVotesKey(subject.threadId);
    case 'clause':
      return clauseVotesKey(subject.clauseId);
    case 'framework':
      return FRAMEWORK_VOTES_KEY;
  }
}

const byOpening = (a: VoteView, b: VoteView) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Deleted, or no longer ours to see. */
const isGone = (error: unknown) => error instanceof ApiRequestError && (error.status === 404 || error.status === 403);

export interface VoteStoreOptions {
  /** This browser's clock (tests give their own). */
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * The votes of one consultation: fetched once, then kept up to date from the server's realtime
 * events (`votes.changed`, and everything after a reconnection) and from the views its own
 * actions return. Works as `ThreadStore` does: every request takes a sequence number when it
 * starts and a vote keeps the view of the latest-started request that returned it, so a slower
 * older answer never overwrites a newer one; one fetch of the list, and one of each vote, runs
 * at a time. Arrays handed out stay the same object until their contents change, for
 * `useSyncExternalStore`.
 *
 * It also keeps the server's clock: every answer carries `serverNow`, and time left to vote is
 * counted by it (`serverNow()`), not by this browser's clock, which may be minutes off.
 */
export class VoteStore {
  private readonly votes = new Map<string, VoteView>();
  private readonly seqOf = new Map<string, number>();
  private sorted: readonly VoteView[] = NO_VOTES;
  private bySubject = new Map<string, readonly VoteView[]>();
  private status: VotesStatus = 'loading';
  private error: unknown = null;
  private seq = 0;
  /** The server's clock minus ours, as of the latest answer. */
  private clockOffset = 0;
  private readonly listeners = new Set<() => void>();
  private readonly coalesce = createCoalescer();
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private overdueTimer: unknown = null;
  private lastOverdueRefresh = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly consultationId: string,
    private readonly api: VotesApi = votesApi,
    options: VoteStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getStatus = (): VotesStatus => this.status;

  /** Why the last request that failed did (for `failed` and `stale`). */
  readonly getError = (): unknown => this.error;

  /** Every vote, oldest first. */
  readonly getAll = (): readonly VoteView[] => this.sorted;

  /** The votes on one subject group (`threadVotesKey`, `clauseVotesKey`, `FRAMEWORK_VOTES_KEY`), oldest first. */
  readonly getSubjectVotes = (key: string): readonly VoteView[] => this.bySubject.get(key) ?? NO_VOTES;

  readonly getVote = (voteId: string): VoteView | undefined => this.votes.get(voteId);

  /** The server's clock now, as far as its answers tell. */
  readonly serverNow = (): number => this.now() + this.clockOffset;

  /** A sequence number for a request about to start (an action whose answer is a vote view). */
  beginRequest(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Applies the answer of a request started with `beginRequest`. */
  apply(answer: VoteAnswer, seq: number): void {
    this.learnClock(answer.serverNow);
    if (this.put(answer.vote, seq)) this.changed();
  }

  /** Fetches every vote again (on load, and after a gap in realtime events). */
  loadAll(): Promise<void> {
    return this.coalesce('all', () => this.fetchAll());
  }

  /** Loads again after a failure; a failed first load shows `loading` again meanwhile. */
  retry(): Promise<void> {
    if (this.status === 'failed') {
      this.status = 'loading';
      this.changed();
    }
    return this.loadAll();
  }

  /** Fetches the votes a realtime event says changed (new ones included). */
  async refresh(voteIds: readonly string[]): Promise<void> {
    const ids = [...new Set(voteIds)];
    if (ids.length === 0) return;
    if (ids.length > MAX_SINGLE_REFRESHES || this.status === 'failed' || this.status === 'loading')
      return this.loadAll();
    await Promise.all(ids.map((id) => this.coalesce(`vote:${id}`, () => this.fetchOne(id))));
    this.changed();
  }

  /** Stops the timer that follows closing times (the page went); any later change sets it again. */
  dispose(): void {
    if (this.overdueTimer !== null) this.clearTimer(this.overdueTimer);
    this.overdueTimer = null;
  }

  private async fetchAll(): Promise<void> {
    const seq = this.beginRequest();
    let votes: VoteView[];
    try {
      const answer = await this.api.fetchVotes(this.consultationId);
      this.learnClock(answer.serverNow);
      votes = answer.votes;
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      this.error = error;
      this.status = this.status === 'loading' || this.status === 'failed' ? 'failed' : 'stale';
      this.changed();
      return;
    }
    const returned = new Set<string>();
    for (const view of votes) {
      returned.add(view.id);
      this.put(view, seq);
    }
    for (const id of [...this.votes.keys()]) {
      if (!returned.has(id) && (this.seqOf.get(id) ?? 0) <= seq) this.remove(id, seq);
    }
    this.status = 'loaded';
    this.error = null;
    this.changed();
  }

  private async fetchOne(voteId: string): Promise<void> {
    const seq = this.beginRequest();
    try {
      const answer = await this.api.fetchVote(this.consultationId, voteId);
      this.learnClock(answer.serverNow);
      this.put(answer.vote, seq);
    } catch (error) {
      if (isGone(error)) this.remove(voteId, seq);
      else {
        if (!(error instanceof ApiRequestError)) console.error(error);
        this.error = error;
        if (this.status === 'loaded') this.status = 'stale';
      }
    }
  }

  private learnClock(serverNow: number): void {
    if (Number.isFinite(serverNow)) this.clockOffset = serverNow - this.now();
  }

  private put(view: VoteView, seq: number): boolean {
    if ((this.seqOf.get(view.id) ?? 0) > seq) return false;
    this.seqOf.set(view.id, seq);
    this.votes.set(view.id, view);
    return true;
  }

  private remove(voteId: string, seq: number): void {
    if ((this.seqOf.get(voteId) ?? 0) > seq) return;
    this.seqOf.set(voteId, seq);
    this.votes.delete(voteId);
  }

  private changed(): void {
    const sorted = [...this.votes.values()].sort(byOpening);
    const grouped = new Map<string, VoteView[]>();
    for (const view of sorted) {
      const key = subjectVotesKey(view.subject);
      const list = grouped.get(key);
      if (list) list.push(view);
      else grouped.set(key, [view]);
    }
    // Keep a subject's array when its votes are the same objects: what shows it need not redraw.
    const bySubject = new Map<string, readonly VoteView[]>();
    for (const [key, list] of grouped) {
      const before = this.bySubject.get(key);
      const same = before !== undefined && before.length === list.length && before.every((v, i) => v === list[i]);
      bySubject.set(key, same ? before : list);
    }
    const unchanged = sorted.length === this.sorted.length && sorted.every((v, i) => v === this.sorted[i]);
    if (!unchanged) this.sorted = sorted;
    this.bySubject = bySubject;
    this.followClosings();
    for (const listener of [...this.listeners]) listener();
  }

  /** Sets the timer for the next open vote to pass its closing time (see `OVERDUE_GRACE_MS`). */
  private followClosings(): void {
    this.dispose();
    let next = Number.POSITIVE_INFINITY;
    for (const vote of this.votes.values())
      if (vote.state === 'open' && vote.closesAt !== null) next = Math.min(next, vote.closesAt);
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(
      next - this.serverNow() + OVERDUE_GRACE_MS,
      this.lastOverdueRefresh + OVERDUE_RETRY_MS - this.now(),
      0,
    );
    this.overdueTimer = this.setTimer(() => {
      this.overdueTimer = null;
      this.lastOverdueRefresh = this.now();
      const now = this.serverNow();
      const overdue = [...this.votes.values()]
        .filter((vote) => vote.state === 'open' && vote.closesAt !== null && vote.closesAt <= now)
        .map((vote) => vote.id);
      if (overdue.length > 0) void this.refresh(overdue);
      else this.followClosings();
    }, delay);
  }
}

/**
 * Loads the votes, then follows the consultation's events (`votes.changed`: fetch those votes;
 * `resynced`: events may have been missed, fetch all). Returns the way to stop.
 */
export function followVoteEvents(store: VoteStore, session: Pick<CollabSession, 'subscribeEvents'>): () => void {
  const unsubscribe = session.subscribeEvents((event) => {
    if (event.type === 'votes.changed') void store.refresh(event.voteIds);
    else if (event.type === 'resynced') void store.loadAll();
  });
  void store.loadAll();
  return () => {
    unsubscribe();
    store.dispose();
  };
}

/** The page's vote store: loads the votes once the realtime session is there, then follows its events. */
export function useVoteStore(consultationId: string, session: CollabSession | null): VoteStore {
  const store = useMemo(() => new VoteStore(consultationId), [consultationId]);
  useEffect(() => (session === null ? undefined : followVoteEvents(store, session)), [store, session]);
  return store;
}
