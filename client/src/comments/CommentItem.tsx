import { type CommentView, decide, type ThreadView } from '@accord/shared';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useComments } from './commentsContext.ts';
import { usePersonLabel, useThreadAction } from './format.ts';
import { cancelOnEscape, FormActions, FormError, InlineTextForm } from './forms.tsx';
import { editComment, hideComment, unhideComment, withdrawComment } from './threadsApi.ts';

type Mode = 'view' | 'edit' | 'withdraw' | 'hide';

/**
 * One comment of a thread (the opening one or a reply): who wrote it and when, its text, or why
 * it is not shown (withdrawn by its author; hidden by the secretariat, who still sees it, dimmed,
 * with the reason). Its author may edit or withdraw it until the secretariat responds; the
 * secretariat may hide it (giving a reason) or show it again.
 */
export function CommentItem({ thread, comment }: { thread: ThreadView; comment: CommentView }) {
  const { t } = useTranslation();
  const { actor, capabilities, consultationId, ui } = useComments();
  const formatTime = useDateTimeFormat();
  const personLabel = usePersonLabel();
  const [mode, setMode] = useState<Mode>('view');
  const { run, pending, error, clearError } = useThreadAction();
  // The buttons that open each form, to take focus back when the form goes; else the comment.
  const triggers = useRef<Partial<Record<Mode, HTMLButtonElement | null>>>({});
  const rootRef = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Mode | null>(null);
  useEffect(() => {
    if (mode !== 'view' || returnFocus.current === null) return;
    const trigger = triggers.current[returnFocus.current];
    returnFocus.current = null;
    (trigger?.isConnected ? trigger : rootRef.current)?.focus();
  }, [mode]);

  const withdrawn = comment.withdrawnAt !== null;
  const context = {
    comment: { authorId: comment.author.personId, withdrawn, threadHasResponse: thread.response !== null },
  };
  const canEdit = comment.body !== null && decide(actor, 'comment.edit', context).allowed;
  const canWithdraw = decide(actor, 'comment.withdraw', context).allowed;
  const canModerate = capabilities['thread.moderate'] && !withdrawn;

  const toView = () => {
    if (mode !== 'view') returnFocus.current = mode;
    setMode('view');
  };
  const back = () => {
    toView();
    clearError();
  };
  const act = async (action: () => Promise<ThreadView>, announcement: string) => {
    const view = await run(action);
    if (view === null) return;
    toView();
    ui.announce(announcement);
  };

  /** A button that opens a form (and gets focus back when it closes). */
  const opener = (form: Exclude<Mode, 'view'>, label: string) => (
    <button
      type="button"
      ref={(button) => {
        triggers.current[form] = button;
      }}
      onClick={() => setMode(form)}
    >
      {label}
    </button>
  );

  let content: ReactNode;
  if (withdrawn) content = <p className="comment-note">{t('threads.comment.withdrawn')}</p>;
  else if (comment.hidden !== null && comment.body === null)
    content = <p className="comment-note">{t('threads.comment.hidden')}</p>;
  else if (mode === 'edit')
    content = (
      <InlineTextForm
        label={t('threads.comment.editLabel')}
        initial={comment.body ?? ''}
        rows={4}
        emptyError={t('threads.errors.emptyComment')}
        submitLabel={t('threads.comment.save')}
        submitClassName="primary"
        pending={pending}
        error={error}
        onCancel={back}
        onSubmit={(body) => act(() => editComment(consultationId, comment.id, body), t('threads.comment.saved'))}
      />
    );
  else
    content = (
      <>
        {comment.hidden !== null && (
          <p className="comment-note">
            {comment.hidden.reason
              ? t('threads.comment.hiddenWithReason', { reason: comment.hidden.reason })
              : t('threads.comment.hidden')}
          </p>
        )}
        <p className={`comment-body${comment.hidden !== null ? ' is-hidden' : ''}`}>{comment.body}</p>
      </>
    );

  return (
    <div
      ref={rootRef}
      tabIndex={-1}
      className={`comment${withdrawn || comment.hidden !== null ? ' comment-muted' : ''}`}
    >
      <p className="comment-meta">
        <span className="comment-author">{personLabel(comment.author.name, comment.stakeholderId)}</span>{' '}
        <span aria-hidden="true">·</span>{' '}
        <time dateTime={new Date(comment.createdAt).toISOString()}>{formatTime(comment.createdAt)}</time>
        {comment.editedAt !== null && !withdrawn && (
          <span className="comment-edited"> {t('threads.comment.edited')}</span>
        )}
      </p>
      {content}

      {mode === 'withdraw' && (
        <fieldset className="inline-confirm" onKeyDown={cancelOnEscape(back)}>
          <legend>{t('threads.comment.withdrawQuestion')}</legend>
          <FormActions
            label={t('threads.comment.confirmWithdraw')}
            className="danger"
            disabled={pending}
            onClick={() => act(() => withdrawComment(consultationId, comment.id), t('threads.comment.withdrawnDone'))}
            onCancel={back}
          />
          <FormError message={error} />
        </fieldset>
      )}
      {mode === 'hide' && (
        <InlineTextForm
          label={t('threads.comment.hideReason')}
          emptyError={t('threads.errors.emptyReason')}
          submitLabel={t('threads.comment.confirmHide')}
          submitClassName="danger"
          pending={pending}
          error={error}
          onCancel={back}
          onSubmit={(reason) =>
            act(() => hideComment(consultationId, comment.id, reason.trim()), t('threads.comment.hiddenDone'))
          }
        />
      )}

      {mode === 'view' && (canEdit || canWithdraw || canModerate) && (
        <div className="comment-actions">
          {canEdit && opener('edit', t('threads.comment.edit'))}
          {canWithdraw && opener('withdraw', t('threads.comment.withdraw'))}
          {canModerate &&
            (comment.hidden === null ? (
              opener('hide', t('threads.comment.hide'))
            ) : (
              <button
                type="button"
                disabled={pending}
                onClick={() => act(() => unhideComment(consultationId, comment.id), t('threads.comment.unhiddenDone'))}
              >
                {t('threads.comment.unhide')}
              </button>
            ))}
        </div>
      )}
      {mode === 'view' && <FormError message={error} />}
    </div>
  );
}
