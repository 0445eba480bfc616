import './matrix.css';
import { type Actor, buildMatrix, type SessionResponse } from '@accord/shared';
import { useId, useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { useVoteStore, type VoteStore } from '../votes/useVotes.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { hasFilters, knownFilters } from './filtersQuery.ts';
import { LivePage, RefreshFailed } from './LivePage.tsx';
import { LiveStatus } from './LiveStatus.tsx';
import { MatrixFilters } from './MatrixFilters.tsx';
import { MatrixTable } from './MatrixTable.tsx';
import { ReviewStatusBoard } from './ReviewStatusBoard.tsx';
import { useLiveSession } from './useLiveSession.ts';
import { type MatrixData, useMatrixData } from './useMatrixData.ts';
import { useUrlFilters } from './useUrlFilters.ts';

function actorOf({ person }: SessionResponse): Actor {
  return { personId: person.id, role: person.role, stakeholderId: person.stakeholderId };
}

/** `/consultations/:id/matrix`: the comments matrix and the review progress, live. */
export function MatrixPage(props: ConsultationPageProps) {
  const { consultationId, session, onSessionExpired } = props;
  const { t } = useTranslation();
  const [language] = useLanguage();
  const collab = useLiveSession(consultationId, session);
  const { state, retry, reviewStatusSaved } = useMatrixData(consultationId, collab, onSessionExpired);
  // Each row shows the standing vote on its thread; the matrix shows without them until they come.
  const voteStore = useVoteStore(consultationId, collab);

  return (
    <LivePage
      {...props}
      page="matrix"
      collab={collab}
      state={state}
      onRetry={retry}
      header={({ consultation: { consultation, capabilities } }) => ({
        title: consultation.title[language],
        canReadAudit: capabilities['auditLog.read'],
      })}
    >
      {(data, refreshError) => (
        <>
          <LiveStatus collab={collab} />
          {refreshError !== null && <RefreshFailed message={t('matrix.refreshFailed')} onRetry={retry} />}
          <ReviewStatusBoard
            consultationId={consultationId}
            stakeholders={data.consultation.stakeholders}
            reviewStatuses={data.reviewStatuses}
            actor={actorOf(session)}
            canSet={data.consultation.capabilities['reviewStatus.set']}
            onSaved={reviewStatusSaved}
          />
          <MatrixSection data={data} consultationId={consultationId} voteStore={voteStore} />
        </>
      )}
    </LivePage>
  );
}

/** The filters, the downloads and the table, computed here from the live threads and votes. */
function MatrixSection({
  data,
  consultationId,
  voteStore,
}: {
  data: MatrixData;
  consultationId: string;
  voteStore: VoteStore;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [urlFilters, setFilters] = useUrlFilters();
  const { framework, stakeholders, capabilities } = data.consultation;
  const filters = useMemo(
    () => knownFilters(urlFilters, { framework, stakeholders }),
    [urlFilters, framework, stakeholders],
  );
  const votes = useSyncExternalStore(voteStore.subscribe, voteStore.getAll);
  const view = useMemo(
    () =>
      buildMatrix(
        { threads: data.threads, framework, stakeholders, reviewStatuses: data.reviewStatuses, votes: [...votes] },
        filters,
      ),
    [data.threads, data.reviewStatuses, votes, framework, stakeholders, filters],
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
