import type { ConsultationResponse, SessionResponse } from '@accord/shared';
import { useCallback, useEffect } from 'react';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { useLiveLoad } from './useLiveLoad.ts';
import { useLiveSession } from './useLiveSession.ts';

/**
 * What every live consultation page (votes, versions, rounds…) starts with: the live session,
 * the consultation loaded (and reloaded on reconnect), and the header it gives `LivePage`.
 */
export function useConsultationLivePage(
  consultationId: string,
  session: SessionResponse,
  onSessionExpired: () => void,
) {
  const [language] = useLanguage();
  const collab = useLiveSession(consultationId, session);
  const { state, reload } = useLiveLoad(
    useCallback(() => fetchConsultation(consultationId), [consultationId]),
    onSessionExpired,
  );
  const header = useCallback(
    ({ consultation, capabilities }: ConsultationResponse) => ({
      title: consultation.title[language],
      canReadAudit: capabilities['auditLog.read'],
    }),
    [language],
  );
  return { collab, state, reload, header };
}

/** Signs the page out when a store's last request found the session gone (401). */
export function useSessionExpiryOf(error: unknown, onSessionExpired: () => void): void {
  useEffect(() => {
    if (error instanceof ApiRequestError && error.status === 401) onSessionExpired();
  }, [error, onSessionExpired]);
}
