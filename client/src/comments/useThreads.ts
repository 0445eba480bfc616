import type { ThreadView } from '@accord/shared';
import { useEffect, useMemo } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { createCoalescer } from '../app/coalesce.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type ThreadsApi, threadsApi } from './threadsApi.ts';

/**
 * `loading`: the first fetch is under way. `failed`: it failed, nothing to show. `stale`: what
 * is shown was loaded, but a later refresh failed (it may be out of date).
 */
export type ThreadsStatus = 'loading' | 'loaded' | 'failed' | 'stale';

const NO_THREADS: readonly ThreadView[] = Object.freeze([]);

/** Past this many changed threads in one event, one fetch of them all beats one fetch each. */
const MAX_SINGLE_REFRESHES = 20;

const byCreation = (a: ThreadView, b: ThreadView) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Deleted, or no longer ours to see. */
const isGone = (error: unknown) => error instanceof ApiRequestError && (error.status === 404 || error.status === 403);

/**
 * The threads of one consultation, as this reader may see them: fetched once, then kept up to
 * date from the server's realtime events and from the views its own actions return.
 *
 * Answers can arrive out of order (a full list fetched before an action, answered after it):
 * every request takes a sequence number when it starts, and a thread keeps the view from the
 * latest-started request that returned it; a thread that went keeps its number too, so that a
 * slower older answer cannot bring it back. One fetch of the list, and one of each thread, runs
 * at a time: asked again meanwhile, it runs once more after (a burst of events costs two
 * requests, not one each). Arrays handed out stay the same object until their contents change,
 * for `useSyncExternalStore`.
 */
export class ThreadStore {
  private readonly threads = new Map<string, ThreadView>();
  /** The sequence number of the request whose answer each thread shows. */
  private readonly seqOf = new Map<string, number>();
  private sorted: readonly ThreadView[] = NO_THREADS;
  private byClause = new Map<string, readonly ThreadView[]>();
  private numbers = new Map<string, number>();
  private status: ThreadsStatus = 'loading';
  private error: unknown = null;
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  private readonly coalesce = createCoalescer();

  constructor(
    private readonly consultationId: string,
    private readonly api: ThreadsApi = threadsApi,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getStatus = (): ThreadsStatus => this.status;

  /** Why the last request that failed did (for `failed` and `stale`). */
  readonly getError = (): unknown => this.error;

  /** Every thread, oldest first. */
  readonly getAll = (): readonly ThreadView[] => this.sorted;

  /** The threads on one clause, oldest first. */
  readonly getClauseThreads = (clauseId: string): readonly ThreadView[] => this.byClause.get(clauseId) ?? NO_THREADS;

  readonly getThread = (threadId: string): ThreadView | undefined => this.threads.get(threadId);

  /** A thread's number in the consultation ("#12"): its place in order of creation, from 1. */
  readonly numberOf = (threadId: string): number | null => this.numbers.get(threadId) ?? null;

  /** A sequence number for a request about to start (an action whose answer is a thread view). */
  beginRequest(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Applies a thread view a request started with `beginRequest` returned. */
  apply(view: ThreadView, seq: number): void {
    if (this.put(view, seq)) this.changed();
  }

  /** Fetches every thread again (on load, and after a gap in realtime events). */
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

  private async fetchAll(): Promise<void> {
    const seq = this.beginRequest();
    let threads: ThreadView[];
    try {
      threads = await this.api.fetchThreads(this.consultationId);
    } catch (error) {
      console.error(error);
      this.error = error;
      this.status = this.status === 'loading' || this.status === 'failed' ? 'failed' : 'stale';
      this.changed();
      return;
    }
    const returned = new Set<string>();
    for (const view of threads) {
      returned.add(view.id);
      this.put(view, seq);
    }
    for (const id of [...this.threads.keys()]) {
      if (!returned.has(id) && (this.seqOf.get(id) ?? 0) <= seq) this.remove(id, seq);
    }
    this.status = 'loaded';
    this.error = null;
    this.changed();
  }

  /** Fetches the threads a realtime event says changed. */
  async refresh(threadIds: readonly string[]): Promise<void> {
    const ids = [...new Set(threadIds)];
    if (ids.length === 0) return;
    if (ids.length > MAX_SINGLE_REFRESHES || this.status === 'failed') return this.loadAll();
    await Promise.all(ids.map((id) => this.coalesce(`thread:${id}`, () => this.fetchOne(id))));
    this.changed();
  }

  private async fetchOne(threadId: string): Promise<void> {
    const seq = this.beginRequest();
    try {
      this.put(await this.api.fetchThread(this.consultationId, threadId), seq);
    } catch (error) {
      if (isGone(error)) this.remove(threadId, seq);
      else {
        console.error(error);
        this.error = error;
        if (this.status === 'loaded') this.status = 'stale';
      }
    }
  }

  private put(view: ThreadView, seq: number): boolean {
    if ((this.seqOf.get(view.id) ?? 0) > seq) return false;
    this.seqOf.set(view.id, seq);
    this.threads.set(view.id, view);
    return true;
  }

  private remove(threadId: string, seq: number): void {
    if ((this.seqOf.get(threadId) ?? 0) > seq) return;
    this.seqOf.set(threadId, seq);
    this.threads.delete(threadId);
  }

  private changed(): void {
    const sorted = [...this.threads.values()].sort(byCreation);
    const grouped = new Map<string, ThreadView[]>();
    for (const view of sorted) {
      const list = grouped.get(view.clauseId);
      if (list) list.push(view);
      else grouped.set(view.clauseId, [view]);
    }
    // Keep each clause's array when its threads are the same objects: its row need not redraw.
    const byClause = new Map<string, readonly ThreadView[]>();
    for (const [clauseId, list] of grouped) {
      const before = this.byClause.get(clauseId);
      const same = before !== undefined && before.length === list.length && before.every((v, i) => v === list[i]);
      byClause.set(clauseId, same ? before : list);
    }
    const unchanged = sorted.length === this.sorted.length && sorted.every((v, i) => v === this.sorted[i]);
    if (!unchanged) this.sorted = sorted;
    this.byClause = byClause;
    this.numbers = new Map(sorted.map((view, index) => [view.id, index + 1]));
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * The page's thread store: loads the threads once the realtime session is there, then follows
 * the consultation's events (`threads.changed`: fetch those threads; `resynced`: events may have
 * been missed, fetch all).
 */
export function useThreadStore(consultationId: string, session: CollabSession | null): ThreadStore {
  const store = useMemo(() => new ThreadStore(consultationId), [consultationId]);
  useEffect(() => {
    if (session === null) return;
    const unsubscribe = session.subscribeEvents((event) => {
      if (event.type === 'threads.changed') void store.refresh(event.threadIds);
      else if (event.type === 'resynced') void store.loadAll();
    });
    void store.loadAll();
    return unsubscribe;
  }, [store, session]);
  return store;
}
