import '../matrix/matrix.css';
import { type ConsultationResponse, numberedClauses, outlineFramework, type SessionResponse } from '@accord/shared';
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errorMessage.ts';
import type { ConsultationPageProps } from '../app/PageNotLoaded.tsx';
import type { CollabSession } from '../collab/CollabSession.ts';
import { type ThreadStore, useThreadStore } from '../comments/useThreads.ts';
import { LivePage, RefreshFailed } from '../matrix/LivePage.tsx';
import { LiveStatus } from '../matrix/LiveStatus.tsx';
import { useConsultationLivePage, useSessionExpiryOf } from '../matrix/useConsultationLivePage.ts';
import { orderForPage } from './format.ts';
import { voteIdFromHash } from './links.tsx';
import { CallVote } from './OpenVoteForm.tsx';
import { FRAMEWORK_VOTES_KEY, useVoteStore, type VoteStore } from './useVotes.ts';
import { VoteCard } from './VoteCard.tsx';
import { VotesProvider } from './VotesProvider.tsx';
import {
  useAllVotes,
  useSubjectVotes,
  useVotesEnv,
  useVotesError,
  useVotesStatus,
  voteElementId,
} from './votesContext.ts';

/**
 * `/consultations/:id/votes`: every vote of the consultation, open ones first (newest first),
 * then closed ones, live. The threads are loaded too, to name what votes are on ("the response
 * to #3 on clause 4.3"). A `#vote-<id>` fragment scrolls to that vote once the votes are there.
 */
export function VotesPage(props: ConsultationPageProps) {
  const { consultationId, session, onSessionExpired } = props;
  const { collab, state, reload, header } = useConsultationLivePage(consultationId, session, onSessionExpired);
  const store = useVoteStore(consultationId, collab);
  const threads = useThreadStore(consultationId, collab);
  const votesError = useVotesError(store);
  useSessionExpiryOf(votesError, onSessionExpired);

  return (
    <LivePage {...props} page="votes" collab={collab} state={state} onRetry={reload} header={header}>
      {(consultation) => (
        <VotesBody consultation={consultation} session={session} collab={collab} store={store} threads={threads} />
      )}
    </LivePage>
  );
}

function VotesBody({
  consultation,
  session,
  collab,
  store,
  threads,
}: {
  consultation: ConsultationResponse;
  session: SessionResponse;
  collab: CollabSession | null;
  store: VoteStore;
  threads: ThreadStore;
}) {
  const { id, role, stakeholderId } = session.person;
  const actor = useMemo(() => ({ personId: id, role, stakeholderId }), [id, role, stakeholderId]);
  const { framework, stakeholders, capabilities } = consultation;
  const clauseNumbers = useMemo(
    () => new Map(numberedClauses(outlineFramework(framework)).map((clause) => [clause.id, clause.number])),
    [framework],
  );
  return (
    <VotesProvider
      consultationId={consultation.consultation.id}
      actor={actor}
      capabilities={capabilities}
      stakeholders={stakeholders}
      clauseNumbers={clauseNumbers}
      threads={threads}
      store={store}
      place="votes"
    >
      <LiveStatus collab={collab} messages="votes" />
      <VoteLists />
    </VotesProvider>
  );
}

function VoteLists() {
  const { t } = useTranslation();
  const { store, capabilities } = useVotesEnv();
  const status = useVotesStatus(store);
  const votes = useAllVotes(store);
  const frameworkVotes = useSubjectVotes(store, FRAMEWORK_VOTES_KEY);
  const error = useVotesError(store);
  const { open, closed } = useMemo(() => orderForPage(votes), [votes]);
  const headingId = useId();
  const openId = useId();
  const closedId = useId();
  useScrollToVoteInUrl(status === 'loaded' || status === 'stale');
  const frameworkVoteOpen = frameworkVotes.some((vote) => vote.state === 'open');

  return (
    <>
      <section className="votes-intro" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('votes.title')}</h2>
        <p>{t('votes.intro')}</p>
        {capabilities['vote.manage'] && !frameworkVoteOpen && (status === 'loaded' || status === 'stale') && (
          <div className="vote-calls">
            <CallVote subject={{ kind: 'framework' }} label={t('votes.call.framework')} headingLevel={3} />
          </div>
        )}
      </section>
      {status === 'stale' && <RefreshFailed message={t('votes.refreshFailed')} onRetry={() => void store.retry()} />}
      {status === 'loading' && <p role="status">{t('votes.loading')}</p>}
      {status === 'failed' && (
        <div role="alert" className="form-error">
          <p>
            {t('votes.loadFailed')} {errorMessage(error, t)}
          </p>
          <button type="button" onClick={() => void store.retry()}>
            {t('errors.retry')}
          </button>
        </div>
      )}
      {(status === 'loaded' || status === 'stale') &&
        (votes.length === 0 ? (
          <p className="notice">{t('votes.none')}</p>
        ) : (
          <>
            <section className="votes-section" aria-labelledby={openId}>
              <h3 id={openId}>{t('votes.openHeading')}</h3>
              {open.length === 0 ? (
                <p className="votes-empty">{t('votes.noOpen')}</p>
              ) : (
                <ol className="vote-list">
                  {open.map((vote) => (
                    <li key={vote.id}>
                      <VoteCard vote={vote} />
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section className="votes-section" aria-labelledby={closedId}>
              <h3 id={closedId}>{t('votes.closedHeading')}</h3>
              {closed.length === 0 ? (
                <p className="votes-empty">{t('votes.noClosed')}</p>
              ) : (
                <ol className="vote-list">
                  {closed.map((vote) => (
                    <li key={vote.id}>
                      <VoteCard vote={vote} />
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </>
        ))}
    </>
  );
}

/** Once the votes are there, shows (and focuses) the vote the URL's `#vote-<id>` names, once. */
function useScrollToVoteInUrl(loaded: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!loaded || done.current) return;
    done.current = true;
    const voteId = voteIdFromHash(window.location.hash);
    if (voteId === null) return;
    const card = document.getElementById(voteElementId(voteId));
    card?.scrollIntoView({ block: 'start' });
    card?.focus({ preventScroll: true });
  }, [loaded]);
}
