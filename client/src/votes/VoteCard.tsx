import type { BallotView, VoteView } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fillSlots } from '../comments/format.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { pickLocalized } from '../matrix/format.ts';
import { BallotControls } from './BallotControls.tsx';
import { CloseVoteButton } from './CloseVoteButton.tsx';
import { useTicking } from './clock.ts';
import { formatTimeLeft, resultSentence, ruleSentence, subjectText, tallyText } from './format.ts';
import { ThreadLink, VoteLink } from './links.tsx';
import { CallVote } from './OpenVoteForm.tsx';
import { useStakeholderName, useSubjectInfo } from './useVoteLabels.ts';
import { VoteChart } from './VoteChart.tsx';
import { useVotesEnv, voteElementId } from './votesContext.ts';

interface VoteCardProps {
  vote: VoteView;
  /**
   * Beside the thing voted on (a thread, a clause): the chart, the result and the ballot
   * controls up front; how each member state voted folded away.
   */
  compact?: boolean;
  /** The question's heading level: one below the heading the card sits under (4 by default). */
  headingLevel?: 3 | 4;
}

/**
 * One vote: its question, what it is on, the rule, who opened it and when, the time left, the
 * tally as a chart and in words, the result (as it would be now, or final), how each member
 * state voted, partners' advisory positions, and what this reader may do: vote, close it, call a
 * new one. The card's id is its anchor (`#vote-<id>`); it is focusable for links to land on.
 * The tally and result are a polite live region: changes are read out, the countdown is not.
 */
export function VoteCard({ vote, compact = false, headingLevel = 4 }: VoteCardProps) {
  const Question = `h${headingLevel}` as const;
  const Sub = `h${headingLevel + 1}` as 'h4' | 'h5';
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { capabilities, memberStateCount } = useVotesEnv();
  const formatTime = useDateTimeFormat();
  const nameOf = useStakeholderName();
  const headingId = useId();
  const question = pickLocalized(vote.question, language);
  const memberStates = vote.memberStates.length || memberStateCount;
  const manage = capabilities['vote.manage'];

  const classes = ['vote-card', `vote-${vote.state}`, `outcome-${vote.result.outcome}`];
  if (compact) classes.push('is-compact');
  if (vote.supersededBy !== null) classes.push('is-superseded');

  return (
    <article
      id={voteElementId(vote.id)}
      data-testid="vote-card"
      data-vote-id={vote.id}
      className={classes.join(' ')}
      aria-labelledby={headingId}
      tabIndex={-1}
    >
      <header className="vote-card-header">
        <span className={`vote-state vote-state-${vote.state}`}>{t(`votes.state.${vote.state}`)}</span>
        <Question id={headingId} className="vote-question" lang={question?.fallback ? question.language : undefined}>
          {question?.text ?? ''}
        </Question>
      </header>
      <p className="vote-subject">
        <SubjectLine vote={vote} />
      </p>
      <p className="vote-rule">{ruleSentence(vote.rule, memberStates, t)}</p>
      <p className="vote-meta">
        {t('votes.openedBy', { name: vote.openedBy.name, time: formatTime(vote.openedAt) })}
        <span aria-hidden="true"> · </span>
        <TimeLine vote={vote} />
      </p>
      <SupersedeNotes vote={vote} />

      <div className="vote-tally" aria-live="polite">
        <VoteChart tally={vote.result.tally} />
        <ResultLine vote={vote} />
      </div>

      <BallotControls vote={vote} />

      {compact ? (
        <details className="vote-countries-details">
          <summary>{t('votes.countriesSummary')}</summary>
          <CountryList vote={vote} />
        </details>
      ) : (
        // Not a <section>: one per card would make as many landmarks of the same name.
        <div className="vote-countries-section">
          <Sub>{t('votes.countries')}</Sub>
          <CountryList vote={vote} />
        </div>
      )}
      {vote.advisory && <AdvisoryList vote={vote} nameOf={nameOf} heading={Sub} />}

      {manage && vote.state === 'open' && <CloseVoteButton vote={vote} />}
      {manage && vote.state === 'closed' && vote.supersededBy === null && (
        <div className="vote-again">
          <CallVote
            subject={vote.subject}
            label={t('votes.call.again')}
            again
            headingLevel={headingLevel === 3 ? 4 : 5}
          />
        </div>
      )}
    </article>
  );
}

/** "On the response to #3 on clause 4.3", the thread a link. */
function SubjectLine({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const info = useSubjectInfo(vote.subject);
  const text = subjectText(vote.subject, info, t);
  const { subject } = vote;
  const shown =
    subject.kind === 'response' || subject.kind === 'proposal' ? (
      <ThreadLink threadId={subject.threadId}>{text}</ThreadLink>
    ) : (
      <strong>{text}</strong>
    );
  return <>{fillSlots(t('votes.on'), { subject: shown })}</>;
}

/** When it closes and the time left, counted by the server's clock; or when and how it closed. */
function TimeLine({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  if (vote.state === 'closed') {
    const at = vote.closedAt ?? vote.openedAt;
    const time = formatTime(at);
    return (
      <time className="vote-closed-at" dateTime={new Date(at).toISOString()}>
        {vote.closedBy === null
          ? t('votes.closedAtTime', { time })
          : t('votes.closedBy', { name: vote.closedBy.name, time })}
      </time>
    );
  }
  if (vote.closesAt === null) return <span className="vote-no-closing">{t('votes.noClosingTime')}</span>;
  return (
    <>
      <time dateTime={new Date(vote.closesAt).toISOString()}>
        {t('votes.closesAt', { time: formatTime(vote.closesAt) })}
      </time>
      <span aria-hidden="true"> · </span>
      <Countdown closesAt={vote.closesAt} />
    </>
  );
}

/** The time left, redrawn each second (not a live region: it would chatter). */
function Countdown({ closesAt }: { closesAt: number }) {
  const { t } = useTranslation();
  const { store } = useVotesEnv();
  useTicking(true);
  return <strong className="vote-time-left">{formatTimeLeft(closesAt - store.serverNow(), t)}</strong>;
}

function SupersedeNotes({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  if (vote.supersededBy === null && vote.supersedes === null) return null;
  return (
    <ul className="vote-lineage">
      {vote.supersededBy !== null && (
        <li className="vote-superseded">
          {fillSlots(t('votes.superseded'), {
            link: <VoteLink voteId={vote.supersededBy}>{t('votes.supersededLink')}</VoteLink>,
          })}
        </li>
      )}
      {vote.supersedes !== null && (
        <li className="vote-supersedes">
          {fillSlots(t('votes.supersedes'), {
            link: <VoteLink voteId={vote.supersedes}>{t('votes.supersedesLink')}</VoteLink>,
          })}
        </li>
      )}
    </ul>
  );
}

/** "If it closed now: Not adopted (Thailand objected)" while open; the final result, prominently, once closed. */
function ResultLine({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const nameOf = useStakeholderName();
  const { result } = vote;
  const sentence = resultSentence(vote, nameOf, t, language);
  const total = result.tally.voted + result.tally.notVoted;
  return (
    <p
      data-testid="vote-result"
      data-outcome={result.outcome}
      data-state={vote.state}
      className={`vote-result vote-result-${vote.state} outcome-${result.outcome}`}
    >
      {vote.state === 'closed' ? (
        <>
          <strong className="vote-result-final">{sentence}</strong>
          <span className="vote-result-tally"> — {tallyText(result.tally, t)}</span>
        </>
      ) : (
        <>
          {sentence}
          <span className="vote-result-tally"> · {t('votes.voted', { voted: result.tally.voted, total })}</span>
        </>
      )}
    </p>
  );
}

function ChoiceTag({ choice }: { choice: BallotView['choice'] | 'none' }) {
  const { t } = useTranslation();
  return (
    <span className={`vote-choice-tag choice-${choice}`}>
      {choice === 'none' ? t('votes.notVoted') : t(`votes.choice.${choice}`)}
    </span>
  );
}

function BallotBy({ ballot }: { ballot: BallotView | undefined }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  if (ballot?.by == null) return null;
  return (
    <span className="vote-country-by">
      {t('votes.ballotBy', { name: ballot.by.name, time: formatTime(ballot.at) })}
    </span>
  );
}

/** Every member state of the vote, in the tally's order, with its choice or "Not voted yet". */
function CountryList({ vote }: { vote: VoteView }) {
  const nameOf = useStakeholderName();
  return (
    <ul className="vote-countries">
      {vote.memberStates.map((stakeholderId) => {
        const ballot = vote.ballots.find((b) => b.stakeholderId === stakeholderId);
        const choice = ballot?.choice ?? 'none';
        return (
          <li
            key={stakeholderId}
            data-testid="vote-country"
            data-stakeholder-id={stakeholderId}
            data-choice={choice}
            className={`vote-country choice-${choice}`}
          >
            <span className="vote-country-name">{nameOf(stakeholderId)}</span> <ChoiceTag choice={choice} />{' '}
            <BallotBy ballot={ballot} />
          </li>
        );
      })}
    </ul>
  );
}

/** Partners' positions, apart and marked as not counted. */
function AdvisoryList({
  vote,
  nameOf,
  heading: Heading,
}: {
  vote: VoteView;
  nameOf: (stakeholderId: string) => string;
  heading: 'h4' | 'h5';
}) {
  const { t } = useTranslation();
  return (
    <div className="vote-advisory">
      <Heading>{t('votes.advisory.heading')}</Heading>
      <p className="vote-advisory-note">{t('votes.advisory.note')}</p>
      {vote.advisoryPositions.length === 0 ? (
        <p className="vote-advisory-none">{t('votes.advisory.none')}</p>
      ) : (
        <ul className="vote-advisory-list">
          {vote.advisoryPositions.map((position) => (
            <li
              key={position.stakeholderId}
              className={`vote-advisory-item choice-${position.choice}`}
              data-stakeholder-id={position.stakeholderId}
              data-choice={position.choice}
            >
              <span className="vote-country-name">{nameOf(position.stakeholderId)}</span>{' '}
              <ChoiceTag choice={position.choice} /> <BallotBy ballot={position} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
