import type { ConsultationResponse, ReviewStatusView, ThreadView } from '@accord/shared';
import { type Dispatch, type SetStateAction, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import type { SessionEvent } from '../collab/CollabSession.ts';
import { createCoalescer } from './coalesce.ts';
import { applyThread, applyThreadList, emptyLiveThreads, type LiveThreads, threadList } from './liveThreads.ts';
import { fetchReviewStatuses, fetchThread, fetchThreads } from './matrixApi.ts';

export interface MatrixData {
  consultation: ConsultationResponse;
  threads: ThreadView[];
  reviewStatuses: ReviewStatusView[];
}

export type MatrixDataState =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  /** `refreshError`: a later refetch failed, so the data shown may be out of date. */
  | { status: 'loaded'; data: MatrixData; refreshError: unknown };

/** A value and the ticket of the request it came from (see `liveThreads.ts`). */
interface Versioned<T> {
  ticket: number;
  value: T;
}

function newer<T>(current: Versioned<T>, ticket: number, value: T): Versioned<T> {
  return ticket > current.ticket ? { ticket, value } : current;
}

interface Store {
  consultation: Versioned<ConsultationResponse | null>;
  reviewStatuses: Versioned<ReviewStatusView[]>;
  threads: LiveThreads;
  initial: { status: 'loading' } | { status: 'loaded' } | { status: 'failed'; error: unknown };
  refreshError: unknown;
}

const initialStore: Store = {
  consultation: { ticket: 0, value: null },
  reviewStatuses: { ticket: 0, value: [] },
  threads: emptyLiveThreads,
  initial: { status: 'loading' },
  refreshError: null,
};

/** More threads than this in one event: refetch the list rather than each. */
const MAX_SINGLE_REFETCHES = 20;

const isGone = (error: unknown) => error instanceof ApiRequestError && (error.status === 404 || error.status === 403);
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
        const [consultation, threads, reviewStatuses] = await Promise.all([
          fetchConsultation(consultationId),
          fetchThreads(consultationId),
          fetchReviewStatuses(consultationId),
        ]);
        update((store) => ({
          consultation: newer(store.consultation, ticket, consultation),
          reviewStatuses: newer(store.reviewStatuses, ticket, reviewStatuses),
          threads: applyThreadList(store.threads, ticket, threads),
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

  const refetchThreads = () =>
    coalesce('threads', async () => {
      const ticket = nextTicket();
      try {
        const threads = await fetchThreads(consultationId);
        update((store) => ({ ...store, threads: applyThreadList(store.threads, ticket, threads) }));
      } catch (error) {
        refreshFailed(error);
      }
    });

  const refetchThread = (threadId: string) =>
    coalesce(`thread:${threadId}`, async () => {
      const ticket = nextTicket();
      let thread: ThreadView | null;
      try {
        thread = await fetchThread(consultationId, threadId);
      } catch (error) {
        // Deleted, or no longer ours to see: it leaves the matrix.
        if (!isGone(error)) return refreshFailed(error);
        thread = null;
      }
      update((store) => ({ ...store, threads: applyThread(store.threads, ticket, threadId, thread) }));
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
        case 'threads.changed':
          if (event.threadIds.length > MAX_SINGLE_REFETCHES) refetchThreads();
          else for (const id of event.threadIds) refetchThread(id);
          return;
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
  /** Realtime events to apply; null until loading started. */
  onEvent: ((event: SessionEvent) => void) | null;
  /** Shows a review status the server just confirmed, before its event comes back. */
  reviewStatusSaved: (view: ReviewStatusView) => void;
}

/**
 * The consultation, its threads and review statuses, kept current by realtime events: a
 * changed thread is fetched alone and replaced; review statuses are fetched again; after a
 * reconnection, everything is. The page remounts for another consultation (App's `key`).
 */
export function useMatrixData(consultationId: string, onSessionExpired: () => void): MatrixDataHandle {
  const [store, setStore] = useState<Store>(initialStore);
  const [loader, setLoader] = useState<Loader | null>(null);
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

  const state = useMemo((): MatrixDataState => {
    const { initial, consultation } = store;
    if (initial.status === 'failed') return initial;
    if (initial.status === 'loading' || consultation.value === null) return { status: 'loading' };
    return {
      status: 'loaded',
      data: {
        consultation: consultation.value,
        threads: threadList(store.threads),
        reviewStatuses: store.reviewStatuses.value,
      },
      refreshError: store.refreshError,
    };
  }, [store]);

  const retry = useCallback(() => {
    setStore((current) =>
      current.initial.status === 'failed' ? { ...current, initial: { status: 'loading' } } : current,
    );
    loader?.refetchAll();
  }, [loader]);

  return {
    state,
    retry,
    onEvent: loader?.onEvent ?? null,
    reviewStatusSaved: loader?.reviewStatusSaved ?? noop,
  };
}

const noop = () => {};
