import {
  type CreateThreadRequest,
  PROPOSAL_ACTIONS,
  type ProposalAction,
  THREAD_KINDS,
  type ThreadKind,
} from '@accord/shared';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clauseDocument, currentPassage, type ThreadDraft, useComments } from './commentsContext.ts';
import { useThreadAction } from './format.ts';
import { FormActions, FormError, TextAreaField, useProblem } from './forms.tsx';
import { createThread } from './threadsApi.ts';

type Problem = 'body' | 'wording' | 'passageGone';

/**
 * A new thread on a clause: on the passage selected (quoted at the top) or on the whole clause.
 * A comment, a question, or a proposed wording (replace the passage, insert after it, delete it).
 * The passage's offsets are taken again when posting, where the text is then.
 */
export function NewThreadForm({ clauseId, number, draft }: { clauseId: string; number: string; draft: ThreadDraft }) {
  const { t } = useTranslation();
  const env = useComments();
  const { ui, consultationId } = env;
  const { run, pending, error } = useThreadAction();
  const headingId = useId();
  const groupName = useId();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const { passage } = draft;
  const [kind, setKind] = useState<ThreadKind>('comment');
  const [action, setAction] = useState<ProposalAction>(passage === null ? 'insert' : 'replace');
  const [wording, setWording] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem, fixing] = useProblem<Problem>();

  // A new start (another selection, the same form) resets the form and focuses its text.
  useEffect(() => {
    setKind('comment');
    setAction(draft.passage === null ? 'insert' : 'replace');
    setWording('');
    setProblem(null);
    bodyRef.current?.focus();
  }, [draft]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    if (body.trim() === '') {
      setProblem('body');
      return;
    }
    const proposing = kind === 'proposal';
    if (proposing && action !== 'delete' && wording.trim() === '') {
      setProblem('wording');
      return;
    }
    let now = null;
    if (passage !== null) {
      now = currentPassage(clauseDocument(env, clauseId, passage.language), passage, draft.anchor);
      if (now === null) {
        setProblem('passageGone');
        return;
      }
    }
    setProblem(null);
    const request: CreateThreadRequest = {
      clauseId,
      kind,
      body: body.trim(),
      ...(now !== null && { passage: now }),
      ...(proposing && { proposal: { action, text: action === 'delete' ? '' : wording } }),
    };
    const view = await run(() => createThread(consultationId, request));
    if (view === null) return;
    setBody('');
    ui.announce(t('threads.new.posted'));
    ui.endDraft(view.id);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Escape with nothing written cancels; with text, it is left to close the panel (the text goes).
    if (event.key === 'Escape' && body.trim() === '' && wording.trim() === '') {
      event.preventDefault();
      ui.endDraft(null);
    }
  };

  const bodyLabel =
    kind === 'question'
      ? t('threads.new.questionLabel')
      : kind === 'proposal'
        ? t('threads.new.reasonLabel')
        : t('threads.new.commentLabel');

  return (
    <form className="new-thread" aria-labelledby={headingId} onSubmit={submit} onKeyDown={onKeyDown}>
      <h3 id={headingId}>{t('threads.new.heading', { number })}</h3>
      {passage !== null ? (
        <figure className="thread-passage">
          <blockquote lang={passage.language}>{passage.quote}</blockquote>
          <figcaption>{t('threads.passageLanguage', { language: t(`language.${passage.language}`) })}</figcaption>
        </figure>
      ) : (
        <p className="thread-on-clause">{t('threads.onWholeClause')}</p>
      )}

      <fieldset className="choice-group">
        <legend>{t('threads.new.kind')}</legend>
        {THREAD_KINDS.map((option) => (
          <label key={option} className="choice">
            <input
              type="radio"
              name={`${groupName}-kind`}
              value={option}
              checked={kind === option}
              onChange={() => fixing(setKind)(option)}
            />
            {t(`threads.kind.${option}`)}
          </label>
        ))}
      </fieldset>

      {kind === 'proposal' && (
        <>
          <fieldset className="choice-group">
            <legend>{t('threads.new.action')}</legend>
            {PROPOSAL_ACTIONS.map((option) => {
              // Without a passage there is nothing to replace or delete: the wording is added.
              const unavailable = passage === null && option !== 'insert';
              return (
                <label key={option} className={`choice${unavailable ? ' is-unavailable' : ''}`}>
                  <input
                    type="radio"
                    name={`${groupName}-action`}
                    value={option}
                    checked={action === option}
                    disabled={unavailable}
                    onChange={() => fixing(setAction)(option)}
                  />
                  {passage === null && option === 'insert'
                    ? t('threads.new.actions.add')
                    : t(`threads.new.actions.${option}`)}
                </label>
              );
            })}
          </fieldset>
          {action !== 'delete' && (
            <TextAreaField
              label={t('threads.new.wording')}
              lang={passage?.language}
              rows={3}
              value={wording}
              invalid={problem === 'wording'}
              onChange={fixing(setWording)}
            />
          )}
        </>
      )}

      <TextAreaField
        ref={bodyRef}
        label={bodyLabel}
        rows={4}
        value={body}
        invalid={problem === 'body'}
        hint={kind === 'proposal' ? t('threads.new.reasonHint') : undefined}
        onChange={fixing(setBody)}
      />

      <FormError
        message={
          problem !== null &&
          (problem === 'body'
            ? t('threads.errors.emptyComment')
            : problem === 'wording'
              ? t('threads.errors.emptyWording')
              : t('threads.errors.passageGone'))
        }
      />
      <FormError message={error} />
      <FormActions
        label={t('threads.new.post')}
        className="primary"
        disabled={pending}
        onCancel={() => ui.endDraft(null)}
      />
    </form>
  );
}
