import type {
  ClauseComparison,
  Language,
  VisitNewReplies,
  VisitNewThread,
  VisitResponse,
  VisitVoteEvent,
} from '@accord/shared';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { fillSlots } from '../comments/format.ts';
import { useDateTimeFormat } from '../i18n/useDateTimeFormat.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { ClauseBadges, COLUMN_ORDER } from '../versions/CompareClause.tsx';
import { DiffText } from '../versions/DiffText.tsx';
import { localized, numberText } from '../versions/format.ts';
import { subjectText } from '../votes/format.ts';
import { votePath } from '../votes/links.tsx';
import { ClauseLink, InPageThreadLink } from './links.tsx';
import { type SinceItem, sinceItemElementId, voteItemKey } from './summary.ts';

/** What the panel's items need of the page: numbers and names of clauses, threads and people. */
export interface SinceEnv {
  consultationId: string;
  /** A clause's display number on the page ("4.3"), if the outline has it. */
  clauseNumber: (clauseId: string) => string | null;
  /** A thread's number ("#12") and clause, where the thread store has it. */
  thread: (threadId: string) => { number: number | null; clauseId: string | null };
  /** "Wang Fang (China)". */
  personLabel: (name: string, stakeholderId: string | null) => string;
}

/** The element every item is: focusable (stepping moves focus to it), with its hooks. */
function Item({
  item,
  className,
  hooks,
  labelledBy,
  children,
}: {
  item: SinceItem;
  className: string;
  hooks: Record<`data-${string}`, string>;
  labelledBy?: string;
  children: ReactNode;
}) {
  return (
    <li
      id={sinceItemElementId(item)}
      className={`since-item ${className}`}
      tabIndex={-1}
      data-since-item=""
      aria-labelledby={labelledBy}
      {...hooks}
    >
      {children}
    </li>
  );
}

function When({ at }: { at: number }) {
  const formatDateTime = useDateTimeFormat();
  return (
    <time className="since-time" dateTime={new Date(at).toISOString()}>
      {formatDateTime(at)}
    </time>
  );
}

/** "#12" linking to the thread on this page; "a thread" while its number is not known. */
function ThreadRef({ env, threadId }: { env: SinceEnv; threadId: string }) {
  const { t } = useTranslation();
  const { number } = env.thread(threadId);
  return (
    <InPageThreadLink threadId={threadId}>
      {number === null ? t('visits.threadUnknown') : t('visits.threadNumber', { number })}
    </InPageThreadLink>
  );
}

function useClauseNumber(env: SinceEnv): (clauseId: string | null) => string {
  const { t } = useTranslation();
  return (clauseId) => (clauseId === null ? null : env.clauseNumber(clauseId)) ?? t('visits.clauseUnknown');
}

// — Clauses —

export interface SinceClauseProps {
  clause: ClauseComparison;
  env: SinceEnv;
  /** Another request is under way: the button says so and does nothing. */
  busy: boolean;
  /** This clause is being marked seen. */
  marking: boolean;
  onMarkSeen: (clause: ClauseComparison) => void;
}

/**
 * A clause whose text changed since the reader saw it: its number as on the page, badges, each
 * language's word diff (or "no change"), the threads whose accepted wording changed it, a link
 * to its row and "Mark as seen".
 */
export function SinceClause({ clause, env, busy, marking, onMarkSeen }: SinceClauseProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const number = env.clauseNumber(clause.clauseId) ?? numberText(clause);
  return (
    <Item
      item={{ kind: 'clause', key: clause.clauseId }}
      className={`since-clause compare-kind-${clause.status}`}
      hooks={{ 'data-testid': 'since-clause', 'data-clause-id': clause.clauseId, 'data-status': clause.status }}
      labelledBy={headingId}
    >
      <div className="since-clause-header">
        <h4 id={headingId}>{t('visits.clauses.title', { number })}</h4>
        <ClauseBadges clause={clause} />
      </div>
      {COLUMN_ORDER.map((language) => (
        <ClauseLanguage key={language} clause={clause} language={language} />
      ))}
      {clause.threadIds.length > 0 && (
        <ul className="compare-threads">
          {clause.threadIds.map((threadId) => {
            const known = env.thread(threadId).number !== null;
            return (
              <li key={threadId}>
                {fillSlots(known ? t('compare.changedBy') : t('compare.changedByUnknown'), {
                  thread: <ThreadRef env={env} threadId={threadId} />,
                })}
              </li>
            );
          })}
        </ul>
      )}
      <div className="since-item-actions">
        <ClauseLink clauseId={clause.clauseId}>{t('visits.clauses.goTo', { number })}</ClauseLink>
        <button
          type="button"
          aria-label={t('visits.clauses.markSeenLabel', { number })}
          aria-disabled={busy || undefined}
          aria-busy={marking || undefined}
          onClick={() => {
            if (!busy) onMarkSeen(clause);
          }}
        >
          {t('visits.clauses.markSeen')}
        </button>
      </div>
    </Item>
  );
}

function ClauseLanguage({ clause, language }: { clause: ClauseComparison; language: Language }) {
  const { t } = useTranslation();
  const { changed, parts } = clause.text[language];
  const name = t(`language.${language}`);
  if (!changed && clause.status !== 'added' && clause.status !== 'removed') {
    return <p className="since-language-unchanged">{t('visits.clauses.unchanged', { language: name })}</p>;
  }
  return (
    <div className="compare-language">
      <p className="compare-language-name">{name}</p>
      <DiffText parts={parts} language={language} />
    </div>
  );
}

// — Activity —

/** "The secretariat answered #12 on clause 4.3: Accepted". */
export function SinceResponse({ response, env }: { response: VisitResponse; env: SinceEnv }) {
  const { t } = useTranslation();
  const clause = useClauseNumber(env)(response.clauseId);
  return (
    <Item
      item={{ kind: 'response', key: response.threadId }}
      className="since-response"
      hooks={{ 'data-testid': 'since-response', 'data-thread-id': response.threadId, 'data-status': response.status }}
    >
      <p>
        {fillSlots(t('visits.responses.item', { clause }), {
          thread: <ThreadRef env={env} threadId={response.threadId} />,
          status: (
            <strong className={`since-response-status since-response-${response.status}`}>
              {t(`threads.responseStatus.${response.status}`)}
            </strong>
          ),
        })}
      </p>
      <When at={response.at} />
    </Item>
  );
}

/** "#12 — Question by Wang Fang (China) on clause 4.3". */
export function SinceThread({ thread, env }: { thread: VisitNewThread; env: SinceEnv }) {
  const { t } = useTranslation();
  const clause = useClauseNumber(env)(thread.clauseId);
  return (
    <Item
      item={{ kind: 'thread', key: thread.threadId }}
      className="since-thread"
      hooks={{ 'data-testid': 'since-thread', 'data-thread-id': thread.threadId }}
    >
      <p>
        {fillSlots(
          t('visits.threads.item', {
            kind: t(`threads.kind.${thread.kind}`),
            person: env.personLabel(thread.author.name, thread.stakeholderId),
            clause,
          }),
          { thread: <ThreadRef env={env} threadId={thread.threadId} /> },
        )}
      </p>
      <When at={thread.createdAt} />
    </Item>
  );
}

/** "2 new replies in #12 on clause 4.3", marked "in your thread" where the reader took part. */
export function SinceReplies({ replies, env }: { replies: VisitNewReplies; env: SinceEnv }) {
  const { t } = useTranslation();
  const clause = useClauseNumber(env)(replies.clauseId);
  return (
    <Item
      item={{ kind: 'replies', key: replies.threadId }}
      className={`since-replies${replies.mine ? ' is-mine' : ''}`}
      hooks={{ 'data-testid': 'since-replies', 'data-thread-id': replies.threadId, 'data-mine': String(replies.mine) }}
    >
      <p>
        {fillSlots(t('visits.replies.item', { count: replies.count, clause }), {
          thread: <ThreadRef env={env} threadId={replies.threadId} />,
        })}
        {replies.mine && (
          <>
            {' '}
            <span className="since-tag">{t('visits.replies.mine')}</span>
          </>
        )}
      </p>
      <When at={replies.latestAt} />
    </Item>
  );
}

/** "Vote opened on clause 4.3: <question>" / "Vote closed on … — Adopted: <question>", linking to the vote. */
export function SinceVote({ vote, env }: { vote: VisitVoteEvent; env: SinceEnv }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const { subject } = vote;
  const info =
    subject.kind === 'response' || subject.kind === 'proposal'
      ? (() => {
          const thread = env.thread(subject.threadId);
          return {
            threadNumber: thread.number,
            clauseNumber: thread.clauseId === null ? null : env.clauseNumber(thread.clauseId),
          };
        })()
      : { threadNumber: null, clauseNumber: subject.kind === 'clause' ? env.clauseNumber(subject.clauseId) : null };
  const question = localized(vote.question, language);
  const link = (
    <AppLink href={votePath(env.consultationId, vote.voteId)} lang={question?.lang}>
      {question?.text ?? t('visits.votes.untitled')}
    </AppLink>
  );
  const values = { subject: subjectText(subject, info, t) };
  const sentence =
    vote.event === 'closed'
      ? t('visits.votes.closed', {
          ...values,
          outcome: vote.outcome === undefined ? '' : t(`votes.outcome.${vote.outcome}`),
        })
      : t('visits.votes.opened', values);
  return (
    <Item
      item={{ kind: 'vote', key: voteItemKey(vote) }}
      className={`since-vote since-vote-${vote.event}`}
      hooks={{
        'data-testid': 'since-vote',
        'data-vote-id': vote.voteId,
        'data-event': vote.event,
        ...(vote.outcome === undefined ? {} : { 'data-outcome': vote.outcome }),
      }}
    >
      <p>{fillSlots(sentence, { question: link })}</p>
      <When at={vote.at} />
    </Item>
  );
}
