import { RESPONSE_STATUSES, type ResponseStatus, type ThreadView } from '@accord/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useComments } from './commentsContext.ts';
import { useThreadAction } from './format.ts';
import { cancelOnEscape, FormActions, FormError, TextAreaField, useProblem } from './forms.tsx';
import { respondToThread } from './threadsApi.ts';

const isResponseStatus = (value: string): value is ResponseStatus =>
  (RESPONSE_STATUSES as readonly string[]).includes(value);

/**
 * The secretariat's response to a thread: a status and an explanation in English and Chinese
 * (either may be left empty; "Under review" needs neither). Behind a "Respond" / "Change the
 * response" button, so that a panel of threads stays readable.
 */
export function ResponseForm({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Closed (saved or cancelled): focus goes back to the button that opened the form.
    if (!open && wasOpen.current) toggleRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const close = () => setOpen(false);

  if (!open)
    return (
      <div className="thread-respond">
        <button type="button" ref={toggleRef} aria-expanded={false} onClick={() => setOpen(true)}>
          {thread.response === null ? t('threads.response.respond') : t('threads.response.change')}
        </button>
      </div>
    );
  return <OpenResponseForm thread={thread} onDone={close} />;
}

function OpenResponseForm({ thread, onDone }: { thread: ThreadView; onDone: () => void }) {
  const { t } = useTranslation();
  const { consultationId, ui } = useComments();
  const { run, pending, error } = useThreadAction();
  const headingId = useId();
  const statusId = useId();
  const [status, setStatus] = useState<ResponseStatus | ''>(thread.response?.status ?? '');
  const [en, setEn] = useState(thread.response?.explanation.en ?? '');
  const [zh, setZh] = useState(thread.response?.explanation.zh ?? '');
  const [problem, setProblem, fixing] = useProblem<'status' | 'explanation'>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (status === '') {
      setProblem('status');
      return;
    }
    if (status !== 'under_review' && en.trim() === '' && zh.trim() === '') {
      setProblem('explanation');
      return;
    }
    setProblem(null);
    const view = await run(() =>
      respondToThread(consultationId, thread.id, { status, explanation: { en: en.trim(), zh: zh.trim() } }),
    );
    if (view === null) return;
    ui.announce(t('threads.response.saved'));
    onDone();
  };

  return (
    <form className="response-form" aria-labelledby={headingId} onSubmit={submit} onKeyDown={cancelOnEscape(onDone)}>
      <h4 id={headingId}>{t('threads.response.formHeading')}</h4>
      <div className="field">
        <label htmlFor={statusId}>{t('threads.response.status')}</label>
        <select
          id={statusId}
          value={status}
          // biome-ignore lint/a11y/noAutofocus: the form opens on request; its first field takes focus
          autoFocus
          aria-invalid={problem === 'status' || undefined}
          onChange={(event) => {
            const value = event.target.value;
            fixing(setStatus)(isResponseStatus(value) ? value : '');
          }}
        >
          <option value="">{t('threads.response.chooseStatus')}</option>
          {RESPONSE_STATUSES.map((option) => (
            <option key={option} value={option}>
              {t(`threads.responseStatus.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <TextAreaField
        label={t('threads.response.explanationEn')}
        lang="en"
        rows={3}
        value={en}
        invalid={problem === 'explanation'}
        onChange={fixing(setEn)}
      />
      <TextAreaField
        label={t('threads.response.explanationZh')}
        lang="zh"
        rows={3}
        value={zh}
        invalid={problem === 'explanation'}
        onChange={fixing(setZh)}
      />
      <FormError
        message={
          problem !== null && (problem === 'status' ? t('threads.errors.chooseStatus') : t('threads.errors.explain'))
        }
      />
      <FormError message={error} />
      <FormActions label={t('threads.response.save')} className="primary" disabled={pending} onCancel={onDone} />
    </form>
  );
}
