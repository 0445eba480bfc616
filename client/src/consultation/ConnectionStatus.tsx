import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../collab/CollabSession.ts';
import { useConnectionState } from '../collab/useCollabSession.ts';

// Each keystroke is acknowledged within milliseconds; showing "saving…" only when a save takes
// longer keeps the live region from announcing every keystroke to screen reader users.
const SAVING_DELAY_MS = 600;

export function ConnectionStatus() {
  const { t } = useTranslation();
  const state = useConnectionState();
  const [shown, setShown] = useState<ConnectionState>(state);

  useEffect(() => {
    if (state !== 'saving') {
      setShown(state);
      return;
    }
    const timer = setTimeout(() => setShown('saving'), SAVING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <p role="status" className={`connection-status connection-${shown}`}>
      <span className="connection-dot" aria-hidden="true" />
      {t(`connection.${shown}`)}
    </p>
  );
}
