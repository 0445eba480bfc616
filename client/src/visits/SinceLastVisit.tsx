import { useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllThreads, useComments } from '../comments/commentsContext.ts';
import { usePersonLabel } from '../comments/format.ts';
import type { SinceEnv } from './SinceItems.tsx';
import { SinceLastVisitPanel } from './SinceLastVisitPanel.tsx';
import { describeVisitError } from './summary.ts';
import { useSinceLastVisitStore, useSinceSnapshot } from './useSinceLastVisit.ts';

const NO_THREAD = { number: null, clauseId: null };

/**
 * "Since your last visit" on the framework page (inside `CommentsProvider`, whose threads give
 * the numbers "#12" and whose outline the clause numbers): fetched once when the page opens,
 * again on "Refresh". Says what a mark did in a polite live region.
 */
export function SinceLastVisit() {
  const { t } = useTranslation();
  const { consultationId, clauseNumbers, store: threads } = useComments();
  const allThreads = useAllThreads(threads);
  const personLabel = usePersonLabel();
  const store = useSinceLastVisitStore(consultationId);
  const snapshot = useSinceSnapshot(store);

  const threadInfo = useMemo(
    () =>
      new Map(
        allThreads.map((thread) => [thread.id, { number: threads.numberOf(thread.id), clauseId: thread.clauseId }]),
      ),
    [allThreads, threads],
  );
  const env = useMemo<SinceEnv>(
    () => ({
      consultationId,
      clauseNumber: (clauseId) => clauseNumbers.get(clauseId) ?? null,
      thread: (threadId) => threadInfo.get(threadId) ?? NO_THREAD,
      personLabel,
    }),
    [consultationId, clauseNumbers, threadInfo, personLabel],
  );

  // A mark's focus move is made once, by whichever view shows its result.
  const handledNonce = useRef(0);
  const takeMarked = useCallback(() => {
    const { marked } = store.getSnapshot();
    if (marked === null || marked.nonce <= handledNonce.current) return null;
    handledNonce.current = marked.nonce;
    return marked;
  }, [store]);

  const { status, summary, pending, error, failed, marked } = snapshot;
  const announcement =
    marked === null
      ? ''
      : marked.kind === 'all'
        ? t('visits.marked.all')
        : t('visits.marked.clause', { number: clauseNumbers.get(marked.clauseId) ?? '' });

  let shown = null;
  if (status === 'loading') shown = <p className="since-loading">{t('visits.loading')}</p>;
  else if (status === 'failed' || summary === null) {
    shown = (
      <div className="since-failed">
        <p>{t('visits.loadFailed')}</p>
        <button type="button" onClick={() => void store.load()}>
          {t('errors.retry')}
        </button>
      </div>
    );
  } else {
    shown = (
      <SinceLastVisitPanel
        summary={summary}
        env={env}
        pending={pending}
        error={failed === null ? null : describeVisitError(error, t)}
        takeMarked={takeMarked}
        markedNonce={marked?.nonce ?? 0}
        onMarkClause={(clause) => void store.markClause(clause)}
        onMarkAll={() => void store.markAll()}
        onRefresh={() => void store.refresh()}
      />
    );
  }
  return (
    <>
      {shown}
      {/* Not role="status": the page's one status is the connection's. */}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
