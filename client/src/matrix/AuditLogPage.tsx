import './matrix.css';
import type { AuditEntryView, ConsultationResponse, ThreadView } from '@accord/shared';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import { fetchThreads } from '../comments/threadsApi.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { AuditTable } from './AuditTable.tsx';
import { LivePage, RefreshFailed } from './LivePage.tsx';
import { fetchAuditLog } from './matrixApi.ts';
import { useLiveLoad } from './useLiveLoad.ts';
import { useLiveSession, useSessionEvents } from './useLiveSession.ts';

interface AuditData {
  consultation: ConsultationResponse;
  /** Null: this person may not read the log. */
  entries: AuditEntryView[] | null;
  /** To name targets: "thread on clause 4.3". */
  threads: ThreadView[];
}

async function loadAudit(consultationId: string): Promise<AuditData> {
  const consultation = await fetchConsultation(consultationId);
  // Ask for the log only when allowed: others get the message, not a refused request.
  if (!consultation.capabilities['auditLog.read']) return { consultation, entries: null, threads: [] };
  try {
    const [entries, threads] = await Promise.all([fetchAuditLog(consultationId), fetchThreads(consultationId)]);
    return { consultation, entries, threads };
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 403) return { consultation, entries: null, threads: [] };
    throw error;
  }
}

/** `/consultations/:id/audit`: what the secretariat and authors changed, newest first (secretariat only). */
export function AuditLogPage(props: ConsultationPageProps) {
  const { consultationId, session, onSessionExpired } = props;
  const { t } = useTranslation();
  const [language] = useLanguage();
  const collab = useLiveSession(consultationId, session);
  const { state, reload } = useLiveLoad(
    useCallback(() => loadAudit(consultationId), [consultationId]),
    onSessionExpired,
  );
  // Every event may come with a new entry: threads moderated or answered, statuses set. Those
  // who may not read the log have nothing to refresh.
  const denied = state.status === 'loaded' && state.data.entries === null;
  useSessionEvents(collab, denied ? null : reload);

  return (
    <LivePage
      {...props}
      page="audit"
      collab={collab}
      state={state}
      onRetry={reload}
      header={({ consultation, entries }) => ({
        title: consultation.consultation.title[language],
        canReadAudit: entries !== null,
      })}
    >
      {({ consultation, entries, threads }, refreshError) => (
        <>
          <h2>{t('audit.title')}</h2>
          {entries === null ? (
            <p className="notice">{t('audit.notAllowed')}</p>
          ) : (
            <>
              {refreshError !== null && <RefreshFailed message={t('audit.refreshFailed')} onRetry={reload} />}
              <p role="status" className="matrix-count">
                {t('audit.count', { count: entries.length })}
              </p>
              <AuditTable entries={entries} threads={threads} consultation={consultation} />
            </>
          )}
        </>
      )}
    </LivePage>
  );
}
