import '../matrix/matrix.css';
import './versions.css';
import {
  type Comparison,
  type ConsultationResponse,
  diffWords,
  type Language,
  type SectionSnapshot,
} from '@accord/shared';
import { type ReactNode, type Ref, useCallback, useEffect, useId, useMemo, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { AppLink } from '../app/AppLink.tsx';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import { replaceSearch, useSearch, versionsPath } from '../app/router.ts';
import { useAsync } from '../app/useAsync.ts';
import { fillSlots } from '../comments/format.ts';
import { type ThreadStore, useThreadStore } from '../comments/useThreads.ts';
import { useDateTimeFormat, useDayFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { LivePage } from '../matrix/LivePage.tsx';
import { useConsultationLivePage, useSessionExpiryOf } from '../matrix/useConsultationLivePage.ts';
import { COLUMN_ORDER, CompareClause } from './CompareClause.tsx';
import { ComparePicker } from './ComparePicker.tsx';
import { CompareSummary } from './CompareSummary.tsx';
import { type CompareQuery, type CompareView, compareSearch, DRAFT, parseCompareQuery } from './compareQuery.ts';
import { DiffRuns } from './DiffText.tsx';
import { describeVersionError, numberText, shownClauses, sideName, versionTitle } from './format.ts';
import { useVersionStore, useVersions, useVersionsError, useVersionsStatus, type VersionStore } from './useVersions.ts';
import { fetchComparison } from './versionsApi.ts';

const isExpired = (error: unknown) => error instanceof ApiRequestError && error.status === 401;

/**
 * `/consultations/:id/compare?from=…&to=…`: what changed between two texts (published versions,
 * or the current draft), clause by clause, in both languages. Which texts, and how the changes
 * show (side by side or inline, all clauses or only changed ones), is in the URL: a comparison
 * can be shared. Without `from`, the latest version is compared with the draft.
 */
export function ComparePage(props: ConsultationPageProps) {
  const { consultationId, session, onSessionExpired } = props;
  const { collab, state, reload, header } = useConsultationLivePage(consultationId, session, onSessionExpired);
  // The versions, for the picker (and the latest, without `from`); the threads, for their numbers ("#3").
  const versions = useVersionStore(consultationId, collab);
  const threads = useThreadStore(consultationId, collab);
  const search = useSearch();
  const query = useMemo(() => parseCompareQuery(search), [search]);
  const versionsError = useVersionsError(versions);
  useSessionExpiryOf(versionsError, onSessionExpired);

  return (
    <LivePage {...props} page="compare" collab={collab} state={state} onRetry={reload} header={header}>
      {(consultation) => (
        <CompareBody
          consultation={consultation}
          query={query}
          store={versions}
          threads={threads}
          onSessionExpired={onSessionExpired}
        />
      )}
    </LivePage>
  );
}

function CompareBody({
  consultation,
  query,
  store,
  threads,
  onSessionExpired,
}: {
  consultation: ConsultationResponse;
  query: CompareQuery;
  store: VersionStore;
  threads: ThreadStore;
  onSessionExpired: () => void;
}) {
  const { t } = useTranslation();
  const consultationId = consultation.consultation.id;
  const status = useVersionsStatus(store);
  const versions = useVersions(store);
  const error = useVersionsError(store);
  const loaded = status === 'loaded' || status === 'stale';
  const latest = versions[0];
  // Nothing named: the latest version against the draft, written into the URL (no new history entry).
  useEffect(() => {
    if (query.from === null && latest !== undefined) replaceSearch(compareSearch({ ...query, from: latest.id }));
  }, [query, latest]);
  // The first comparison shows with the page (whose heading takes focus); later ones take it themselves.
  const { from, to } = query;
  const key = `${from}|${to}`;
  const firstKey = useRef<string | null>(null);
  if (from !== null && firstKey.current === null) firstKey.current = key;

  let content: ReactNode;
  if (from === null) {
    if (status === 'loading') content = <p role="status">{t('versions.loading')}</p>;
    else if (status === 'failed')
      content = (
        <div role="alert" className="form-error">
          <p>
            {t('versions.loadFailed')} {errorMessage(error, t)}
          </p>
          <button type="button" onClick={() => void store.retry()}>
            {t('errors.retry')}
          </button>
        </div>
      );
    else if (versions.length === 0)
      content = (
        <p className="notice">
          {t('compare.noVersions')} <AppLink href={versionsPath(consultationId)}>{t('version.allVersions')}</AppLink>
        </p>
      );
    else content = <p role="status">{t('compare.choose')}</p>;
  } else if (from === to) {
    content = <p className="notice">{t('compare.sameSides')}</p>;
  } else {
    content = (
      <ComparisonView
        key={key}
        consultationId={consultationId}
        from={from}
        to={to}
        query={query}
        threads={threads}
        focusOnLoad={key !== firstKey.current}
        onSessionExpired={onSessionExpired}
      />
    );
  }

  return (
    <div className="compare" data-testid="compare-page">
      {loaded && versions.length > 0 && (
        <ComparePicker
          key={key}
          consultationId={consultationId}
          versions={versions}
          from={from ?? latest?.id ?? DRAFT}
          to={to}
          view={query.view}
          onlyChanged={query.onlyChanged}
          headingLevel={2}
        />
      )}
      {content}
    </div>
  );
}

function ComparisonView({
  consultationId,
  from,
  to,
  query,
  threads,
  focusOnLoad,
  onSessionExpired,
}: {
  consultationId: string;
  from: string;
  to: string;
  query: CompareQuery;
  threads: ThreadStore;
  /** Focus the heading once loaded: the comparison changed on a page already there. */
  focusOnLoad: boolean;
  onSessionExpired: () => void;
}) {
  const { t } = useTranslation();
  const [state, retry] = useAsync(
    useCallback(() => fetchComparison(consultationId, from, to), [consultationId, from, to]),
  );
  const headingRef = useRef<HTMLHeadingElement>(null);
  // "Compare again" goes while it runs: focus comes back to the heading.
  const focusNext = useRef(focusOnLoad);
  const expired = state.status === 'failed' && isExpired(state.error);
  useEffect(() => {
    if (expired) onSessionExpired();
  }, [expired, onSessionExpired]);
  useEffect(() => {
    if (state.status !== 'loaded' || !focusNext.current) return;
    focusNext.current = false;
    headingRef.current?.focus();
  }, [state.status]);
  const again = () => {
    focusNext.current = true;
    retry();
  };

  if (state.status === 'loading') return <p role="status">{t('compare.comparing')}</p>;
  if (state.status === 'failed')
    return (
      <div role="alert" className="form-error">
        <p>
          {t('compare.loadFailed')} {describeVersionError(state.error, t)}
        </p>
        <button type="button" onClick={again}>
          {t('errors.retry')}
        </button>
      </div>
    );
  return (
    <ComparisonResult
      comparison={state.data}
      consultationId={consultationId}
      query={query}
      threads={threads}
      headingRef={headingRef}
      onAgain={again}
    />
  );
}

function ComparisonResult({
  comparison,
  consultationId,
  query,
  threads,
  headingRef,
  onAgain,
}: {
  comparison: Comparison;
  consultationId: string;
  query: CompareQuery;
  threads: ThreadStore;
  headingRef: Ref<HTMLHeadingElement>;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDay = useDayFormat();
  const formatTime = useDateTimeFormat();
  const headingId = useId();
  const clausesId = useId();
  const threadNumber = useThreadNumbers(threads);
  const draft =
    comparison.from.kind === 'draft' ? comparison.from : comparison.to.kind === 'draft' ? comparison.to : null;
  const name = (side: Comparison['from']) => {
    const text = sideName(side, language, t, formatDay);
    return side.kind === 'version' ? <span lang={versionTitle(side.title, language, t).lang}>{text}</span> : text;
  };
  // Column labels: "Revised draft", "Current draft".
  const shortName = (side: Comparison['from']) =>
    side.kind === 'draft' ? t('compare.currentDraft') : versionTitle(side.title, language, t).text;
  const shown = shownClauses(comparison.clauses, query.onlyChanged);
  const anyChange = comparison.clauses.some((clause) => clause.status !== 'unchanged' || clause.moved);

  return (
    <section className="compare-result" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {fillSlots(t('compare.heading'), { from: name(comparison.from), to: name(comparison.to) })}
      </h2>
      {draft !== null && (
        <p className="compare-as-of">
          <span>
            {fillSlots(t('compare.draftAsOf'), {
              time: <time dateTime={new Date(draft.at).toISOString()}>{formatTime(draft.at)}</time>,
            })}
          </span>{' '}
          <button type="button" onClick={onAgain}>
            {t('compare.again')}
          </button>
        </p>
      )}
      <CompareSummary comparison={comparison} />
      <CompareOptions query={query} />
      {comparison.sections.length > 0 && <SectionChanges sections={comparison.sections} />}
      <section className="compare-clauses-section" aria-labelledby={clausesId}>
        <h3 id={clausesId}>{t('compare.clauses.heading')}</h3>
        <p role="status" className="compare-count">
          {t('compare.clauses.shown', { shown: shown.length, total: comparison.clauses.length })}
        </p>
        {shown.length === 0 ? (
          <p className="notice">{anyChange ? t('compare.clauses.noneShown') : t('compare.clauses.none')}</p>
        ) : (
          <ol className="compare-clauses">
            {shown.map((clause) => (
              <li key={clause.clauseId}>
                <CompareClause
                  clause={clause}
                  view={query.view}
                  consultationId={consultationId}
                  fromName={shortName(comparison.from)}
                  toName={shortName(comparison.to)}
                  threadNumber={threadNumber}
                />
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

const VIEWS: readonly CompareView[] = ['side', 'inline'];

/** Side by side or inline, and only changed clauses or all: kept in the URL, without new history entries. */
function CompareOptions({ query }: { query: CompareQuery }) {
  const { t } = useTranslation();
  const name = useId();
  const hintId = useId();
  const set = (changes: Partial<CompareQuery>) => replaceSearch(compareSearch({ ...query, ...changes }));
  return (
    <div className="compare-options">
      <fieldset className="compare-view-toggle">
        <legend>{t('compare.options.label')}</legend>
        {VIEWS.map((view) => (
          <label key={view} className={query.view === view ? 'is-selected' : undefined}>
            <input type="radio" name={name} value={view} checked={query.view === view} onChange={() => set({ view })} />
            {t(`compare.options.${view}`)}
          </label>
        ))}
      </fieldset>
      <div className="compare-only-changed">
        <label>
          <input
            type="checkbox"
            checked={query.onlyChanged}
            aria-describedby={hintId}
            onChange={(event) => set({ onlyChanged: event.target.checked })}
          />{' '}
          {t('compare.options.onlyChanged')}
        </label>
        <p id={hintId} className="version-hint">
          {t('compare.options.onlyChangedHint')}
        </p>
      </div>
    </div>
  );
}

type SectionChange = Comparison['sections'][number];

/** Sections added, removed or retitled: each language's title with its changes marked. */
function SectionChanges({ sections }: { sections: SectionChange[] }) {
  const { t } = useTranslation();
  const headingId = useId();
  const label = ({ from, to }: SectionChange) => {
    if (from === null && to !== null) return t('compare.sections.added', { number: to.number });
    if (to === null && from !== null) return t('compare.sections.removed', { number: from.number });
    return t('compare.sections.renamed', { number: numberText({ from, to }) });
  };
  const title = (section: SectionSnapshot | null, language: Language) => section?.title[language] ?? '';
  return (
    <section className="compare-sections" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('compare.sections.heading')}</h3>
      <ul>
        {sections.map((change) => (
          <li key={change.sectionId} className="compare-section" data-section-id={change.sectionId}>
            <p className="compare-section-name">{label(change)}</p>
            {COLUMN_ORDER.map((language) => (
              <p key={language} className="compare-section-title">
                <span className="compare-language-name">{t(`language.${language}`)}: </span>
                <span className="diff-text" lang={language}>
                  <DiffRuns parts={diffWords(title(change.from, language), title(change.to, language))} />
                </span>
              </p>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Threads' numbers ("#3") as the thread store has them; redraws when it loads. */
function useThreadNumbers(threads: ThreadStore): (threadId: string) => number | null {
  // The list object changes whenever a thread does, and with it the numbers.
  const all = useSyncExternalStore(threads.subscribe, threads.getAll, threads.getAll);
  return useCallback((threadId: string) => (all.length === 0 ? null : threads.numberOf(threadId)), [all, threads]);
}
