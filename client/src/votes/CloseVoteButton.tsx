import type { VoteView } from '@accord/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError, TwoStepAction } from '../comments/forms.tsx';
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
      <TwoStepAction
        confirming={confirming}
        pending={pending}
        question={t('votes.close.question')}
        questionClassName="vote-close-question"
        labels={{ start: t('votes.close.button'), confirm: t('votes.close.confirm'), cancel: t('votes.close.cancel') }}
        onActivate={() => void onClick()}
        onCancel={cancel}
      />
      <FormError message={error} />
    </div>
  );
}
