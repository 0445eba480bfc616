import type { VersionSummary } from '@accord/shared';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { type LiveListStatus, LiveListStore } from '../app/liveListStore.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type VersionsApi, versionsApi } from './versionsApi.ts';

/** See `LiveListStatus`. */
export type VersionsStatus = LiveListStatus;

/** Newest first; the id breaks ties, so the order never depends on the answer's. */
const newestFirst = (a: VersionSummary, b: VersionSummary) =>
  b.publishedAt - a.publishedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The published versions of one consultation: fetched once, then again whenever the server
 * says the list changed (`versions.changed`, and everything after a reconnection); a version
 * this page publishes goes in at once (see `LiveListStore` for how answers racing each other
 * are ordered).
 */
export class VersionStore extends LiveListStore<VersionSummary> {
  constructor(consultationId: string, api: VersionsApi = versionsApi) {
    super({
      key: (version) => version.id,
      compare: newestFirst,
      fetchAll: async () => (await api.fetchVersions(consultationId)).versions,
    });
  }

  /** The version published last, if any. */
  readonly getLatest = (): VersionSummary | undefined => this.getAll()[0];

  readonly getVersion = (versionId: string): VersionSummary | undefined => this.getItem(versionId);
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
