import './matrix.css';
import type { AuditEntryView, ConsultationResponse, ThreadView } from '@accord/shared';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { AuditTable } from './AuditTable.tsx';
import { fetchAuditLog, fetchThreads } from './matrixApi.ts';
import { PageHeader } from './PageHeader.tsx';
import { type ConsultationSubpageProps, SessionWatch } from './SessionWatch.tsx';
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
export function AuditLogPage({ consultationId, session, onSignOut, onSessionExpired }: ConsultationSubpageProps) {
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
  const headingRef = useRef<HTMLHeadingElement>(null);

  const loaded = state.status === 'loaded';
  useEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded]);

  const sessionWatch = <SessionWatch collab={collab} onSessionExpired={onSessionExpired} />;

  if (state.status !== 'loaded') {
    const expired = state.status === 'failed' && state.error instanceof ApiRequestError && state.error.status === 401;
    const notFound =
      state.status === 'failed' &&
      state.error instanceof ApiRequestError &&
      (state.error.status === 404 || state.error.status === 403);
    return (
      <div className="page">
        <PageHeader title={t('app.name')} session={session} onSignOut={onSignOut} />
        <main className="page-message">
          {state.status === 'loading' || expired ? (
            <p role="status">{t('audit.loading')}</p>
          ) : (
            <>
              <p role="alert">{notFound ? t('consultation.notFound') : errorMessage(state.error, t)}</p>
              {!notFound && (
                <button type="button" onClick={reload}>
                  {t('errors.retry')}
                </button>
              )}
            </>
          )}
        </main>
        {sessionWatch}
      </div>
    );
  }

  const { consultation, entries, threads } = state.data;
  return (
    <div className="page">
      <a className="skip-link" href="#audit-main">
        {t('audit.skipToContent')}
      </a>
      <PageHeader
        title={consultation.consultation.title[language]}
        session={session}
        onSignOut={onSignOut}
        headingRef={headingRef}
        nav={{ consultationId, current: 'audit', canReadAudit: entries !== null }}
      />
      {sessionWatch}
      <main id="audit-main" className="matrix-page" tabIndex={-1}>
        <h2>{t('audit.title')}</h2>
        {entries === null ? (
          <p className="notice">{t('audit.notAllowed')}</p>
        ) : (
          <>
            {state.refreshError !== null && (
              <div role="alert" className="form-error matrix-refresh-error">
                <span>{t('audit.refreshFailed')}</span>
                <button type="button" onClick={reload}>
                  {t('errors.retry')}
                </button>
              </div>
            )}
            <p role="status" className="matrix-count">
              {t('audit.count', { count: entries.length })}
            </p>
            <AuditTable entries={entries} threads={threads} consultation={consultation} />
          </>
        )}
      </main>
    </div>
  );
}
