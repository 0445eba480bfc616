import type { SessionResponse } from '@accord/shared';
import { useEffect, useSyncExternalStore } from 'react';
import type { CollabSession, ConnectionState, SessionEvent } from '../collab/CollabSession.ts';
import { presenceUserOf } from '../collab/presenceUser.ts';
import { useCollabSession } from '../collab/useCollabSession.ts';

/**
 * The consultation's realtime connection for a page without editors: it opens only the
 * presence document, which carries the server's events (threads, review statuses changed).
 */
export function useLiveSession(consultationId: string, session: SessionResponse): CollabSession | null {
  // Shown to others as on the framework page; `useCollabSession` compares the user's fields.
  return useCollabSession(consultationId, presenceUserOf(session));
}

/** Calls `onEvent` (kept stable by the caller) with each realtime event of the consultation. */
export function useSessionEvents(collab: CollabSession | null, onEvent: ((event: SessionEvent) => void) | null): void {
  useEffect(() => {
    if (collab === null || onEvent === null) return;
    return collab.subscribeEvents(onEvent);
  }, [collab, onEvent]);
}

const noSubscription = () => () => {};

/** 'connecting' until the session exists. */
export function useLiveConnectionState(collab: CollabSession | null): ConnectionState {
  return useSyncExternalStore(collab?.subscribe ?? noSubscription, () => collab?.getConnectionState() ?? 'connecting');
}
