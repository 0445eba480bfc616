import type { TranslationStatus, TranslationStatusResponse } from '@accord/shared';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { type LiveListStatus, LiveListStore } from '../app/liveListStore.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type TranslationsApi, translationsApi } from './translationsApi.ts';

/**
 * Every clause's translation status on one consultation, kept live: a clause's taken from the
 * event (or refetched) when its stored text changes or its translation is confirmed
 * (`translations.changed`), all of them when
 * a version is published (never-confirmed clauses count from the latest) or events may have been
 * missed (`resynced`). A confirmation's answer goes in at once.
 */
export class TranslationStore extends LiveListStore<TranslationStatus> {
  private readonly latest: { version: TranslationStatusResponse['version'] };

  constructor(consultationId: string, api: TranslationsApi = translationsApi) {
    const latest: { version: TranslationStatusResponse['version'] } = { version: null };
    super({
      key: (status) => status.clauseId,
      fetchAll: async () => {
        const response = await api.fetchTranslationStatus(consultationId);
        latest.version = response.version;
        return response.clauses;
      },
      fetchSome: async (clauseIds) => {
        const response = await api.fetchTranslationStatus(consultationId, clauseIds);
        latest.version = response.version;
        return response.clauses;
      },
    });
    this.latest = latest;
  }

  /** The version never-confirmed clauses count from (null: none published, or not loaded yet). */
  readonly getVersion = (): TranslationStatusResponse['version'] => this.latest.version;

  /** The clauses whose translation is out of date, in reading order (the same array while unchanged). */
  private outOfDate: readonly TranslationStatus[] = [];
  private outOfDateOf: readonly TranslationStatus[] | null = null;

  readonly getOutOfDate = (): readonly TranslationStatus[] => {
    const all = this.getAll();
    if (this.outOfDateOf !== all) {
      this.outOfDateOf = all;
      this.outOfDate = all.filter((status) => status.state !== 'in_line');
    }
    return this.outOfDate;
  };
}

/** Loads the statuses, then follows the events that may change them. Returns the way to stop. */
export function followTranslationEvents(
  store: TranslationStore,
  session: Pick<CollabSession, 'subscribeEvents'>,
): () => void {
  const unsubscribe = session.subscribeEvents((event) => {
    // A clause's text or confirmation changed: that clause. A new version moves every
    // never-confirmed clause's baseline; after a gap anything may have: everything.
    if (event.type === 'translations.changed') {
      // The server sends the statuses as they now are (the same for everyone): take them as a
      // fetch's answer, newer than any fetch under way; without them, fetch those clauses.
      if (event.statuses !== undefined) store.applyAll(event.statuses, store.beginRequest());
      else void store.loadSome(event.clauseIds);
    } else if (event.type === 'versions.changed' || event.type === 'resynced') void store.loadAll();
  });
  void store.loadAll();
  return unsubscribe;
}

/** The page's translation store: loads once the realtime session is there, then follows its events. */
export function useTranslationStore(consultationId: string, session: CollabSession | null): TranslationStore {
  const store = useMemo(() => new TranslationStore(consultationId), [consultationId]);
  useEffect(() => (session === null ? undefined : followTranslationEvents(store, session)), [store, session]);
  return store;
}

// Every hook gives React a server snapshot too (the same): components render as markup in tests.

export function useTranslationStatusOf(store: TranslationStore, clauseId: string): TranslationStatus | undefined {
  const get = useCallback(() => store.getItem(clauseId), [store, clauseId]);
  return useSyncExternalStore(store.subscribe, get, get);
}

export function useOutOfDateTranslations(store: TranslationStore): readonly TranslationStatus[] {
  return useSyncExternalStore(store.subscribe, store.getOutOfDate, store.getOutOfDate);
}

export function useTranslationsStatus(store: TranslationStore): LiveListStatus {
  return useSyncExternalStore(store.subscribe, store.getStatus, store.getStatus);
}
