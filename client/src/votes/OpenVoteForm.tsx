import { VOTE_RULE_KINDS, type VoteRuleKind, type VoteSubject } from '@accord/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelOnEscape, FormActions, FormError, TextAreaField, useProblem } from '../comments/forms.tsx';
import {
  CLOSING_CHOICES,
  type ClosingChoice,
  closingTime,
  defaultQuestion,
  defaultQuorum,
  subjectText,
} from './format.ts';
import { useVoteAction } from './useVoteAction.ts';
import { useSubjectInfo } from './useVoteLabels.ts';
import { openVote } from './votesApi.ts';
import { focusVoteCard, useVotesEnv } from './votesContext.ts';

interface CallVoteProps {
  subject: VoteSubject;
  /** "Call a vote on this response", "Call a new vote"… */
  label: string;
  className?: string;
  /** A new vote on a subject whose vote closed: it replaces that one. */
  again?: boolean;
  /** The form's heading level, one below the heading it sits under (4 in a thread or a vote card). */
  headingLevel?: HeadingLevel;
}

type HeadingLevel = 3 | 4 | 5;

/**
 * The secretariat's "Call a vote on …" button and, below it when pressed, the form that opens
 * the vote. Cancel (or Escape) closes the form and focus returns to the button; once opened,
 * focus goes to the new vote's card.
 */
export function CallVote({ subject, label, className, again = false, headingLevel = 4 }: CallVoteProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const formId = useId();
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={className}
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => setOpen((was) => !was)}
      >
        {label}
      </button>
      {open && (
        <OpenVoteForm
          id={formId}
          subject={subject}
          again={again}
          headingLevel={headingLevel}
          onDone={(openedVoteId) => {
            setOpen(false);
            if (openedVoteId === null) buttonRef.current?.focus();
            else focusVoteCard(openedVoteId);
          }}
        />
      )}
    </>
  );
}

type Problem = 'question' | 'quorum' | 'closingTime';

/** The form itself: the question in both languages, the rule and quorum, advisory positions, the closing time. */
export function OpenVoteForm({
  id,
  subject,
  again,
  headingLevel = 4,
  onDone,
}: {
  id?: string;
  subject: VoteSubject;
  again: boolean;
  headingLevel?: HeadingLevel;
  /** With the new vote's id, or null when cancelled. */
  onDone: (openedVoteId: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const Heading = `h${headingLevel}` as const;
  const { consultationId, memberStateCount, store, announcer } = useVotesEnv();
  const { run, pending, error } = useVoteAction();
  const info = useSubjectInfo(subject);
  const headingId = useId();
  const quorumId = useId();
  const quorumHintId = useId();
  const closesId = useId();
  const customId = useId();
  const ruleHintId = useId();
  // The question starts from a sentence for the subject, in both languages, whatever the reader's.
  const [initial] = useState(() => defaultQuestion(subject, info, i18n.getFixedT('en'), i18n.getFixedT('zh')));
  const [en, setEn] = useState(initial.en);
  const [zh, setZh] = useState(initial.zh);
  const [rule, setRule] = useState<VoteRuleKind>('consensus');
  const total = Math.max(memberStateCount, 1);
  const [quorum, setQuorum] = useState(String(defaultQuorum(memberStateCount)));
  const [advisory, setAdvisory] = useState(false);
  const [closes, setCloses] = useState<ClosingChoice>('none');
  const [custom, setCustom] = useState('');
  const [problem, setProblem, fixing] = useProblem<Problem>();
  const firstFieldRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // Opened on request: its first field takes focus.
    firstFieldRef.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const question = { en: en.trim(), zh: zh.trim() };
    if (question.en === '' && question.zh === '') return setProblem('question');
    const quorumNumber = Number(quorum);
    if (!Number.isInteger(quorumNumber) || quorumNumber < 1 || quorumNumber > total) return setProblem('quorum');
    const closesAt = closingTime(closes, custom, store.serverNow(), Date.now());
    if (closesAt === 'invalid') return setProblem('closingTime');
    setProblem(null);
    const answer = await run(() =>
      openVote(consultationId, { subject, question, rule: { kind: rule, quorum: quorumNumber }, advisory, closesAt }),
    );
    if (answer === null) return;
    // Opening on a closed vote supersedes it: show that at once too.
    if (answer.vote.supersedes !== null) void store.refresh([answer.vote.supersedes]);
    announcer.announce(t('votes.form.opened'));
    onDone(answer.vote.id);
  };

  const problemText: Record<Problem, string> = {
    question: t('votes.form.errors.question'),
    quorum: t('votes.form.errors.quorum', { total }),
    closingTime: t('votes.form.errors.closingTime'),
  };

  return (
    <form
      id={id}
      className="vote-form"
      aria-labelledby={headingId}
      onSubmit={submit}
      onKeyDown={cancelOnEscape(() => onDone(null))}
      noValidate
    >
      <Heading id={headingId}>{t('votes.form.heading', { subject: subjectText(subject, info, t) })}</Heading>
      {again && <p className="field-hint">{t('votes.form.againHint')}</p>}
      <TextAreaField
        ref={firstFieldRef}
        label={t('votes.form.questionEn')}
        lang="en"
        rows={2}
        value={en}
        invalid={problem === 'question'}
        onChange={fixing(setEn)}
      />
      <TextAreaField
        label={t('votes.form.questionZh')}
        lang="zh"
        rows={2}
        value={zh}
        invalid={problem === 'question'}
        onChange={fixing(setZh)}
      />
      <fieldset className="vote-form-rule" aria-describedby={ruleHintId}>
        <legend>{t('votes.form.rule')}</legend>
        {VOTE_RULE_KINDS.map((kind) => (
          <label key={kind} className="vote-form-choice">
            <input
              type="radio"
              name={`${headingId}-rule`}
              value={kind}
              checked={rule === kind}
              onChange={() => setRule(kind)}
            />{' '}
            {t(`votes.rule.${kind}`)}
          </label>
        ))}
        <p id={ruleHintId} className="field-hint">
          {t(`votes.form.ruleHint.${rule}`)}
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor={quorumId}>{t('votes.form.quorum')}</label>
        <input
          id={quorumId}
          type="number"
          inputMode="numeric"
          min={1}
          max={total}
          step={1}
          value={quorum}
          aria-invalid={problem === 'quorum' || undefined}
          aria-describedby={quorumHintId}
          onChange={(event) => fixing(setQuorum)(event.target.value)}
        />
        <p id={quorumHintId} className="field-hint">
          {t('votes.form.quorumHint', { total })}
        </p>
      </div>
      <label className="vote-form-choice">
        <input type="checkbox" checked={advisory} onChange={(event) => setAdvisory(event.target.checked)} />{' '}
        {t('votes.form.advisory')}
      </label>
      <div className="field">
        <label htmlFor={closesId}>{t('votes.form.closesIn')}</label>
        <select
          id={closesId}
          value={closes}
          onChange={(event) => {
            const value = CLOSING_CHOICES.find((choice) => choice === event.target.value);
            if (value !== undefined) fixing(setCloses)(value);
          }}
        >
          {CLOSING_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {t(`votes.form.closes.${choice}`)}
            </option>
          ))}
        </select>
      </div>
      {closes === 'custom' && (
        <div className="field">
          <label htmlFor={customId}>{t('votes.form.customTime')}</label>
          <input
            id={customId}
            type="datetime-local"
            value={custom}
            aria-invalid={problem === 'closingTime' || undefined}
            onChange={(event) => fixing(setCustom)(event.target.value)}
          />
        </div>
      )}
      <FormError message={problem !== null && problemText[problem]} />
      <FormError message={error} />
      <FormActions
        label={t('votes.form.submit')}
        className="primary"
        disabled={pending}
        onCancel={() => onDone(null)}
      />
    </form>
  );
}
