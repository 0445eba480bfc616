import type { ThreadView, VoteSubjectKind, VoteView } from '@accord/shared';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../app/AppLink.tsx';
import { useLanguage } from '../i18n/useLanguage.ts';
import { pickLocalized } from '../matrix/format.ts';
import { standing } from './format.ts';
import { votePath } from './links.tsx';
import { CallVote } from './OpenVoteForm.tsx';
import { clauseVotesKey, FRAMEWORK_VOTES_KEY, threadVotesKey } from './useVotes.ts';
import { VoteCard } from './VoteCard.tsx';
import { useOptionalVotesEnv, useSubjectVotes, type VotesEnv } from './votesContext.ts';

/**
 * Votes beside the thing voted on, on the framework page. Each reads its subject's votes from
 * the page's one vote store (a clause row without votes redraws for none of them), shows those
 * still standing (not superseded) as compact cards, and offers the secretariat to call one where
 * none stands. Outside a `VotesProvider` they show nothing.
 */

const hasStanding = (votes: readonly VoteView[], kind: VoteSubjectKind) =>
  votes.some((vote) => vote.subject.kind === kind);

/** In a thread's card: the votes on its response and on its proposed wording. */
export function ThreadVotes({ thread }: { thread: ThreadView }) {
  const env = useOptionalVotesEnv();
  return env === null ? null : <ThreadVotesIn env={env} thread={thread} />;
}

function ThreadVotesIn({ env, thread }: { env: VotesEnv; thread: ThreadView }) {
  const { t } = useTranslation();
  const shown = standing(useSubjectVotes(env.store, threadVotesKey(thread.id)));
  const manage = env.capabilities['vote.manage'];
  const callResponse = manage && thread.response !== null && !hasStanding(shown, 'response');
  const callProposal =
    manage && thread.kind === 'proposal' && thread.proposal !== null && !hasStanding(shown, 'proposal');
  if (shown.length === 0 && !callResponse && !callProposal) return null;
  return (
    <div className="thread-votes">
      {shown.map((vote) => (
        <VoteCard key={vote.id} vote={vote} compact />
      ))}
      {(callResponse || callProposal) && (
        <div className="vote-calls">
          {callResponse && (
            <CallVote subject={{ kind: 'response', threadId: thread.id }} label={t('votes.call.response')} />
          )}
          {callProposal && (
            <CallVote subject={{ kind: 'proposal', threadId: thread.id }} label={t('votes.call.proposal')} />
          )}
        </div>
      )}
    </div>
  );
}

/**
 * "Call a vote on this clause", among the clause's actions (the form opens below them, across
 * the row); nothing while a vote on the clause stands (its card offers a new one once closed).
 */
export function ClauseVoteCall({ clauseId, headingLevel }: { clauseId: string; headingLevel: 3 | 4 }) {
  const env = useOptionalVotesEnv();
  return env === null || !env.capabilities['vote.manage'] ? null : (
    <ClauseVoteCallIn env={env} clauseId={clauseId} headingLevel={headingLevel} />
  );
}

function ClauseVoteCallIn({ env, clauseId, headingLevel }: { env: VotesEnv; clauseId: string; headingLevel: 3 | 4 }) {
  const { t } = useTranslation();
  const votes = useSubjectVotes(env.store, clauseVotesKey(clauseId));
  if (standing(votes).length > 0) return null;
  return (
    <CallVote
      subject={{ kind: 'clause', clauseId }}
      label={t('votes.call.clause')}
      className="clause-threads-button"
      headingLevel={headingLevel}
    />
  );
}

/**
 * Under a clause's actions: the votes on the clause. `headingLevel`: one below the clause's
 * section heading (h2 for top-level sections, h3 for nested ones).
 */
export function ClauseVotes({ clauseId, headingLevel }: { clauseId: string; headingLevel: 3 | 4 }) {
  const env = useOptionalVotesEnv();
  return env === null ? null : <ClauseVotesIn env={env} clauseId={clauseId} headingLevel={headingLevel} />;
}

function ClauseVotesIn({ env, clauseId, headingLevel }: { env: VotesEnv; clauseId: string; headingLevel: 3 | 4 }) {
  const shown = standing(useSubjectVotes(env.store, clauseVotesKey(clauseId)));
  if (shown.length === 0) return null;
  return (
    <div className="clause-votes">
      {shown.map((vote) => (
        <VoteCard key={vote.id} vote={vote} compact headingLevel={headingLevel} />
      ))}
    </div>
  );
}

/** Near the top of the framework page: open votes on the whole framework, each linking to its card on the Votes page. */
export function FrameworkVotesBanner() {
  const env = useOptionalVotesEnv();
  return env === null ? null : <FrameworkVotesBannerIn env={env} />;
}

function FrameworkVotesBannerIn({ env }: { env: VotesEnv }) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const open = useSubjectVotes(env.store, FRAMEWORK_VOTES_KEY).filter((vote) => vote.state === 'open');
  if (open.length === 0) return null;
  return (
    <section className="vote-banner" aria-label={t('votes.banner.label')}>
      {open.map((vote) => {
        const { tally } = vote.result;
        const question = pickLocalized(vote.question, language);
        return (
          <p key={vote.id} className="vote-banner-item">
            <span>{t('votes.banner.open', { question: question?.text ?? '' })}</span>{' '}
            <span className="vote-banner-count">
              ({t('votes.voted', { voted: tally.voted, total: tally.voted + tally.notVoted })})
            </span>{' '}
            <AppLink className="vote-banner-link" href={votePath(env.consultationId, vote.id)}>
              {t('votes.banner.link')}
            </AppLink>
          </p>
        );
      })}
    </section>
  );
}
