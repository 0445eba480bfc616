import type { PresenceUser } from '@accord/shared';
import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { CollabSession, type ConnectionState } from './CollabSession.ts';
import { collabUrl } from './collabUrl.ts';
import { registerOpenSession } from './openSessions.ts';

/**
 * One `CollabSession` for as long as the page shows this consultation to this person;
 * destroyed (socket closed) when it goes. Null until created, on the first effect.
 */
export function useCollabSession(consultationId: string, user: PresenceUser): CollabSession | null {
  const [session, setSession] = useState<CollabSession | null>(null);
  const { personId, name, role, stakeholderId, stakeholderName } = user;
  useEffect(() => {
    const created = new CollabSession({
      url: collabUrl(),
      consultationId,
      user: { personId, name, role, stakeholderId, stakeholderName },
    });
    setSession(created);
    const unregister = registerOpenSession(created);
    return () => {
      unregister();
      created.destroy();
    };
  }, [consultationId, personId, name, role, stakeholderId, stakeholderName]);
  return session;
}

export const CollabSessionContext = createContext<CollabSession | null>(null);

function useSessionFromContext(): CollabSession {
  const session = useContext(CollabSessionContext);
  if (session === null) throw new Error('Collaboration hooks need a <CollabSessionContext value={session}> above them');
  return session;
}

export function useConnectionState(): ConnectionState {
  const session = useSessionFromContext();
  return useSyncExternalStore(session.subscribe, session.getConnectionState);
}

export function usePeopleHere(): PresenceUser[] {
  const session = useSessionFromContext();
  return useSyncExternalStore(session.subscribe, session.getPeople);
}

export function useClauseProviderFactory(): CollabSession['createClauseProvider'] {
  return useSessionFromContext().createClauseProvider;
}

/**
 * Whether the clause document's editor has synced with the server at least once (see
 * `CollabSession.hasSynced`): until then the page shows the clause's saved text instead.
 */
export function useClauseSynced(documentName: string): boolean {
  const session = useSessionFromContext();
  const subscribe = useCallback(
    (listener: () => void) => session.subscribeDocument(documentName, listener),
    [session, documentName],
  );
  return useSyncExternalStore(subscribe, () => session.hasSynced(documentName));
}

/**
 * While an open clause holds edits not yet saved, asks the browser to confirm leaving the page
 * (closing the tab, reloading, following a link out): Yjs keeps such edits only in the page.
 */
export function useConfirmLeavingWithUnsavedChanges(): void {
  const session = useSessionFromContext();
  const unsaved = useSyncExternalStore(session.subscribe, session.hasUnsavedChanges);
  useEffect(() => {
    if (!unsaved) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when `returnValue` is set; its text is no longer shown.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);
}

/** The page's `CollabSession` (for realtime events and open documents); inside `CollabSessionContext`. */
export function useCollabSessionFromContext(): CollabSession {
  return useSessionFromContext();
}
