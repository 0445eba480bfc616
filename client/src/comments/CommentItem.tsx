import { type CommentView, decide, type ThreadView } from '@accord/shared';
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useComments } from './commentsContext.ts';
import { useFormatTime, usePersonLabel, useThreadAction } from './format.ts';
import { editComment, hideComment, unhideComment, withdrawComment } from './threadsApi.ts';

type Mode = 'view' | 'edit' | 'withdraw' | 'hide';

/** Escape inside an inline form cancels it (and does not close the panel). */
function cancelOnEscape(cancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  };
}

/**
 * One comment of a thread (the opening one or a reply): who wrote it and when, its text, or why
 * it is not shown (withdrawn by its author; hidden by the secretariat, who still sees it, dimmed,
 * with the reason). Its author may edit or withdraw it until the secretariat responds; the
 * secretariat may hide it (giving a reason) or show it again.
 */
export function CommentItem({ thread, comment }: { thread: ThreadView; comment: CommentView }) {
  const { t } = useTranslation();
  const { actor, capabilities, consultationId, ui } = useComments();
  const formatTime = useFormatTime();
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

  let content: ReactNode;
  if (withdrawn) content = <p className="comment-note">{t('threads.comment.withdrawn')}</p>;
  else if (comment.hidden !== null && comment.body === null)
    content = <p className="comment-note">{t('threads.comment.hidden')}</p>;
  else if (mode === 'edit')
    content = (
      <EditCommentForm
        initial={comment.body ?? ''}
        pending={pending}
        error={error}
        onCancel={back}
        onSave={(body) => act(() => editComment(consultationId, comment.id, body), t('threads.comment.saved'))}
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
          <div className="form-actions">
            <button
              type="button"
              className="danger"
              disabled={pending}
              onClick={() => act(() => withdrawComment(consultationId, comment.id), t('threads.comment.withdrawnDone'))}
            >
              {t('threads.comment.confirmWithdraw')}
            </button>
            <button type="button" onClick={back}>
              {t('threads.cancel')}
            </button>
          </div>
          {error !== null && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
        </fieldset>
      )}
      {mode === 'hide' && (
        <HideCommentForm
          pending={pending}
          error={error}
          onCancel={back}
          onHide={(reason) =>
            act(() => hideComment(consultationId, comment.id, reason), t('threads.comment.hiddenDone'))
          }
        />
      )}

      {mode === 'view' && (canEdit || canWithdraw || canModerate) && (
        <div className="comment-actions">
          {canEdit && (
            <button
              type="button"
              ref={(button) => {
                triggers.current.edit = button;
              }}
              onClick={() => setMode('edit')}
            >
              {t('threads.comment.edit')}
            </button>
          )}
          {canWithdraw && (
            <button
              type="button"
              ref={(button) => {
                triggers.current.withdraw = button;
              }}
              onClick={() => setMode('withdraw')}
            >
              {t('threads.comment.withdraw')}
            </button>
          )}
          {canModerate &&
            (comment.hidden === null ? (
              <button
                type="button"
                ref={(button) => {
                  triggers.current.hide = button;
                }}
                onClick={() => setMode('hide')}
              >
                {t('threads.comment.hide')}
              </button>
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
      {mode === 'view' && error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}

function EditCommentForm({
  initial,
  pending,
  error,
  onCancel,
  onSave,
}: {
  initial: string;
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  onSave: (body: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState(initial);
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') {
      setEmpty(true);
      return;
    }
    onSave(body);
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={cancelOnEscape(onCancel)}>
      <label htmlFor={id}>{t('threads.comment.editLabel')}</label>
      <textarea
        id={id}
        value={body}
        rows={4}
        // biome-ignore lint/a11y/noAutofocus: the form replaces the text being edited
        autoFocus
        aria-invalid={empty || undefined}
        onChange={(event) => {
          setBody(event.target.value);
          setEmpty(false);
        }}
      />
      {empty && (
        <p role="alert" className="form-error">
          {t('threads.errors.emptyComment')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {t('threads.comment.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('threads.cancel')}
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </form>
  );
}

function HideCommentForm({
  pending,
  error,
  onCancel,
  onHide,
}: {
  pending: boolean;
  error: string | null;
  onCancel: () => void;
  onHide: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setEmpty(true);
      return;
    }
    onHide(reason.trim());
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={cancelOnEscape(onCancel)}>
      <label htmlFor={id}>{t('threads.comment.hideReason')}</label>
      <input
        id={id}
        type="text"
        value={reason}
        // biome-ignore lint/a11y/noAutofocus: the form opens on request, for its one field
        autoFocus
        aria-invalid={empty || undefined}
        onChange={(event) => {
          setReason(event.target.value);
          setEmpty(false);
        }}
      />
      {empty && (
        <p role="alert" className="form-error">
          {t('threads.errors.emptyReason')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="danger" disabled={pending}>
          {t('threads.comment.confirmHide')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('threads.cancel')}
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </form>
  );
}
