import type { ThreadView } from '@accord/shared';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useComments } from './commentsContext.ts';
import { useThreadAction } from './format.ts';
import { replyToThread } from './threadsApi.ts';

/** The reply box under a thread (shown while the thread takes replies). */
export function ReplyForm({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation();
  const { consultationId, ui } = useComments();
  const { run, pending, error } = useThreadAction();
  const id = useId();
  const [body, setBody] = useState('');
  const [empty, setEmpty] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (body.trim() === '') {
      setEmpty(true);
      return;
    }
    const view = await run(() => replyToThread(consultationId, thread.id, body));
    if (view === null) return;
    setBody('');
    ui.announce(t('threads.reply.sent'));
  };

  return (
    <form className="reply-form" onSubmit={submit}>
      <label htmlFor={id}>{t('threads.reply.label')}</label>
      <textarea
        id={id}
        value={body}
        rows={2}
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
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {t('threads.reply.send')}
        </button>
      </div>
    </form>
  );
}
