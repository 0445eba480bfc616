import './matrix.css';
import { type Actor, buildMatrix, type SessionResponse } from '@accord/shared';
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { hasFilters, knownFilters } from './filtersQuery.ts';
import { LiveStatus } from './LiveStatus.tsx';
import { MatrixFilters } from './MatrixFilters.tsx';
import { MatrixTable } from './MatrixTable.tsx';
import { PageHeader } from './PageHeader.tsx';
import { ReviewStatusBoard } from './ReviewStatusBoard.tsx';
import { type ConsultationSubpageProps, SessionWatch } from './SessionWatch.tsx';
import { useLiveSession, useSessionEvents } from './useLiveSession.ts';
import { type MatrixData, useMatrixData } from './useMatrixData.ts';
import { useUrlFilters } from './useUrlFilters.ts';

function actorOf({ person }: SessionResponse): Actor {
  return { personId: person.id, role: person.role, stakeholderId: person.stakeholderId };
}

/** `/consultations/:id/matrix`: the comments matrix and the review progress, live. */
export function MatrixPage({ consultationId, session, onSignOut, onSessionExpired }: ConsultationSubpageProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const collab = useLiveSession(consultationId, session);
  const { state, retry, onEvent, reviewStatusSaved } = useMatrixData(consultationId, onSessionExpired);
  useSessionEvents(collab, onEvent);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const loaded = state.status === 'loaded';
  useEffect(() => {
    // Move focus to the page's heading when it appears, as a page load would.
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
            <p role="status">{t('matrix.loading')}</p>
          ) : (
            <>
              <p role="alert">{notFound ? t('consultation.notFound') : errorMessage(state.error, t)}</p>
              {!notFound && (
                <button type="button" onClick={retry}>
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

  const { consultation, capabilities } = state.data.consultation;
  return (
    <div className="page">
      <a className="skip-link" href="#matrix-main">
        {t('matrix.skipToContent')}
      </a>
      <PageHeader
        title={consultation.title[language]}
        session={session}
        onSignOut={onSignOut}
        headingRef={headingRef}
        nav={{ consultationId, current: 'matrix', canReadAudit: capabilities['auditLog.read'] }}
      />
      {sessionWatch}
      <main id="matrix-main" className="matrix-page" tabIndex={-1}>
        <LiveStatus collab={collab} />
        {state.refreshError !== null && (
          <div role="alert" className="form-error matrix-refresh-error">
            <span>{t('matrix.refreshFailed')}</span>
            <button type="button" onClick={retry}>
              {t('errors.retry')}
            </button>
          </div>
        )}
        <ReviewStatusBoard
          consultationId={consultationId}
          stakeholders={state.data.consultation.stakeholders}
          reviewStatuses={state.data.reviewStatuses}
          actor={actorOf(session)}
          canSet={capabilities['reviewStatus.set']}
          onSaved={reviewStatusSaved}
        />
        <MatrixSection data={state.data} consultationId={consultationId} />
      </main>
    </div>
  );
}

/** The filters, the downloads and the table, computed here from the live threads. */
function MatrixSection({ data, consultationId }: { data: MatrixData; consultationId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [urlFilters, setFilters] = useUrlFilters();
  const { framework, stakeholders, capabilities } = data.consultation;
  const filters = useMemo(
    () => knownFilters(urlFilters, { framework, stakeholders }),
    [urlFilters, framework, stakeholders],
  );
  const view = useMemo(
    () => buildMatrix({ threads: data.threads, framework, stakeholders, reviewStatuses: data.reviewStatuses }, filters),
    [data.threads, data.reviewStatuses, framework, stakeholders, filters],
  );

  return (
    <section className="matrix-block" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('matrix.title')}</h2>
      <div className="matrix-toolbar">
        <MatrixFilters filters={filters} onChange={setFilters} framework={framework} stakeholders={stakeholders} />
        {capabilities['matrix.export'] && <ExportLinks consultationId={consultationId} filters={filters} />}
      </div>
      <p role="status" className="matrix-count">
        {t('matrix.rowCount', { count: view.rowCount })}
      </p>
      <MatrixTable view={view} consultationId={consultationId} filtered={hasFilters(filters)} />
    </section>
  );
}
