import type { ClauseComparison, MarkSeenRequest, SinceLastVisit } from '@accord/shared';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { markAllRequest, markClauseRequest } from './summary.ts';
import { type VisitsApi, visitsApi } from './visitsApi.ts';

/** What is under way: a refresh, marking everything seen, or marking one clause seen. */
export type SincePending = { kind: 'refresh' } | { kind: 'all' } | { kind: 'clause'; clauseId: string };

/** A mark that succeeded, for the panel to move focus on and say so. */
export type SinceMarked = { kind: 'all'; nonce: number } | { kind: 'clause'; clauseId: string; nonce: number };

export interface SinceSnapshot {
  /** `loading`: the first fetch is under way. `failed`: it failed, nothing to show. */
  status: 'loading' | 'loaded' | 'failed';
  summary: SinceLastVisit | null;
  pending: SincePending | null;
  /** Why the first load, or the last action, failed (the summary shown stays). */
  error: unknown;
  /** The action the error is about. */
  failed: SincePending | null;
  marked: SinceMarked | null;
}

const INITIAL: SinceSnapshot = {
  status: 'loading',
  summary: null,
  pending: null,
  error: null,
  failed: null,
  marked: null,
};

/**
 * One person's "since your last visit" summary of a consultation: fetched once when the page
 * opens, again on "Refresh"; each mark answers with the summary as it then stands, which
 * replaces the one shown. One request at a time: an action asked for while one is under way is
 * refused (the buttons say they are busy). No live updates: the panel is a snapshot of the
 * moment the page opened, with a "Refresh" button. The snapshot object changes only when
 * something does, for `useSyncExternalStore`.
 */
export class SinceLastVisitStore {
  private snapshot: SinceSnapshot = INITIAL;
  private nonce = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly consultationId: string,
    private readonly api: VisitsApi = visitsApi,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): SinceSnapshot => this.snapshot;

  /** The first fetch (and "Try again" after it failed). */
  load(): Promise<boolean> {
    if (this.snapshot.pending !== null) return Promise.resolve(false);
    if (this.snapshot.status === 'failed') this.set({ status: 'loading', error: null, failed: null });
    return this.run({ kind: 'refresh' }, () => this.api.fetchSinceLastVisit(this.consultationId));
  }

  /** Fetches the summary again: what changed since it was shown is added. */
  refresh(): Promise<boolean> {
    if (this.snapshot.status !== 'loaded') return this.load();
    return this.run({ kind: 'refresh' }, () => this.api.fetchSinceLastVisit(this.consultationId));
  }

  /** Marks one listed clause seen as shown. */
  markClause(clause: ClauseComparison): Promise<boolean> {
    const { summary } = this.snapshot;
    if (summary === null) return Promise.resolve(false);
    return this.mark({ kind: 'clause', clauseId: clause.clauseId }, markClauseRequest(summary, clause));
  }

  /** Marks everything listed seen, each clause as shown. */
  markAll(): Promise<boolean> {
    const { summary } = this.snapshot;
    if (summary === null) return Promise.resolve(false);
    return this.mark({ kind: 'all' }, markAllRequest(summary));
  }

  /** Forgets the last failure (its message was dismissed, or is out of date). */
  clearError(): void {
    if (this.snapshot.failed !== null && this.snapshot.status === 'loaded') this.set({ error: null, failed: null });
  }

  private mark(pending: SincePending & { kind: 'all' | 'clause' }, request: MarkSeenRequest): Promise<boolean> {
    return this.run(pending, () => this.api.markSeen(this.consultationId, request));
  }

  private async run(pending: SincePending, request: () => Promise<SinceLastVisit>): Promise<boolean> {
    if (this.snapshot.pending !== null) return false;
    this.set({ pending, error: null, failed: null });
    let summary: SinceLastVisit;
    try {
      summary = await request();
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      this.set({
        pending: null,
        error,
        failed: pending,
        status: this.snapshot.status === 'loading' ? 'failed' : this.snapshot.status,
      });
      return false;
    }
    let marked = this.snapshot.marked;
    if (pending.kind !== 'refresh') {
      this.nonce += 1;
      marked = pending.kind === 'all' ? { kind: 'all', nonce: this.nonce } : { ...pending, nonce: this.nonce };
    }
    this.set({ status: 'loaded', summary, pending: null, marked });
    return true;
  }

  private set(change: Partial<SinceSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of [...this.listeners]) listener();
  }
}

/** The page's summary: fetched once when the page opens. */
export function useSinceLastVisitStore(consultationId: string): SinceLastVisitStore {
  const store = useMemo(() => new SinceLastVisitStore(consultationId), [consultationId]);
  useEffect(() => {
    void store.load();
  }, [store]);
  return store;
}

export function useSinceSnapshot(store: SinceLastVisitStore): SinceSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
