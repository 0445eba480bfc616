import { type Action, type Actor, decide, VOTE_CHOICES, type VoteChoice, type VoteView } from '@accord/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../comments/forms.tsx';
import { useVoteAction } from './useVoteAction.ts';
import { castBallot } from './votesApi.ts';
import { useVotesEnv } from './votesContext.ts';

/**
 * Whether this person may cast a ballot here, and as what: `cast` (a delegate, for their
 * country, a member state of the vote), `advise` (a partner, for their organisation, where the
 * vote takes advisory positions), or null. Mirrors the server's rules; the server decides.
 */
export function ballotRole(
  vote: Pick<VoteView, 'state' | 'advisory' | 'memberStates'>,
  actor: Actor,
  capabilities: Record<Action, boolean>,
): 'cast' | 'advise' | null {
  const stakeholderId = actor.stakeholderId;
  if (stakeholderId === null || vote.state !== 'open') return null;
  const context = { stakeholderId, vote: { open: true, advisory: vote.advisory } };
  if (
    capabilities['vote.cast'] &&
    vote.memberStates.includes(stakeholderId) &&
    decide(actor, 'vote.cast', context).allowed
  )
    return 'cast';
  if (capabilities['vote.advise'] && vote.advisory && decide(actor, 'vote.advise', context).allowed) return 'advise';
  return null;
}

/**
 * Agree / Object / Abstain for the reader's own country (or, advising, organisation): a group of
 * toggle buttons, the current choice pressed; changing it is one click. Says what was chosen
 * and by whom. While a ballot is on its way the buttons keep focus (`aria-disabled`, not
 * `disabled`, which would drop it).
 */
export function BallotControls({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const { actor, capabilities, consultationId, announcer } = useVotesEnv();
  const { run, pending, error } = useVoteAction();
  const currentId = useId();
  const role = ballotRole(vote, actor, capabilities);
  if (role === null || actor.stakeholderId === null) return null;
  const stakeholderId = actor.stakeholderId;
  const current = (role === 'cast' ? vote.ballots : vote.advisoryPositions).find(
    (ballot) => ballot.stakeholderId === stakeholderId,
  );

  const cast = async (choice: VoteChoice) => {
    if (pending || current?.choice === choice) return;
    const answer = await run(() => castBallot(consultationId, vote.id, stakeholderId, choice));
    if (answer === null) return;
    const said = t(`votes.choice.${choice}`);
    announcer.announce(
      role === 'cast' ? t('votes.ballot.saved', { choice: said }) : t('votes.ballot.adviseSaved', { choice: said }),
    );
  };

  let currentText: string;
  if (current === undefined) currentText = role === 'cast' ? t('votes.ballot.none') : t('votes.ballot.adviseNone');
  else {
    const choice = t(`votes.choice.${current.choice}`);
    if (role === 'cast')
      currentText =
        current.by === null
          ? t('votes.ballot.current', { choice })
          : t('votes.ballot.currentBy', { choice, name: current.by.name });
    else
      currentText =
        current.by === null
          ? t('votes.ballot.adviseCurrent', { choice })
          : t('votes.ballot.adviseCurrentBy', { choice, name: current.by.name });
  }

  return (
    <fieldset className={`vote-ballot vote-ballot-${role}`} aria-describedby={currentId}>
      <legend className="vote-ballot-heading">
        {role === 'cast' ? t('votes.ballot.heading') : t('votes.ballot.adviseHeading')}
      </legend>
      <div className="vote-ballot-buttons">
        {VOTE_CHOICES.map((choice) => (
          <button
            key={choice}
            type="button"
            className={`vote-ballot-button choice-${choice}`}
            aria-pressed={current?.choice === choice}
            aria-disabled={pending || undefined}
            onClick={() => void cast(choice)}
          >
            {current?.choice === choice && (
              <span className="vote-ballot-mark" aria-hidden="true">
                ✓
              </span>
            )}
            {t(`votes.choice.${choice}`)}
          </button>
        ))}
      </div>
      <p id={currentId} className="vote-ballot-current">
        {currentText} <span className="vote-ballot-hint">{t('votes.ballot.hint')}</span>
      </p>
      <FormError message={error} />
    </fieldset>
  );
}
