import type { VersionSummary } from '@accord/shared';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { ApiRequestError } from '../api/apiClient.ts';
import { createCoalescer } from '../app/coalesce.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type VersionsApi, versionsApi } from './versionsApi.ts';

/**
 * `loading`: the first fetch is under way. `failed`: it failed, nothing to show. `stale`: what
 * is shown was loaded, but a later refresh failed (it may be out of date).
 */
export type VersionsStatus = 'loading' | 'loaded' | 'failed' | 'stale';

const NO_VERSIONS: readonly VersionSummary[] = Object.freeze([]);

/** Newest first; the id breaks ties, so the order never depends on the answer's. */
const newestFirst = (a: VersionSummary, b: VersionSummary) =>
  b.publishedAt - a.publishedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The published versions of one consultation: fetched once, then again whenever the server
 * says the list changed (`versions.changed`, and everything after a reconnection); a version
 * this page publishes goes in at once. Works as `VoteStore` does: every request takes a sequence
 * number when it starts and a version keeps the latest-started request's word on it, so a list
 * fetched before a publish and answered after it does not drop the new version; one fetch of the
 * list runs at a time. The array handed out stays the same object until its contents change,
 * for `useSyncExternalStore`.
 */
export class VersionStore {
  private readonly versions = new Map<string, VersionSummary>();
  private readonly seqOf = new Map<string, number>();
  private sorted: readonly VersionSummary[] = NO_VERSIONS;
  private status: VersionsStatus = 'loading';
  private error: unknown = null;
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  private readonly coalesce = createCoalescer();

  constructor(
    private readonly consultationId: string,
    private readonly api: VersionsApi = versionsApi,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getStatus = (): VersionsStatus => this.status;

  /** Why the last request that failed did (for `failed` and `stale`). */
  readonly getError = (): unknown => this.error;

  /** Every version, newest first. */
  readonly getAll = (): readonly VersionSummary[] => this.sorted;

  /** The version published last, if any. */
  readonly getLatest = (): VersionSummary | undefined => this.sorted[0];

  readonly getVersion = (versionId: string): VersionSummary | undefined => this.versions.get(versionId);

  /** A sequence number for a request about to start (publishing, whose answer is a version). */
  beginRequest(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Applies the version a request started with `beginRequest` returned. */
  apply(version: VersionSummary, seq: number): void {
    if (this.put(version, seq)) this.changed();
  }

  /** Fetches the list again (on load, on `versions.changed`, after a gap in realtime events). */
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
    let versions: VersionSummary[];
    try {
      versions = (await this.api.fetchVersions(this.consultationId)).versions;
    } catch (error) {
      if (!(error instanceof ApiRequestError)) console.error(error);
      this.error = error;
      this.status = this.status === 'loading' || this.status === 'failed' ? 'failed' : 'stale';
      this.changed();
      return;
    }
    const returned = new Set<string>();
    for (const version of versions) {
      returned.add(version.id);
      this.put(version, seq);
    }
    for (const id of [...this.versions.keys()]) {
      if (!returned.has(id) && (this.seqOf.get(id) ?? 0) <= seq) this.remove(id, seq);
    }
    this.status = 'loaded';
    this.error = null;
    this.changed();
  }

  private put(version: VersionSummary, seq: number): boolean {
    if ((this.seqOf.get(version.id) ?? 0) > seq) return false;
    this.seqOf.set(version.id, seq);
    this.versions.set(version.id, version);
    return true;
  }

  private remove(versionId: string, seq: number): void {
    if ((this.seqOf.get(versionId) ?? 0) > seq) return;
    this.seqOf.set(versionId, seq);
    this.versions.delete(versionId);
  }

  private changed(): void {
    const sorted = [...this.versions.values()].sort(newestFirst);
    const unchanged = sorted.length === this.sorted.length && sorted.every((v, i) => v === this.sorted[i]);
    if (!unchanged) this.sorted = sorted;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * Loads the versions, then follows the consultation's events (`versions.changed`: fetch the
 * list; `resynced`: events may have been missed, fetch it too). Returns the way to stop.
 */
export function followVersionEvents(store: VersionStore, session: Pick<CollabSession, 'subscribeEvents'>): () => void {
  const unsubscribe = session.subscribeEvents((event) => {
    if (event.type === 'versions.changed' || event.type === 'resynced') void store.loadAll();
  });
  void store.loadAll();
  return unsubscribe;
}

/** The page's version store: loads the list once the realtime session is there, then follows its events. */
export function useVersionStore(consultationId: string, session: CollabSession | null): VersionStore {
  const store = useMemo(() => new VersionStore(consultationId), [consultationId]);
  useEffect(() => (session === null ? undefined : followVersionEvents(store, session)), [store, session]);
  return store;
}

// Every hook gives React a server snapshot too (the same): components render as markup in tests.

export function useVersions(store: VersionStore): readonly VersionSummary[] {
  return useSyncExternalStore(store.subscribe, store.getAll, store.getAll);
}

export function useLatestVersion(store: VersionStore): VersionSummary | undefined {
  return useSyncExternalStore(store.subscribe, store.getLatest, store.getLatest);
}

export function useVersionsStatus(store: VersionStore): VersionsStatus {
  return useSyncExternalStore(store.subscribe, store.getStatus, store.getStatus);
}

export function useVersionsError(store: VersionStore): unknown {
  return useSyncExternalStore(store.subscribe, store.getError, store.getError);
}

/** A version of the list (undefined: not, or not yet, loaded). */
export function useVersionOf(store: VersionStore, versionId: string | null): VersionSummary | undefined {
  const get = useCallback(() => (versionId === null ? undefined : store.getVersion(versionId)), [store, versionId]);
  return useSyncExternalStore(store.subscribe, get, get);
}
