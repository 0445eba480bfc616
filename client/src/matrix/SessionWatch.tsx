import type { CollabSession } from '../collab/CollabSession.ts';
import { CollabSessionContext } from '../collab/useCollabSession.ts';
import { useSessionWatch } from '../consultation/useSessionWatch.ts';

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
