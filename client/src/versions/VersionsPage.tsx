import '../matrix/matrix.css';
import '../comments/comments.css';
import './versions.css';
import type { ConsultationResponse, VersionSummary } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errorMessage.ts';
import { AppLink } from '../app/AppLink.tsx';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import { comparePath, versionPath } from '../app/router.ts';
import type { CollabSession } from '../collab/CollabSession.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { LivePage, RefreshFailed } from '../matrix/LivePage.tsx';
import { LiveStatus } from '../matrix/LiveStatus.tsx';
import { useConsultationLivePage, useSessionExpiryOf } from '../matrix/useConsultationLivePage.ts';
import { ComparePicker } from './ComparePicker.tsx';
import { DRAFT, sinceVersionSearch } from './compareQuery.ts';
import { versionTitle } from './format.ts';
import { PublishVersionForm, versionElementId } from './PublishVersionForm.tsx';
import { useVersionStore, useVersions, useVersionsError, useVersionsStatus, type VersionStore } from './useVersions.ts';
import { RestoredFrom, VersionFacts } from './VersionFacts.tsx';

/**
 * `/consultations/:id/versions`: the published versions, newest first, live; a picker to compare
 * any two texts; and, for the secretariat, the form that publishes the current draft.
 */
export function VersionsPage(props: ConsultationPageProps) {
  const { consultationId, session, onSessionExpired } = props;
  const { collab, state, reload, header } = useConsultationLivePage(consultationId, session, onSessionExpired);
  const store = useVersionStore(consultationId, collab);
  const versionsError = useVersionsError(store);
  useSessionExpiryOf(versionsError, onSessionExpired);

  return (
    <LivePage {...props} page="versions" collab={collab} state={state} onRetry={reload} header={header}>
      {(consultation) => <VersionsBody consultation={consultation} collab={collab} store={store} />}
    </LivePage>
  );
}

function VersionsBody({
  consultation,
  collab,
  store,
}: {
  consultation: ConsultationResponse;
  collab: CollabSession | null;
  store: VersionStore;
}) {
  const { t } = useTranslation();
  const status = useVersionsStatus(store);
  const versions = useVersions(store);
  const error = useVersionsError(store);
  const headingId = useId();
  const listId = useId();
  const consultationId = consultation.consultation.id;
  // A server that does not know versions yet sends no such capability: no form.
  const canPublish = consultation.capabilities['version.publish'] === true;
  const loaded = status === 'loaded' || status === 'stale';
  const latest = versions[0];

  return (
    <>
      <section className="versions-intro" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('versions.title')}</h2>
        <p>{t('versions.intro')}</p>
      </section>
      <LiveStatus collab={collab} messages="versions" />
      {canPublish && <PublishVersionForm consultationId={consultationId} store={store} />}
      {status === 'stale' && <RefreshFailed message={t('versions.refreshFailed')} onRetry={() => void store.retry()} />}
      {status === 'loading' && <p role="status">{t('versions.loading')}</p>}
      {status === 'failed' && (
        <div role="alert" className="form-error">
          <p>
            {t('versions.loadFailed')} {errorMessage(error, t)}
          </p>
          <button type="button" onClick={() => void store.retry()}>
            {t('errors.retry')}
          </button>
        </div>
      )}
      {loaded && latest !== undefined && (
        <ComparePicker
          consultationId={consultationId}
          versions={versions}
          from={latest.id}
          to={DRAFT}
          headingLevel={3}
        />
      )}
      {loaded && (
        <section className="versions-section" aria-labelledby={listId}>
          <h3 id={listId}>{t('versions.listHeading')}</h3>
          {versions.length === 0 ? (
            <p className="notice">{t('versions.none')}</p>
          ) : (
            <ol className="version-list">
              {versions.map((version) => (
                <li key={version.id} data-testid="version-item" data-version-id={version.id}>
                  <VersionCard consultationId={consultationId} version={version} store={store} />
                </li>
              ))}
            </ol>
          )}
        </section>
      )}
    </>
  );
}

/** One version in the list: title, who published it and when, what it holds, its note, and where to go. */
function VersionCard({
  consultationId,
  version,
  store,
}: {
  consultationId: string;
  version: VersionSummary;
  store: VersionStore;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const titleId = useId();
  const title = versionTitle(version.title, language, t);
  const restoredFrom = version.restoredFrom === null ? undefined : store.getVersion(version.restoredFrom);
  return (
    <article id={versionElementId(version.id)} className="version-card" aria-labelledby={titleId} tabIndex={-1}>
      <h4 id={titleId} lang={title.lang}>
        {title.text}
      </h4>
      <VersionFacts version={version} formatDate={formatDate} />
      {version.restoredFrom !== null && (
        <RestoredFrom consultationId={consultationId} versionId={version.restoredFrom} title={restoredFrom?.title} />
      )}
      {version.note !== '' && <p className="version-note">{version.note}</p>}
      <ul className="version-actions">
        <li>
          <AppLink href={versionPath(consultationId, version.id)} aria-describedby={titleId}>
            {t('versions.open')}
          </AppLink>
        </li>
        <li>
          <AppLink href={comparePath(consultationId, sinceVersionSearch(version.id))} aria-describedby={titleId}>
            {t('versions.compareWithDraft')}
          </AppLink>
        </li>
      </ul>
    </article>
  );
}
