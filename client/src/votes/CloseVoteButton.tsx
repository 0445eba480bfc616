import type { VoteView } from '@accord/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelOnEscape, FormError } from '../comments/forms.tsx';
import { useVoteAction } from './useVoteAction.ts';
import { closeVote } from './votesApi.ts';
import { focusVoteCard, useVotesEnv } from './votesContext.ts';

/**
 * The secretariat closes an open vote, in two steps: "Close the vote", then the same button
 * asks "Confirm closing" (Cancel or Escape steps back). Once closed the button goes: focus moves
 * to the vote's card, which now shows the final result.
 */
export function CloseVoteButton({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const { consultationId, announcer } = useVotesEnv();
  const { run, pending, error, clearError } = useVoteAction();
  const [confirming, setConfirming] = useState(false);
  const questionId = useId();

  const cancel = () => {
    setConfirming(false);
    clearError();
  };
  const onClick = async () => {
    if (pending) return;
    if (!confirming) {
      setConfirming(true);
      return;
    }
    const answer = await run(() => closeVote(consultationId, vote.id));
    if (answer === null) return;
    setConfirming(false);
    announcer.announce(t('votes.close.done'));
    focusVoteCard(vote.id);
  };

  return (
    <div className="vote-close">
      {confirming && (
        <p id={questionId} className="vote-close-question">
          {t('votes.close.question')}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className={confirming ? 'danger' : undefined}
          aria-disabled={pending || undefined}
          aria-describedby={confirming ? questionId : undefined}
          onClick={() => void onClick()}
          onKeyDown={confirming ? cancelOnEscape(cancel) : undefined}
        >
          {confirming ? t('votes.close.confirm') : t('votes.close.button')}
        </button>
        {confirming && (
          <button type="button" onClick={cancel} onKeyDown={cancelOnEscape(cancel)}>
            {t('votes.close.cancel')}
          </button>
        )}
      </div>
      <FormError message={error} />
    </div>
  );
}
