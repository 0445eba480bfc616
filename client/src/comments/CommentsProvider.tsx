import { type Action, type Actor, type NumberedSection, numberedClauses, type Stakeholder } from '@accord/shared';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useCollabSessionFromContext } from '../collab/useCollabSession.ts';
import {
  CommentsContext,
  type CommentsEnv,
  CommentsUi,
  clauseElementId,
  threadIdFromHash,
  useComments,
  usePanel,
} from './commentsContext.ts';
import { useThreadStore } from './useThreads.ts';
import './comments.css';

interface CommentsProviderProps {
  consultationId: string;
  actor: Actor;
  capabilities: Record<Action, boolean>;
  stakeholders: Stakeholder[];
  outline: NumberedSection[];
  children: ReactNode;
}

/**
 * Threads on the framework page: loads and follows them, and shares them, the selection made in
 * the clause editors and the thread panel with the clause rows, the editors' plugins and the
 * panel. Inside `CollabSessionContext` (realtime events and live documents come from there).
 * Opens the thread a `#thread-<id>` URL fragment points at, on load and when it changes.
 */
export function CommentsProvider({
  consultationId,
  actor,
  capabilities,
  stakeholders,
  outline,
  children,
}: CommentsProviderProps) {
  const session = useCollabSessionFromContext();
  const store = useThreadStore(consultationId, session);
  const [ui] = useState(() => new CommentsUi());
  const clauseNumbers = useMemo(
    () => new Map(numberedClauses(outline).map((clause) => [clause.id, clause.number])),
    [outline],
  );
  const env = useMemo<CommentsEnv>(
    () => ({ consultationId, actor, capabilities, stakeholders, clauseNumbers, store, ui, session }),
    [consultationId, actor, capabilities, stakeholders, clauseNumbers, store, ui, session],
  );

  useEffect(() => {
    let pending: string | null = null;
    const openPending = () => {
      if (pending === null) return;
      const thread = store.getThread(pending);
      if (thread === undefined) {
        // Not (yet) loaded: wait for the threads, unless they are there and it is not.
        if (store.getStatus() !== 'loading') pending = null;
        return;
      }
      pending = null;
      ui.showThread(thread);
      document.getElementById(clauseElementId(thread.clauseId))?.scrollIntoView({ block: 'center' });
    };
    const onLocationChange = () => {
      pending = threadIdFromHash(window.location.hash);
      openPending();
    };
    onLocationChange();
    const unsubscribe = store.subscribe(openPending);
    window.addEventListener('hashchange', onLocationChange);
    window.addEventListener('popstate', onLocationChange);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onLocationChange);
      window.removeEventListener('popstate', onLocationChange);
    };
  }, [store, ui]);

  return <CommentsContext value={env}>{children}</CommentsContext>;
}

/** Whether the thread panel is open (the page widens its side column for it). */
export function useThreadPanelOpen(): boolean {
  return usePanel(useComments().ui) !== null;
}
