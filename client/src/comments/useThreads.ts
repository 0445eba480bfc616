import type { ThreadView } from '@accord/shared';
import { useEffect, useMemo } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { keepSameArrays, type LiveListStatus, LiveListStore } from '../app/liveListStore.ts';
import type { ActionStore } from '../app/useStoreAction.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type ThreadsApi, threadsApi } from './threadsApi.ts';

/** See `LiveListStatus`. */
export type ThreadsStatus = LiveListStatus;

const NO_THREADS: readonly ThreadView[] = Object.freeze([]);

const byCreation = (a: ThreadView, b: ThreadView) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Deleted, or no longer ours to see. */
const isGone = (error: unknown) => error instanceof ApiRequestError && (error.status === 404 || error.status === 403);

/**
 * The threads of one consultation, as this reader may see them: fetched once, then kept up to
 * date from the server's realtime events (`refresh` the threads an event names) and from the
 * views its own actions return (see `LiveListStore` for how answers racing each other are
 * ordered; a thread that went keeps its sequence number, so a slower older answer cannot bring
 * it back). Beside the list it keeps each clause's threads (the same array while that clause's
 * threads are the same objects, so its row need not redraw) and each thread's number.
 */
export class ThreadStore implements ActionStore<ThreadView> {
  private readonly list: LiveListStore<ThreadView>;
  private byClause = new Map<string, readonly ThreadView[]>();
  private numbers = new Map<string, number>();

  constructor(consultationId: string, api: ThreadsApi = threadsApi) {
    this.list = new LiveListStore<ThreadView>({
      key: (view) => view.id,
      compare: byCreation,
      fetchAll: () => api.fetchThreads(consultationId),
      fetchOne: async (threadId) => {
        try {
          return await api.fetchThread(consultationId, threadId);
        } catch (error) {
          if (isGone(error)) return null;
          throw error;
        }
      },
      onChange: (sorted) => this.derive(sorted),
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => this.list.subscribe(listener);

  readonly getStatus = (): ThreadsStatus => this.list.getStatus();

  /** Why the last request that failed did (for `failed` and `stale`). */
  readonly getError = (): unknown => this.list.getError();

  /** Every thread, oldest first. */
  readonly getAll = (): readonly ThreadView[] => this.list.getAll();

  /** The threads on one clause, oldest first. */
  readonly getClauseThreads = (clauseId: string): readonly ThreadView[] => this.byClause.get(clauseId) ?? NO_THREADS;

  readonly getThread = (threadId: string): ThreadView | undefined => this.list.getItem(threadId);

  /** A thread's number in the consultation ("#12"): its place in order of creation, from 1. */
  readonly numberOf = (threadId: string): number | null => this.numbers.get(threadId) ?? null;

  /** A sequence number for a request about to start (an action whose answer is a thread view). */
  beginRequest(): number {
    return this.list.beginRequest();
  }

  /** Applies a thread view a request started with `beginRequest` returned. */
  apply(view: ThreadView, seq: number): void {
    this.list.apply(view, seq);
  }

  /** Fetches every thread again (on load, and after a gap in realtime events). */
  loadAll(): Promise<void> {
    return this.list.loadAll();
  }

  /** Loads again after a failure; a failed first load shows `loading` again meanwhile. */
  retry(): Promise<void> {
    return this.list.retry();
  }

  /** Fetches the threads a realtime event says changed. */
  refresh(threadIds: readonly string[]): Promise<void> {
    return this.list.refresh(threadIds);
  }

  private derive(sorted: readonly ThreadView[]): void {
    const grouped = new Map<string, ThreadView[]>();
    for (const view of sorted) {
      const list = grouped.get(view.clauseId);
      if (list) list.push(view);
      else grouped.set(view.clauseId, [view]);
    }
    this.byClause = keepSameArrays(this.byClause, grouped);
    this.numbers = new Map(sorted.map((view, index) => [view.id, index + 1]));
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
