import type { ModerateThreadRequest, ThreadView } from '@accord/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAllThreads, useComments } from './commentsContext.ts';
import { useThreadAction } from './format.ts';
import { cancelOnEscape, FormActions, FormError } from './forms.tsx';
import { moderateThread } from './threadsApi.ts';

/**
 * The secretariat's moderation of a thread: lock or unlock it (replies), resolve or reopen it,
 * mark it as a duplicate of another thread of the consultation or clear that.
 */
export function ModerationMenu({ thread }: { thread: ThreadView }) {
  const { t } = useTranslation();
  const { consultationId, ui } = useComments();
  const { run, pending, error } = useThreadAction();
  const [choosing, setChoosing] = useState(false);
  const [locking, setLocking] = useState(false);
  const markRef = useRef<HTMLButtonElement>(null);
  const lockRef = useRef<HTMLButtonElement>(null);
  const wasChoosing = useRef(false);
  const wasLocking = useRef(false);
  useEffect(() => {
    if (!choosing && wasChoosing.current && markRef.current?.isConnected) markRef.current.focus();
    wasChoosing.current = choosing;
  }, [choosing]);
  // The form closed (cancelled, or the thread locked): back to Lock (or Unlock, which replaced it).
  useEffect(() => {
    if (!locking && wasLocking.current && lockRef.current?.isConnected) lockRef.current.focus();
    wasLocking.current = locking;
  }, [locking]);

  const moderate = async (request: ModerateThreadRequest, announcement: string) => {
    const view = await run(() => moderateThread(consultationId, thread.id, request));
    if (view === null) return false;
    ui.announce(announcement);
    return true;
  };
  const button = (request: ModerateThreadRequest, label: string, announcement: string) => (
    <button type="button" disabled={pending} onClick={() => moderate(request, announcement)}>
      {label}
    </button>
  );

  return (
    <fieldset className="moderation">
      <legend>{t('threads.moderation.label')}</legend>
      <div className="moderation-buttons">
        {thread.locked ? (
          <button
            type="button"
            ref={lockRef}
            disabled={pending}
            onClick={() => moderate({ action: 'unlock' }, t('threads.moderation.unlocked'))}
          >
            {t('threads.moderation.unlock')}
          </button>
        ) : (
          !locking && (
            <button type="button" ref={lockRef} disabled={pending} onClick={() => setLocking(true)}>
              {t('threads.moderation.lock')}
            </button>
          )
        )}
        {thread.status === 'resolved'
          ? button({ action: 'reopen' }, t('threads.moderation.reopen'), t('threads.moderation.reopened'))
          : button({ action: 'resolve' }, t('threads.moderation.resolve'), t('threads.moderation.resolved'))}
        {thread.duplicateOf !== null
          ? button(
              { action: 'clearDuplicate' },
              t('threads.moderation.clearDuplicate'),
              t('threads.moderation.duplicateCleared'),
            )
          : !choosing && (
              <button type="button" ref={markRef} disabled={pending} onClick={() => setChoosing(true)}>
                {t('threads.moderation.markDuplicate')}
              </button>
            )}
      </div>
      {locking && !thread.locked && (
        <LockForm
          pending={pending}
          onCancel={() => setLocking(false)}
          onLock={async (reason) => {
            const request: ModerateThreadRequest = reason === null ? { action: 'lock' } : { action: 'lock', reason };
            if (await moderate(request, t('threads.moderation.locked'))) setLocking(false);
          }}
        />
      )}
      {choosing && thread.duplicateOf === null && (
        <DuplicateForm
          thread={thread}
          pending={pending}
          onCancel={() => setChoosing(false)}
          onMark={async (duplicateOf) => {
            if (await moderate({ action: 'markDuplicate', duplicateOf }, t('threads.moderation.duplicateMarked')))
              setChoosing(false);
          }}
        />
      )}
      <FormError message={error} />
    </fieldset>
  );
}

/** Locking a thread, with a reason if the secretariat gives one. */
function LockForm({
  pending,
  onCancel,
  onLock,
}: {
  pending: boolean;
  onCancel: () => void;
  /** With the reason as typed, or null if none was given. */
  onLock: (reason: string | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    onLock(trimmed === '' ? null : trimmed);
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={cancelOnEscape(onCancel)}>
      <label htmlFor={id}>{t('threads.moderation.lockReason')}</label>
      <input
        id={id}
        type="text"
        value={reason}
        maxLength={2000}
        // biome-ignore lint/a11y/noAutofocus: the form opens on request; its one field takes focus
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <FormActions label={t('threads.moderation.confirmLock')} disabled={pending} onCancel={onCancel} />
    </form>
  );
}

function DuplicateForm({
  thread,
  pending,
  onCancel,
  onMark,
}: {
  thread: ThreadView;
  pending: boolean;
  onCancel: () => void;
  onMark: (duplicateOf: string) => void;
}) {
  const { t } = useTranslation();
  const { store, clauseNumbers } = useComments();
  const all = useAllThreads(store);
  const id = useId();
  const [choice, setChoice] = useState('');
  const [missing, setMissing] = useState(false);
  const others = all.filter((other) => other.id !== thread.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice === '') {
      setMissing(true);
      return;
    }
    onMark(choice);
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={cancelOnEscape(onCancel)}>
      <label htmlFor={id}>{t('threads.moderation.duplicateOf')}</label>
      <select
        id={id}
        value={choice}
        // biome-ignore lint/a11y/noAutofocus: the form opens on request; its one field takes focus
        autoFocus
        aria-invalid={missing || undefined}
        onChange={(event) => {
          setChoice(event.target.value);
          setMissing(false);
        }}
      >
        <option value="">{t('threads.moderation.chooseThread')}</option>
        {others.map((other) => {
          const opening = other.comments[0]?.body ?? '';
          const excerpt = opening.length > 40 ? `${opening.slice(0, 40)}…` : opening;
          const label = t('threads.moderation.threadOption', {
            number: store.numberOf(other.id) ?? '?',
            clause: clauseNumbers.get(other.clauseId) ?? '?',
            kind: t(`threads.kind.${other.kind}`),
            author: other.author.name,
          });
          return (
            <option key={other.id} value={other.id}>
              {excerpt === '' ? label : `${label} — ${excerpt}`}
            </option>
          );
        })}
      </select>
      <FormError message={missing && t('threads.errors.chooseThread')} />
      <FormActions
        label={t('threads.moderation.confirmDuplicate')}
        disabled={pending || others.length === 0}
        onCancel={onCancel}
      />
    </form>
  );
}
