import type { ConsultationResponse, ReviewStatusView, ThreadView } from '@accord/shared';
import {
  type Dispatch,
  type SetStateAction,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { createCoalescer } from '../app/coalesce.ts';
import type { CollabSession, SessionEvent } from '../collab/CollabSession.ts';
import { useThreadStore } from '../comments/useThreads.ts';
import { fetchReviewStatuses } from './matrixApi.ts';
import type { LiveLoadState } from './useLiveLoad.ts';

export interface MatrixData {
  consultation: ConsultationResponse;
  threads: ThreadView[];
  reviewStatuses: ReviewStatusView[];
}

export type MatrixDataState = LiveLoadState<MatrixData>;

/**
 * A value and the ticket of the request it came from: requests overlap (everything after a
 * reconnection, the review statuses after each change), and the answer of the latest-started
 * one wins.
 */
interface Versioned<T> {
  ticket: number;
  value: T;
}

function newer<T>(current: Versioned<T>, ticket: number, value: T): Versioned<T> {
  return ticket > current.ticket ? { ticket, value } : current;
}

/** The consultation and review statuses; the threads are in the thread store. */
interface Store {
  consultation: Versioned<ConsultationResponse | null>;
  reviewStatuses: Versioned<ReviewStatusView[]>;
  initial: { status: 'loading' } | { status: 'loaded' } | { status: 'failed'; error: unknown };
  refreshError: unknown;
}

const initialStore: Store = {
  consultation: { ticket: 0, value: null },
  reviewStatuses: { ticket: 0, value: [] },
  initial: { status: 'loading' },
  refreshError: null,
};

const isExpired = (error: unknown) => error instanceof ApiRequestError && error.status === 401;

/** What fetches and patches the store; one per mounted page (its requests die with it). */
interface Loader {
  refetchAll(): void;
  onEvent(event: SessionEvent): void;
  reviewStatusSaved(view: ReviewStatusView): void;
  dispose(): void;
}

function createLoader(
  consultationId: string,
  setStore: Dispatch<SetStateAction<Store>>,
  onSessionExpired: () => void,
): Loader {
  let disposed = false;
  let lastTicket = 0;
  const nextTicket = () => ++lastTicket;
  const coalesce = createCoalescer();
  const update = (change: (store: Store) => Store) => {
    if (!disposed) setStore(change);
  };
  const refreshFailed = (error: unknown) => {
    if (disposed) return;
    if (isExpired(error)) onSessionExpired();
    update((store) => ({ ...store, refreshError: error }));
  };

  const refetchAll = () =>
    coalesce('all', async () => {
      const ticket = nextTicket();
      try {
        const [consultation, reviewStatuses] = await Promise.all([
          fetchConsultation(consultationId),
          fetchReviewStatuses(consultationId),
        ]);
        update((store) => ({
          consultation: newer(store.consultation, ticket, consultation),
          reviewStatuses: newer(store.reviewStatuses, ticket, reviewStatuses),
          initial: { status: 'loaded' },
          refreshError: null,
        }));
      } catch (error) {
        if (disposed) return;
        if (isExpired(error)) onSessionExpired();
        update((store) =>
          store.initial.status === 'loaded'
            ? { ...store, refreshError: error }
            : { ...store, initial: { status: 'failed', error } },
        );
      }
    });

  const refetchReviewStatuses = () =>
    coalesce('reviewStatuses', async () => {
      const ticket = nextTicket();
      try {
        const reviewStatuses = await fetchReviewStatuses(consultationId);
        update((store) => ({ ...store, reviewStatuses: newer(store.reviewStatuses, ticket, reviewStatuses) }));
      } catch (error) {
        refreshFailed(error);
      }
    });

  return {
    refetchAll,
    onEvent(event) {
      switch (event.type) {
        case 'reviewStatuses.changed':
          refetchReviewStatuses();
          return;
        case 'resynced':
          // Events may have been missed while disconnected.
          refetchAll();
          return;
      }
    },
    reviewStatusSaved(view) {
      // The server's answer to our own change is the newest we know: it beats requests in flight.
      const ticket = nextTicket();
      update((store) => {
        const list = store.reviewStatuses.value;
        const value = list.some((s) => s.stakeholderId === view.stakeholderId)
          ? list.map((s) => (s.stakeholderId === view.stakeholderId ? view : s))
          : [...list, view];
        return { ...store, reviewStatuses: newer(store.reviewStatuses, ticket, value) };
      });
    },
    dispose() {
      disposed = true;
    },
  };
}

export interface MatrixDataHandle {
  state: MatrixDataState;
  /** Loads everything again (after a failure). */
  retry: () => void;
  /** Shows a review status the server just confirmed, before its event comes back. */
  reviewStatusSaved: (view: ReviewStatusView) => void;
}

/**
 * The consultation, its threads and review statuses, kept current by the realtime events of
 * `collab`: a changed thread is fetched alone and replaced (by the thread store the framework
 * page uses too); review statuses are fetched again; after a reconnection, everything is. The
 * page remounts for another consultation (App's `key`).
 */
export function useMatrixData(
  consultationId: string,
  collab: CollabSession | null,
  onSessionExpired: () => void,
): MatrixDataHandle {
  const [store, setStore] = useState<Store>(initialStore);
  const [loader, setLoader] = useState<Loader | null>(null);
  const threadStore = useThreadStore(consultationId, collab);
  const allThreads = useSyncExternalStore(threadStore.subscribe, threadStore.getAll);
  // `buildMatrix` takes an array of its own.
  const threads = useMemo(() => [...allThreads], [allThreads]);
  const threadsStatus = useSyncExternalStore(threadStore.subscribe, threadStore.getStatus);
  const threadsError = useSyncExternalStore(threadStore.subscribe, threadStore.getError);
  // The latest callback, without restarting the loader when the parent passes a new one.
  const expiredRef = useRef(onSessionExpired);
  useEffect(() => {
    expiredRef.current = onSessionExpired;
  }, [onSessionExpired]);

  useEffect(() => {
    // Tickets restart with each loader: so does what they guard.
    setStore(initialStore);
    const created = createLoader(consultationId, setStore, () => expiredRef.current());
    setLoader(created);
    created.refetchAll();
    return () => created.dispose();
  }, [consultationId]);

  useEffect(() => {
    if (collab === null || loader === null) return;
    return collab.subscribeEvents(loader.onEvent);
  }, [collab, loader]);

  useEffect(() => {
    if (isExpired(threadsError)) expiredRef.current();
  }, [threadsError]);

  const state = useMemo((): MatrixDataState => {
    const { initial, consultation } = store;
    if (initial.status === 'failed') return initial;
    if (threadsStatus === 'failed') return { status: 'failed', error: threadsError };
    if (initial.status === 'loading' || consultation.value === null || threadsStatus === 'loading')
      return { status: 'loading' };
    return {
      status: 'loaded',
      data: {
        consultation: consultation.value,
        threads,
        reviewStatuses: store.reviewStatuses.value,
      },
      refreshError: store.refreshError ?? (threadsStatus === 'stale' ? threadsError : null),
    };
  }, [store, threads, threadsStatus, threadsError]);

  const retry = useCallback(() => {
    setStore((current) =>
      current.initial.status === 'failed' ? { ...current, initial: { status: 'loading' } } : current,
    );
    loader?.refetchAll();
    void threadStore.retry();
  }, [loader, threadStore]);

  return { state, retry, reviewStatusSaved: loader?.reviewStatusSaved ?? noop };
}

const noop = () => {};
