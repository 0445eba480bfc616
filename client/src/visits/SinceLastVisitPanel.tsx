import '../versions/versions.css';
import './visits.css';
import type { ClauseComparison, SinceLastVisit } from '@accord/shared';
import { type FocusEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fillSlots } from '../comments/format.ts';
import { useDateTimeFormat, useDayFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { versionTitle } from '../versions/format.ts';
import { SinceClause, type SinceEnv, SinceReplies, SinceResponse, SinceThread, SinceVote } from './SinceItems.tsx';
import { agoText, canStep, countChips, isUpToDate, sinceItemElementId, sinceItems, stepIndex } from './summary.ts';
import type { SinceMarked, SincePending } from './useSinceLastVisit.ts';

export interface SinceLastVisitPanelProps {
  summary: SinceLastVisit;
  env: SinceEnv;
  pending: SincePending | null;
  /** Why the last action failed, in the reader's language. */
  error: string | null;
  /**
   * The mark that just succeeded, if its focus move is still to be made: once only (a panel
   * shown again later must not take focus for an old one). Called when `markedNonce` changes.
   */
  takeMarked: () => SinceMarked | null;
  markedNonce: number;
  onMarkClause: (clause: ClauseComparison) => void;
  onMarkAll: () => void;
  onRefresh: () => void;
}

/**
 * "Since your last visit" on the framework page: what changed since the reader last marked the
 * changes seen (on a first visit, since the latest published version), or the line saying they
 * are up to date; nothing when there is nothing to compare with. The panel never takes focus on
 * its own: only after the reader's own action (stepping, marking seen).
 */
export function SinceLastVisitPanel(props: SinceLastVisitPanelProps) {
  if (props.summary.baseline.kind === 'none') return null;
  if (isUpToDate(props.summary)) return <UpToDate {...props} />;
  return <ChangesPanel {...props} />;
}

function UpToDate({ summary, pending, error, takeMarked, markedNonce, onRefresh }: SinceLastVisitPanelProps) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { baseline } = summary;
  const lineRef = useRef<HTMLParagraphElement>(null);
  // Everything was just marked seen from here: focus stays on what replaced the button.
  useEffect(() => {
    if (takeMarked() !== null) lineRef.current?.focus();
  }, [markedNonce]);
  return (
    <div className="since-done" data-testid="since-last-visit" data-state="up-to-date">
      <p className="since-up-to-date" data-testid="since-up-to-date" ref={lineRef} tabIndex={-1}>
        <span className="since-check" aria-hidden="true">
          ✓
        </span>{' '}
        {baseline.kind === 'version'
          ? t('visits.upToDateVersion', { title: versionTitle(baseline.title, language, t).text })
          : t('visits.upToDate')}
      </p>
      <RefreshButton pending={pending} onRefresh={onRefresh} />
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}

function RefreshButton({ pending, onRefresh }: Pick<SinceLastVisitPanelProps, 'pending' | 'onRefresh'>) {
  const { t } = useTranslation();
  const refreshing = pending?.kind === 'refresh';
  return (
    <button
      type="button"
      className="since-refresh"
      aria-disabled={pending !== null || undefined}
      onClick={() => {
        if (pending === null) onRefresh();
      }}
    >
      {refreshing ? t('visits.refreshing') : t('visits.refresh')}
    </button>
  );
}

/** "Changes since 14 Aug 2017 (the version “Revised draft…”)" or "…since you last marked changes seen, 3 days ago". */
function SinceLine({ summary }: { summary: SinceLastVisit }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const formatDay = useDayFormat();
  const formatDateTime = useDateTimeFormat();
  const { since, baseline } = summary;
  if (since === null) return null;
  const dateTime = new Date(since).toISOString();
  if (baseline.kind === 'version') {
    const title = versionTitle(baseline.title, language, t).text;
    return (
      <p className="since-when">
        {fillSlots(t('visits.sinceVersion', { title }), {
          date: <time dateTime={dateTime}>{formatDay(since)}</time>,
        })}
      </p>
    );
  }
  return (
    <p className="since-when">
      {fillSlots(t('visits.sinceVisit'), {
        ago: (
          <time dateTime={dateTime} title={formatDateTime(since)}>
            {agoText(since, summary.generatedAt, language)}
          </time>
        ),
      })}
    </p>
  );
}

function ChangesPanel({
  summary,
  env,
  pending,
  error,
  takeMarked,
  markedNonce,
  onMarkClause,
  onMarkAll,
  onRefresh,
}: SinceLastVisitPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const bodyId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const items = useMemo(() => sinceItems(summary), [summary]);
  const chips = countChips(summary);
  const [expanded, setExpanded] = useState(true);
  // The item stepped to (or focused) last; -1: none yet.
  const [current, setCurrent] = useState(-1);
  const position = Math.min(current, items.length - 1);
  // An item to move focus to once the page has redrawn (the body may have just been shown).
  const [focusRequest, setFocusRequest] = useState<{ index: number; nonce: number } | null>(null);
  // Where the clause being marked seen was: focus goes on to the item now there.
  const markedIndex = useRef(0);

  const focusItem = (index: number) => {
    setExpanded(true);
    setCurrent(index);
    setFocusRequest((request) => ({ index, nonce: (request?.nonce ?? 0) + 1 }));
  };

  useEffect(() => {
    if (focusRequest === null) return;
    const item = items[focusRequest.index];
    const element = item === undefined ? null : document.getElementById(sinceItemElementId(item));
    if (element === null) return;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: 'center' });
  }, [focusRequest]);

  useEffect(() => {
    const marked = takeMarked();
    if (marked === null) return;
    if (marked.kind === 'clause' && items.length > 0) focusItem(Math.min(markedIndex.current, items.length - 1));
    else headingRef.current?.focus();
  }, [markedNonce]);

  const step = (direction: 1 | -1) => {
    const index = stepIndex(position, items.length, direction);
    if (index >= 0) focusItem(index);
  };

  // Focus reaching an item by other means (Tab, a click) makes it the current one.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const element = event.target.closest('[data-since-item]');
    if (element === null) return;
    const index = items.findIndex((item) => sinceItemElementId(item) === element.id);
    if (index >= 0) setCurrent(index);
  };

  const markClause = (clause: ClauseComparison) => {
    markedIndex.current = Math.max(
      0,
      items.findIndex((item) => item.kind === 'clause' && item.key === clause.clauseId),
    );
    onMarkClause(clause);
  };

  const busy = pending !== null;
  return (
    <section className="since" data-testid="since-last-visit" data-state="changes" aria-labelledby={headingId}>
      <div className="since-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('visits.heading')}
        </h2>
        <ul className="since-chips" aria-label={t('visits.counts.label')}>
          {chips.map(({ kind, count }) => (
            <li key={kind} className={`since-chip since-chip-${kind}`} data-kind={kind} data-count={count}>
              {t(`visits.counts.${kind}`, { count })}
            </li>
          ))}
        </ul>
      </div>
      <SinceLine summary={summary} />
      <div className="since-toolbar">
        {/* biome-ignore lint/a11y/useSemanticElements: a group of buttons with its name, not a form's fieldset */}
        <div className="since-stepper" role="group" aria-label={t('visits.step.label')}>
          <button
            type="button"
            aria-disabled={!canStep(position, items.length, -1) || undefined}
            onClick={() => {
              if (canStep(position, items.length, -1)) step(-1);
            }}
          >
            {t('visits.step.previous')}
          </button>
          <span className="since-step-position" data-testid="since-step-position">
            {position < 0
              ? t('visits.step.total', { count: items.length })
              : t('visits.step.position', { k: position + 1, n: items.length })}
          </span>
          <button
            type="button"
            aria-disabled={!canStep(position, items.length, 1) || undefined}
            onClick={() => {
              if (canStep(position, items.length, 1)) step(1);
            }}
          >
            {t('visits.step.next')}
          </button>
        </div>
        <div className="since-actions">
          <button type="button" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded(!expanded)}>
            {expanded ? t('visits.hide') : t('visits.show')}
          </button>
          <RefreshButton pending={pending} onRefresh={onRefresh} />
          <button
            type="button"
            className="primary"
            aria-disabled={busy || undefined}
            aria-busy={pending?.kind === 'all' || undefined}
            onClick={() => {
              if (!busy) onMarkAll();
            }}
          >
            {t('visits.markAll')}
          </button>
          {pending?.kind === 'all' && <span className="since-busy">{t('visits.marking')}</span>}
        </div>
      </div>
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {/* Focus moving into an item (not an interaction of the wrapper's own) updates "k of n". */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: listens to focus moving within, does nothing itself */}
      <div id={bodyId} className="since-body" hidden={!expanded} onFocus={onFocus}>
        <Group heading={t('visits.clauses.heading')} count={summary.clauses.length}>
          {summary.clauses.map((clause) => (
            <SinceClause
              key={clause.clauseId}
              clause={clause}
              env={env}
              busy={busy}
              marking={pending?.kind === 'clause' && pending.clauseId === clause.clauseId}
              onMarkSeen={markClause}
            />
          ))}
        </Group>
        <Group heading={t('visits.responses.heading')} count={summary.responsesToMine.length}>
          {summary.responsesToMine.map((response) => (
            <SinceResponse key={response.threadId} response={response} env={env} />
          ))}
        </Group>
        <Group heading={t('visits.threads.heading')} count={summary.newThreads.length}>
          {summary.newThreads.map((thread) => (
            <SinceThread key={thread.threadId} thread={thread} env={env} />
          ))}
        </Group>
        <Group heading={t('visits.replies.heading')} count={summary.newReplies.length}>
          {summary.newReplies.map((replies) => (
            <SinceReplies key={replies.threadId} replies={replies} env={env} />
          ))}
        </Group>
        <Group heading={t('visits.votes.heading')} count={summary.votes.length}>
          {summary.votes.map((vote) => (
            <SinceVote key={`${vote.voteId}:${vote.event}`} vote={vote} env={env} />
          ))}
        </Group>
      </div>
    </section>
  );
}

/** One kind of change, under its heading; nothing when there is none of it. */
function Group({ heading, count, children }: { heading: string; count: number; children: ReactNode }) {
  const headingId = useId();
  if (count === 0) return null;
  return (
    <div className="since-group">
      <h3 id={headingId}>{heading}</h3>
      <ul className="since-list" aria-labelledby={headingId}>
        {children}
      </ul>
    </div>
  );
}
