import { RESPONSE_STATUSES, type ResponseStatus, type ThreadView } from '@accord/shared';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useComments } from './commentsContext.ts';
import { useThreadAction } from './format.ts';
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
  const enId = useId();
  const zhId = useId();
  const [status, setStatus] = useState<ResponseStatus | ''>(thread.response?.status ?? '');
  const [en, setEn] = useState(thread.response?.explanation.en ?? '');
  const [zh, setZh] = useState(thread.response?.explanation.zh ?? '');
  const [problem, setProblem] = useState<'status' | 'explanation' | null>(null);

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

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onDone();
  };

  return (
    <form className="response-form" aria-labelledby={headingId} onSubmit={submit} onKeyDown={onKeyDown}>
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
            setStatus(isResponseStatus(value) ? value : '');
            setProblem(null);
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
      <div className="field">
        <label htmlFor={enId}>{t('threads.response.explanationEn')}</label>
        <textarea
          id={enId}
          lang="en"
          rows={3}
          value={en}
          aria-invalid={problem === 'explanation' || undefined}
          onChange={(event) => {
            setEn(event.target.value);
            setProblem(null);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={zhId}>{t('threads.response.explanationZh')}</label>
        <textarea
          id={zhId}
          lang="zh"
          rows={3}
          value={zh}
          aria-invalid={problem === 'explanation' || undefined}
          onChange={(event) => {
            setZh(event.target.value);
            setProblem(null);
          }}
        />
      </div>
      {problem !== null && (
        <p role="alert" className="form-error">
          {problem === 'status' ? t('threads.errors.chooseStatus') : t('threads.errors.explain')}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={pending}>
          {t('threads.response.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('threads.cancel')}
        </button>
      </div>
    </form>
  );
}
