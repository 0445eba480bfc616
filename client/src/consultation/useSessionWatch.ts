import { useEffect } from 'react';
import { fetchSession } from '../api/accordApi.ts';
import { useConnectionState } from '../collab/useCollabSession.ts';

const RECHECK_MS = 15_000;

/**
 * While the sync connection is down or refused, asks the API whether we are still signed in:
 * signing out in another tab closes this page's socket (4401) and its reconnects are refused,
 * which from here looks the same as a network outage. A 401 means: back to sign-in.
 * Call inside `CollabSessionContext`.
 */
export function useSessionWatch(onSessionExpired: () => void): void {
  const state = useConnectionState();
  const troubled = state === 'offline' || state === 'denied';
  useEffect(() => {
    if (!troubled) return;
    let current = true;
    const check = () => {
      fetchSession().then(
        (session) => {
          if (current && session === null) onSessionExpired();
        },
        () => {}, // Unreachable: really offline; the socket keeps retrying.
      );
    };
    check();
    const timer = setInterval(check, RECHECK_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [troubled, onSessionExpired]);
}
