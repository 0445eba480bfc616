import type { PresenceUser, SessionResponse } from '@accord/shared';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { CollabSession, ConnectionState, SessionEvent } from '../collab/CollabSession.ts';
import { useCollabSession } from '../collab/useCollabSession.ts';

/** As the framework page shows us to others in its presence list. */
function presenceUserOf({ person, stakeholder }: SessionResponse): PresenceUser {
  return {
    personId: person.id,
    name: person.name,
    role: person.role,
    stakeholderId: person.stakeholderId,
    stakeholderName: stakeholder?.name.en ?? null,
  };
}

/**
 * The consultation's realtime connection for a page without editors: it opens only the
 * presence document, which carries the server's events (threads, review statuses changed).
 */
export function useLiveSession(consultationId: string, session: SessionResponse): CollabSession | null {
  const user = useMemo(() => presenceUserOf(session), [session]);
  return useCollabSession(consultationId, user);
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
