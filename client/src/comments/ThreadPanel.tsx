import { type KeyboardEvent, useEffect, useId, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clauseElementId,
  type PanelState,
  threadElementId,
  useClauseThreads,
  useComments,
  usePanel,
  useThreadsStatus,
} from './commentsContext.ts';
import { NewThreadForm } from './NewThreadForm.tsx';
import { ThreadCard } from './ThreadCard.tsx';

/**
 * The side panel: the threads on one clause, and the form for a new one. A complementary
 * landmark named by its heading ("Comments on clause 4.3"), which takes focus when it opens;
 * Escape (or "Close") closes it and returns focus to what opened it.
 */
export function ThreadPanel() {
  const { ui } = useComments();
  const panel = usePanel(ui);
  if (panel === null) return null;
  return <OpenThreadPanel panel={panel} />;
}

function OpenThreadPanel({ panel }: { panel: PanelState }) {
  const { t } = useTranslation();
  const env = useComments();
  const { ui, store, clauseNumbers } = env;
  const threads = useClauseThreads(store, panel.clauseId);
  const status = useThreadsStatus(store);
  const announcement = useSyncExternalStore(ui.subscribe, ui.getAnnouncement);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const number = clauseNumbers.get(panel.clauseId) ?? '';

  const { focus, focusNonce } = panel;
  useEffect(() => {
    if (focus.target === 'heading') headingRef.current?.focus();
    else if (focus.target === 'thread') {
      const card = document.getElementById(threadElementId(focus.threadId));
      card?.focus({ preventScroll: true });
      card?.scrollIntoView({ block: 'nearest' });
    } else if (focus.target === 'reveal') {
      document.getElementById(threadElementId(focus.threadId))?.scrollIntoView({ block: 'nearest' });
    }
    // 'form': the new-thread form focuses its first field itself.
  }, [focusNonce]);

  const close = () => {
    const opener = ui.close();
    const fallback = document.querySelector<HTMLElement>(`#${clauseElementId(panel.clauseId)} .clause-threads-count`);
    (opener?.isConnected ? opener : fallback)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    close();
  };

  return (
    <aside className="thread-panel" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className="thread-panel-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('threads.panelHeading', { number })}
        </h2>
        <button type="button" className="thread-panel-close" aria-label={t('threads.closeLabel')} onClick={close}>
          {t('threads.close')}
        </button>
      </div>
      {/* Not role="status": the page's one status is the connection's. */}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {(status === 'failed' || status === 'stale') && (
        <div className="thread-panel-problem" role="alert">
          <p>{status === 'failed' ? t('threads.loadFailed') : t('threads.refreshFailed')}</p>
          <button type="button" onClick={() => void store.loadAll()}>
            {t('errors.retry')}
          </button>
        </div>
      )}
      {status === 'loading' && <p className="thread-panel-empty">{t('threads.loading')}</p>}
      {panel.draft !== null && <NewThreadForm clauseId={panel.clauseId} number={number} draft={panel.draft} />}
      {status !== 'loading' && status !== 'failed' && threads.length === 0 && panel.draft === null && (
        <p className="thread-panel-empty">{t('threads.empty')}</p>
      )}
      {threads.length > 0 && (
        <ol className="thread-list" aria-label={t('threads.listLabel', { number, count: threads.length })}>
          {threads.map((thread) => (
            <li key={thread.id}>
              <ThreadCard thread={thread} active={thread.id === panel.activeThreadId} />
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
