import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { describeVoteError } from './format.ts';
import type { VoteAnswer } from './votesApi.ts';
import { useVotesEnv } from './votesContext.ts';

/**
 * Runs an action whose answer is a vote's new view, and puts that view in the store at once
 * (the realtime event that follows refetches it for everyone else). A refusal is said in the
 * reader's language.
 */
export function useVoteAction(): {
  run: (action: () => Promise<VoteAnswer>) => Promise<VoteAnswer | null>;
  pending: boolean;
  error: string | null;
  clearError: () => void;
} {
  const { store } = useVotesEnv();
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<VoteAnswer>) => {
      const seq = store.beginRequest();
      setPending(true);
      setError(null);
      try {
        const answer = await action();
        store.apply(answer, seq);
        return answer;
      } catch (caught) {
        if (!(caught instanceof ApiRequestError)) console.error(caught);
        setError(describeVoteError(caught, t));
        return null;
      } finally {
        setPending(false);
      }
    },
    [store, t],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
