import type { MouseEvent, ReactNode } from 'react';
import { clauseElementId, useOptionalComments } from '../comments/commentsContext.ts';

/** A thread's `#thread-<id>` fragment: on the framework page, it opens the thread in the panel. */
export const threadHash = (threadId: string) => `#thread-${encodeURIComponent(threadId)}`;

/**
 * A link to a thread on this page: the fragment, which the page follows (it opens the thread
 * panel on it and scrolls to its clause). Followed again while the URL already has it, the
 * fragment would not change: the thread is then opened directly.
 */
export function InPageThreadLink({ threadId, children }: { threadId: string; children: ReactNode }) {
  const comments = useOptionalComments();
  const href = threadHash(threadId);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (comments === null || window.location.hash !== href) return;
    const thread = comments.store.getThread(threadId);
    if (thread === undefined) return;
    event.preventDefault();
    comments.ui.showThread(thread);
    document.getElementById(clauseElementId(thread.clauseId))?.scrollIntoView({ block: 'center' });
  };
  return (
    <a href={href} onClick={onClick}>
      {children}
    </a>
  );
}

/**
 * Scrolls a clause's row (the fieldset named "Clause 4.3") to the middle of the screen and moves
 * focus to it, so that Tab goes on into its texts. The row takes focus only for that moment.
 */
export function goToClause(clauseId: string): boolean {
  const row = document.getElementById(clauseElementId(clauseId));
  if (row === null) return false;
  row.scrollIntoView({ block: 'center' });
  if (!row.hasAttribute('tabindex')) {
    row.setAttribute('tabindex', '-1');
    row.addEventListener('blur', () => row.removeAttribute('tabindex'), { once: true });
  }
  row.focus({ preventScroll: true });
  return true;
}

/** A link to a clause's row on this page ("Go to clause 4.3"). */
export function ClauseLink({ clauseId, children }: { clauseId: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (goToClause(clauseId)) event.preventDefault();
  };
  return (
    <a href={`#${clauseElementId(clauseId)}`} onClick={onClick}>
      {children}
    </a>
  );
}
