import { type StoreAction, useStoreAction } from '../app/useStoreAction.ts';
import { describeVoteError } from './format.ts';
import type { VoteAnswer } from './votesApi.ts';
import { useVotesEnv } from './votesContext.ts';

/** Runs an action whose answer is a vote's new view (cast, close, open) and shows it at once. */
export function useVoteAction(): StoreAction<VoteAnswer> {
  return useStoreAction(useVotesEnv().store, describeVoteError);
}
