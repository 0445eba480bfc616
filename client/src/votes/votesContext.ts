import type { Action, Actor, Stakeholder, VoteView } from '@accord/shared';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { ThreadStore } from '../comments/useThreads.ts';
import type { VoteStore, VotesStatus } from './useVotes.ts';

/** A vote card's element id: the `#vote-<id>` anchor. */
export const voteElementId = (voteId: string) => `vote-${voteId}`;

/**
 * Moves focus to a vote's card once the page has redrawn with the store's latest (a card that
 * just appeared, or moved from the open votes to the closed ones).
 */
export function focusVoteCard(voteId: string): void {
  requestAnimationFrame(() => document.getElementById(voteElementId(voteId))?.focus());
}

/**
 * A short sentence for screen readers about the last vote action ("Your delegation's vote was
 * recorded"): one polite live region per page says it (`VoteAnnouncer`).
 */
export class VoteAnnouncer {
  private text = '';
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly get = (): string => this.text;

  announce(text: string): void {
    this.text = text;
    for (const listener of [...this.listeners]) listener();
  }
}

/** Everything the vote components share on a page. */
export interface VotesEnv {
  consultationId: string;
  actor: Actor;
  capabilities: Record<Action, boolean>;
  stakeholders: Stakeholder[];
  /** The member states now (the form's quorum goes up to their number). */
  memberStateCount: number;
  /** Display numbers ("4.3") by clause id. */
  clauseNumbers: ReadonlyMap<string, string>;
  /** The consultation's threads, to name them ("#3 on clause 4.3"); null where not loaded. */
  threads: ThreadStore | null;
  store: VoteStore;
  /**
   * Where the votes show: on the framework page a thread is a `#thread-<id>` fragment the page
   * follows and a vote elsewhere is on the Votes page; on the Votes page it is the other way round.
   */
  place: 'framework' | 'votes';
  announcer: VoteAnnouncer;
}

export const VotesContext = createContext<VotesEnv | null>(null);

export function useVotesEnv(): VotesEnv {
  const env = useContext(VotesContext);
  if (env === null) throw new Error('Vote components need a <VotesProvider> above them');
  return env;
}

/** The votes environment, or null where there is none. */
export function useOptionalVotesEnv(): VotesEnv | null {
  return useContext(VotesContext);
}

export function useAllVotes(store: VoteStore): readonly VoteView[] {
  return useSyncExternalStore(store.subscribe, store.getAll, store.getAll);
}

/** The votes on one subject group (see `subjectVotesKey`), oldest first. */
export function useSubjectVotes(store: VoteStore, key: string): readonly VoteView[] {
  const get = useCallback(() => store.getSubjectVotes(key), [store, key]);
  return useSyncExternalStore(store.subscribe, get, get);
}

export function useVotesStatus(store: VoteStore): VotesStatus {
  return useSyncExternalStore(store.subscribe, store.getStatus, store.getStatus);
}

export function useVotesError(store: VoteStore): unknown {
  return useSyncExternalStore(store.subscribe, store.getError, store.getError);
}

// Every hook here gives React a server snapshot too (the same): the cards render as markup in tests.
const noSubscription = () => () => {};
const noThread = () => undefined;

/** A thread of the consultation as the thread store has it (undefined: not, or not yet, loaded). */
export function useThreadOf(threads: ThreadStore | null, threadId: string | null) {
  const get = useCallback(
    () => (threads === null || threadId === null ? undefined : threads.getThread(threadId)),
    [threads, threadId],
  );
  const snapshot = threads === null ? noThread : get;
  return useSyncExternalStore(threads?.subscribe ?? noSubscription, snapshot, snapshot);
}
