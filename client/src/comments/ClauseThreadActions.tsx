import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  clauseDocument,
  currentPassage,
  useCapturedSelection,
  useClauseThreads,
  useComments,
  usePanel,
} from './commentsContext.ts';

/**
 * Under each clause: "Comment on selection" (enabled while a passage of the clause is selected,
 * in either language), "Comment on the clause", and the count of its threads, which opens the
 * thread panel on the clause. `extra`: other actions on the clause (calling a vote), before the count.
 */
export function ClauseThreadActions({
  clauseId,
  number,
  extra,
}: {
  clauseId: string;
  number: string;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const env = useComments();
  const { ui, store, capabilities } = env;
  const threads = useClauseThreads(store, clauseId);
  const captured = useCapturedSelection(ui, clauseId);
  const panel = usePanel(ui);
  const canComment = capabilities['thread.comment'];
  const count = threads.length;
  const countText = t('threads.count', { count });

  const commentOnSelection = (opener: HTMLElement) => {
    if (captured === null) return;
    const { passage, anchor } = captured;
    // Where the passage is now, if the text changed since it was selected.
    const now = currentPassage(clauseDocument(env, clauseId, passage.language), passage, anchor);
    ui.startThread(clauseId, now ?? passage, now === null ? null : anchor, opener);
  };

  return (
    <div className="clause-threads">
      {canComment && (
        <>
          <button
            type="button"
            className="clause-threads-button"
            disabled={captured === null}
            onClick={(event) => commentOnSelection(event.currentTarget)}
            // Keep the selection in the text: it shows what the comment will be on.
            onMouseDown={(event) => event.preventDefault()}
          >
            {t('threads.commentOnSelection')}
          </button>
          <button
            type="button"
            className="clause-threads-button"
            onClick={(event) => ui.startThread(clauseId, null, null, event.currentTarget)}
          >
            {t('threads.commentOnClause')}
          </button>
        </>
      )}
      {extra}
      <button
        type="button"
        className={`clause-threads-button clause-threads-count${count > 0 ? ' has-threads' : ''}${panel?.clauseId === clauseId ? ' is-open' : ''}`}
        aria-label={t('threads.countLabel', { number, comments: countText })}
        onClick={(event) => ui.openClause(clauseId, event.currentTarget)}
      >
        {countText}
      </button>
    </div>
  );
}
