import { useTranslation } from 'react-i18next';
import type { CollabSession } from '../collab/CollabSession.ts';
import { useLiveConnectionState } from './useLiveSession.ts';

/** Whether the page is following changes live, or may be showing an old picture. */
export function LiveStatus({
  collab,
  messages = 'matrix',
}: {
  collab: CollabSession | null;
  /** Whose sentences: the matrix's ("the matrix updates…"), the votes' ("tallies update…"), the versions'. */
  messages?: 'matrix' | 'votes' | 'versions' | 'rounds';
}) {
  const { t } = useTranslation();
  const state = useLiveConnectionState(collab);
  // This page writes nothing: "saving" only means some other document is catching up.
  const shown = state === 'saved' || state === 'saving' ? 'live' : state;
  return (
    <p role="status" className={`live-status live-${shown}`}>
      <span className="live-dot" aria-hidden="true" />
      {t(`${messages}.live.${shown}`)}
    </p>
  );
}
