import type { CollabSession, SessionEvent } from './CollabSession.ts';

/**
 * The realtime sessions open in this browser tab (the page's one; two for a moment while one
 * page replaces another), for what outlives a page and still wants the server's events: the
 * notifications bell in every page's header hears `notifications.changed` through whichever
 * page's session is open. `useCollabSession` registers each session it makes.
 */
const listeners = new Set<(event: SessionEvent) => void>();

function dispatch(event: SessionEvent): void {
  for (const listener of [...listeners]) listener(event);
}

/** Passes the session's events on to `subscribeOpenSessionEvents` listeners until the returned function is called. */
export function registerOpenSession(session: Pick<CollabSession, 'subscribeEvents'>): () => void {
  return session.subscribeEvents(dispatch);
}

/** Calls `listener` with every realtime event of every open session, now and later; returns the unsubscriber. */
export function subscribeOpenSessionEvents(listener: (event: SessionEvent) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
