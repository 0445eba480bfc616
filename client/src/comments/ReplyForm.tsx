import type { ThreadView } from '@accord/shared';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useComments } from './commentsContext.ts';
import { useThreadAction } from './format.ts';
import { FormActions, FormError, RequiredTextField, useRequiredText } from './forms.tsx';
import { replyToThread } from './threadsApi.ts';

/** The reply box under a thread (shown while the thread takes replies). */
export function ReplyForm({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation();
  const { consultationId, ui } = useComments();
  const { run, pending, error } = useThreadAction();
  const text = useRequiredText();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const body = text.take();
    if (body === null) return;
    const view = await run(() => replyToThread(consultationId, thread.id, body));
    if (view === null) return;
    text.clear();
    ui.announce(t('threads.reply.sent'));
  };

  return (
    <form className="reply-form" onSubmit={submit}>
      <RequiredTextField
        label={t('threads.reply.label')}
        text={text}
        rows={2}
        emptyError={t('threads.errors.emptyComment')}
      />
      <FormError message={error} />
      <FormActions label={t('threads.reply.send')} disabled={pending} />
    </form>
  );
}
