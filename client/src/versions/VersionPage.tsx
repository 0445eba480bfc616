import '../matrix/matrix.css';
import '../comments/comments.css';
import './versions.css';
import type { ClauseSnapshot, ConsultationResponse, PassageView, ThreadView, VersionView } from '@accord/shared';
import { useCallback, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchConsultation } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { AppLink } from '../app/AppLink.tsx';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import { comparePath, versionsPath } from '../app/router.ts';
import { fillSlots } from '../comments/format.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ResponseBadge } from '../matrix/badges.tsx';
import { describeProposal } from '../matrix/format.ts';
import { LivePage } from '../matrix/LivePage.tsx';
import { threadPath } from '../matrix/links.ts';
import { useLiveLoad } from '../matrix/useLiveLoad.ts';
import { useLiveSession } from '../matrix/useLiveSession.ts';
import { COLUMN_ORDER } from './CompareClause.tsx';
import { sinceVersionSearch } from './compareQuery.ts';
import { localized, type SnapshotSection, snapshotOutline, snapshotThreads, versionTitle } from './format.ts';
import { RestoreVersion } from './RestoreVersion.tsx';
import { RestoredFrom, VersionFacts } from './VersionFacts.tsx';
import { fetchVersion } from './versionsApi.ts';

interface VersionData {
  consultation: ConsultationResponse;
  /** Null: the consultation has no such version. */
  version: VersionView | null;
}

async function loadVersion(consultationId: string, versionId: string): Promise<VersionData> {
  const [consultation, version] = await Promise.all([
    fetchConsultation(consultationId),
    fetchVersion(consultationId, versionId).catch((error: unknown) => {
      if (error instanceof ApiRequestError && error.status === 404) return null;
      throw error;
    }),
  ]);
  return { consultation, version };
}

/**
 * `/consultations/:id/versions/:versionId`: a published version, read only: the framework as it
 * stood (sections, and each clause's Chinese and English side by side, as on the framework page
 * but plain text), and under each clause the threads it had then.
 */
export function VersionPage({ versionId, ...props }: ConsultationPageProps & { versionId: string }) {
  const { consultationId, session, onSessionExpired } = props;
  const { t } = useTranslation();
  const [language] = useLanguage();
  // Nothing here changes (a version is frozen); the connection watches the session all the same.
  const collab = useLiveSession(consultationId, session);
  const { state, reload } = useLiveLoad(
    useCallback(() => loadVersion(consultationId, versionId), [consultationId, versionId]),
    onSessionExpired,
  );
  return (
    <LivePage
      {...props}
      page="version"
      collab={collab}
      state={state}
      onRetry={reload}
      header={({ consultation }) => ({
        title: consultation.consultation.title[language],
        canReadAudit: consultation.capabilities['auditLog.read'],
      })}
    >
      {({ consultation, version }) =>
        version === null ? (
          <div className="page-message">
            <p role="alert">{t('version.notFound')}</p>
            <AppLink href={versionsPath(consultationId)}>{t('version.allVersions')}</AppLink>
          </div>
        ) : (
          <VersionBody consultation={consultation} version={version} />
        )
      }
    </LivePage>
  );
}

function VersionBody({ consultation, version }: { consultation: ConsultationResponse; version: VersionView }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const titleId = useId();
  const consultationId = consultation.consultation.id;
  const title = versionTitle(version.title, language, t);
  const outline = useMemo(() => snapshotOutline(version.framework), [version.framework]);
  const threads = useMemo(() => snapshotThreads(version.threads), [version.threads]);
  const env: FrameworkEnv = { consultation, threads };

  return (
    <>
      <section className="version-banner" aria-labelledby={titleId}>
        <p className="version-readonly">{t('version.readOnly')}</p>
        <h2 id={titleId} lang={title.lang}>
          {title.text}
        </h2>
        <VersionFacts version={version} formatDate={formatDate} />
        {version.restoredFrom !== null && (
          <RestoredFrom consultationId={consultationId} versionId={version.restoredFrom} />
        )}
        {version.note !== '' && <p className="version-note">{version.note}</p>}
        <ul className="version-actions">
          <li>
            <AppLink href={comparePath(consultationId, sinceVersionSearch(version.id))}>
              {t('version.compareWithDraft')}
            </AppLink>
          </li>
          <li>
            <AppLink href={versionsPath(consultationId)}>{t('version.allVersions')}</AppLink>
          </li>
        </ul>
        {consultation.capabilities['version.restore'] && (
          <RestoreVersion consultationId={consultationId} versionId={version.id} />
        )}
      </section>
      <section className="framework version-framework" aria-label={t('version.frameworkLabel')}>
        <div className="column-headings" aria-hidden="true">
          <span />
          {COLUMN_ORDER.map((column) => (
            <span key={column}>{t(`language.${column}`)}</span>
          ))}
        </div>
        {outline.map((section) => (
          <SectionView key={section.id} section={section} env={env} />
        ))}
      </section>
    </>
  );
}

interface FrameworkEnv {
  consultation: ConsultationResponse;
  threads: ReturnType<typeof snapshotThreads>;
}

function SectionView({ section, env }: { section: SnapshotSection; env: FrameworkEnv }) {
  const [language] = useLanguage();
  const headingId = useId();
  // Under the version's title (h2): top-level sections are h3, the others h4.
  const Heading = section.depth === 0 ? 'h3' : 'h4';
  const own = localized(section.title, language);
  const other = language === 'en' ? 'zh' : 'en';
  return (
    <section className={`section section-depth-${section.depth}`} aria-labelledby={headingId}>
      <Heading id={headingId} className="section-heading">
        <span className="section-number">{section.number}</span> <span lang={own?.lang}>{own?.text ?? ''}</span>{' '}
        {section.title[other] !== '' && own?.lang !== other && (
          <span className="section-title-other" lang={other}>
            {section.title[other]}
          </span>
        )}
      </Heading>
      {section.clauses.map((clause) => (
        <ClauseRow key={clause.id} clause={clause} env={env} />
      ))}
      {section.children.map((child) => (
        <SectionView key={child.id} section={child} env={env} />
      ))}
    </section>
  );
}

/** A clause as it stood: number, Chinese and English side by side, and how many threads it had. */
function ClauseRow({ clause, env }: { clause: ClauseSnapshot; env: FrameworkEnv }) {
  const { t } = useTranslation();
  return (
    <article className="clause version-clause" aria-label={t('version.clauseLabel', { number: clause.number })}>
      <div className="clause-number" aria-hidden="true">
        {clause.number}
      </div>
      {COLUMN_ORDER.map((language) => (
        <div key={language} className="clause-text">
          <span className="visually-hidden">{t('version.textLabel', { language: t(`language.${language}`) })}</span>
          {clause.text[language].trim() === '' ? (
            <div className="clause-preview version-text is-empty">{t('version.emptyText')}</div>
          ) : (
            <div className="clause-preview version-text" lang={language}>
              {clause.text[language]}
            </div>
          )}
        </div>
      ))}
      <ClauseThreads clause={clause} env={env} />
    </article>
  );
}

/** "3 threads, as they stood", opening onto them. */
function ClauseThreads({ clause, env }: { clause: ClauseSnapshot; env: FrameworkEnv }) {
  const { t } = useTranslation();
  const threads = env.threads.byClause.get(clause.id) ?? [];
  if (threads.length === 0) return <p className="version-threads version-threads-none">{t('version.noThreads')}</p>;
  return (
    <details className="version-threads">
      <summary>{t('version.threadsSummary', { count: threads.length })}</summary>
      <ol className="version-thread-list" aria-label={t('version.threadsLabel', { number: clause.number })}>
        {threads.map((thread) => (
          <li key={thread.id}>
            <VersionThread thread={thread} number={env.threads.numbers.get(thread.id) ?? null} env={env} />
          </li>
        ))}
      </ol>
    </details>
  );
}

/** A thread as it stood: kind and number, who opened it, on what, its opening comment, and the response. */
function VersionThread({ thread, number, env }: { thread: ThreadView; number: number | null; env: FrameworkEnv }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDate = useDateTimeFormat();
  const titleId = useId();
  const { stakeholders } = env.consultation;
  const stakeholder = stakeholders.find((s) => s.id === thread.stakeholderId);
  const person = stakeholder
    ? t('threads.personWithStakeholder', { name: thread.author.name, stakeholder: stakeholder.name[language] })
    : thread.author.name;
  const opening = thread.comments[0];
  const explanation = thread.response === null ? null : localized(thread.response.explanation, language);
  const replies = Math.max(thread.comments.length - 1, 0);
  return (
    <article className="version-thread" aria-labelledby={titleId}>
      <p id={titleId} className="version-thread-title">
        <span className={`kind-tag kind-${thread.kind}`}>{t(`threads.kind.${thread.kind}`)}</span>
        {number !== null && <span className="thread-number"> {t('version.threadTitle', { number })}</span>}
      </p>
      <p className="version-thread-meta">
        {fillSlots(t('version.startedBy', { person }), {
          time: <time dateTime={new Date(thread.createdAt).toISOString()}>{formatDate(thread.createdAt)}</time>,
        })}
      </p>
      {thread.passage !== null ? (
        <Passage passage={thread.passage} />
      ) : (
        <p className="version-thread-on">{t('threads.onWholeClause')}</p>
      )}
      {thread.proposal !== null && (
        <p className="version-thread-proposal">
          <strong>{t('matrix.proposedWording')}</strong>{' '}
          {describeProposal(
            thread.proposal,
            thread.passage && {
              language: thread.passage.language,
              quote: thread.passage.quote,
              detached: thread.passage.now.state === 'detached',
            },
            t,
          )}
        </p>
      )}
      {opening !== undefined && (
        <p className="version-thread-comment">
          {opening.withdrawnAt !== null ? (
            <em>{t('matrix.withdrawn')}</em>
          ) : opening.body === null ? (
            <em>{t('matrix.hidden')}</em>
          ) : (
            opening.body
          )}
        </p>
      )}
      <p className="version-thread-replies">{t('matrix.replies', { count: replies })}</p>
      <div className="version-thread-response">
        <span>{t('version.responseHeading')}</span> <ResponseBadge status={thread.response?.status ?? 'none'} />
        {explanation !== null && <p lang={explanation.lang}>{explanation.text}</p>}
      </div>
      <AppLink href={threadPath(env.consultation.consultation.id, thread.id)} aria-describedby={titleId}>
        {t('version.seeNow')}
      </AppLink>
    </article>
  );
}

function Passage({ passage }: { passage: PassageView }) {
  const { t } = useTranslation();
  return (
    <figure className="thread-passage">
      <figcaption>{t('version.passage', { language: t(`language.${passage.language}`) })}</figcaption>
      <blockquote lang={passage.language}>{passage.quote}</blockquote>
    </figure>
  );
}
