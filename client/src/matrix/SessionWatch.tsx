import type { SessionResponse } from '@accord/shared';
import type { CollabSession } from '../collab/CollabSession.ts';
import { CollabSessionContext } from '../collab/useCollabSession.ts';
import { useSessionWatch } from '../consultation/useSessionWatch.ts';

/** What App passes to the matrix and audit pages, as to the framework page. */
export interface ConsultationSubpageProps {
  consultationId: string;
  session: SessionResponse;
  /** Rejects when the server did not end the session: the person is still signed in. */
  onSignOut: () => Promise<void>;
  /** The server no longer knows the session (401): back to sign-in. */
  onSessionExpired: () => void;
}

function Watch({ onSessionExpired }: { onSessionExpired: () => void }) {
  useSessionWatch(onSessionExpired);
  return null;
}

/**
 * Renders nothing; while the realtime connection is in trouble, checks whether we were signed
 * out (from another tab, say), which from here looks like a network outage.
 */
export function SessionWatch({
  collab,
  onSessionExpired,
}: {
  collab: CollabSession | null;
  onSessionExpired: () => void;
}) {
  if (collab === null) return null;
  return (
    <CollabSessionContext value={collab}>
      <Watch onSessionExpired={onSessionExpired} />
    </CollabSessionContext>
  );
}
