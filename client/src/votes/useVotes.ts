import type { VoteSubject, VoteView } from '@accord/shared';
import { useEffect, useMemo } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { keepSameArrays, type LiveListStatus, LiveListStore } from '../app/liveListStore.ts';
import type { ActionStore } from '../app/useStoreAction.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type VoteAnswer, type VotesApi, votesApi } from './votesApi.ts';

/** See `LiveListStatus`. */
export type VotesStatus = LiveListStatus;

const NO_VOTES: readonly VoteView[] = Object.freeze([]);

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
 * events (`refresh` the votes an event names; everything after a reconnection) and from the
 * views its own actions return (see `LiveListStore` for how answers racing each other are
 * ordered). Beside the list it keeps each subject's votes (the same array while unchanged).
 *
 * It also keeps the server's clock: every answer carries `serverNow`, and time left to vote is
 * counted by it (`serverNow()`), not by this browser's clock, which may be minutes off.
 */
export class VoteStore implements ActionStore<VoteAnswer> {
  private readonly list: LiveListStore<VoteView>;
  private bySubject = new Map<string, readonly VoteView[]>();
  /** The server's clock minus ours, as of the latest answer. */
  private clockOffset = 0;
  private readonly now: () => number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  private overdueTimer: unknown = null;
  private lastOverdueRefresh = Number.NEGATIVE_INFINITY;

  constructor(consultationId: string, api: VotesApi = votesApi, options: VoteStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
    this.list = new LiveListStore<VoteView>({
      key: (vote) => vote.id,
      compare: byOpening,
      fetchAll: async () => {
        const answer = await api.fetchVotes(consultationId);
        this.learnClock(answer.serverNow);
        return answer.votes;
      },
      fetchOne: async (voteId) => {
        try {
          const answer = await api.fetchVote(consultationId, voteId);
          this.learnClock(answer.serverNow);
          return answer.vote;
        } catch (error) {
          if (isGone(error)) return null;
          throw error;
        }
      },
      onChange: (sorted) => this.derive(sorted),
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => this.list.subscribe(listener);

  readonly getStatus = (): VotesStatus => this.list.getStatus();

  /** Why the last request that failed did (for `failed` and `stale`). */
  readonly getError = (): unknown => this.list.getError();

  /** Every vote, oldest first. */
  readonly getAll = (): readonly VoteView[] => this.list.getAll();

  /** The votes on one subject group (`threadVotesKey`, `clauseVotesKey`, `FRAMEWORK_VOTES_KEY`), oldest first. */
  readonly getSubjectVotes = (key: string): readonly VoteView[] => this.bySubject.get(key) ?? NO_VOTES;

  readonly getVote = (voteId: string): VoteView | undefined => this.list.getItem(voteId);

  /** The server's clock now, as far as its answers tell. */
  readonly serverNow = (): number => this.now() + this.clockOffset;

  /** A sequence number for a request about to start (an action whose answer is a vote view). */
  beginRequest(): number {
    return this.list.beginRequest();
  }

  /** Applies the answer of a request started with `beginRequest`. */
  apply(answer: VoteAnswer, seq: number): void {
    this.learnClock(answer.serverNow);
    this.list.apply(answer.vote, seq);
  }

  /** Fetches every vote again (on load, and after a gap in realtime events). */
  loadAll(): Promise<void> {
    return this.list.loadAll();
  }

  /** Loads again after a failure; a failed first load shows `loading` again meanwhile. */
  retry(): Promise<void> {
    return this.list.retry();
  }

  /** Fetches the votes a realtime event says changed (new ones included). */
  refresh(voteIds: readonly string[]): Promise<void> {
    return this.list.refresh(voteIds);
  }

  /** Stops the timer that follows closing times (the page went); any later change sets it again. */
  dispose(): void {
    if (this.overdueTimer !== null) this.clearTimer(this.overdueTimer);
    this.overdueTimer = null;
  }

  private learnClock(serverNow: number): void {
    if (Number.isFinite(serverNow)) this.clockOffset = serverNow - this.now();
  }

  private derive(sorted: readonly VoteView[]): void {
    const grouped = new Map<string, VoteView[]>();
    for (const view of sorted) {
      const key = subjectVotesKey(view.subject);
      const list = grouped.get(key);
      if (list) list.push(view);
      else grouped.set(key, [view]);
    }
    this.bySubject = keepSameArrays(this.bySubject, grouped);
    this.followClosings();
  }

  /** Sets the timer for the next open vote to pass its closing time (see `OVERDUE_GRACE_MS`). */
  private followClosings(): void {
    this.dispose();
    let next = Number.POSITIVE_INFINITY;
    for (const vote of this.list.getAll())
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
      const overdue = this.list
        .getAll()
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
