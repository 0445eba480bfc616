import type { Action, Actor, Stakeholder } from '@accord/shared';
import { type ReactNode, useMemo, useState, useSyncExternalStore } from 'react';
import { useCollabSessionFromContext } from '../collab/useCollabSession.ts';
import { useComments } from '../comments/commentsContext.ts';
import type { ThreadStore } from '../comments/useThreads.ts';
import { useVoteStore, type VoteStore } from './useVotes.ts';
import { VoteAnnouncer, VotesContext, type VotesEnv } from './votesContext.ts';
import './votes.css';

interface VotesProviderProps {
  consultationId: string;
  actor: Actor;
  capabilities: Record<Action, boolean>;
  stakeholders: Stakeholder[];
  clauseNumbers: ReadonlyMap<string, string>;
  threads: ThreadStore | null;
  store: VoteStore;
  place: VotesEnv['place'];
  children: ReactNode;
}

/**
 * Shares the page's vote store, who is acting and what they may do with the vote components
 * below, and says the outcome of their actions in one polite live region.
 */
export function VotesProvider({
  consultationId,
  actor,
  capabilities,
  stakeholders,
  clauseNumbers,
  threads,
  store,
  place,
  children,
}: VotesProviderProps) {
  const [announcer] = useState(() => new VoteAnnouncer());
  const memberStateCount = useMemo(() => stakeholders.filter((s) => s.kind === 'member_state').length, [stakeholders]);
  const env = useMemo<VotesEnv>(
    () => ({
      consultationId,
      actor,
      capabilities,
      stakeholders,
      memberStateCount,
      clauseNumbers,
      threads,
      store,
      place,
      announcer,
    }),
    [
      consultationId,
      actor,
      capabilities,
      stakeholders,
      memberStateCount,
      clauseNumbers,
      threads,
      store,
      place,
      announcer,
    ],
  );
  return (
    <VotesContext value={env}>
      {children}
      <Announcement announcer={announcer} />
    </VotesContext>
  );
}

function Announcement({ announcer }: { announcer: VoteAnnouncer }) {
  const text = useSyncExternalStore(announcer.subscribe, announcer.get, announcer.get);
  // Not role="status": the page's one status is the connection's.
  return (
    <p className="visually-hidden" aria-live="polite">
      {text}
    </p>
  );
}

/**
 * The framework page's votes: inside `CommentsProvider` (whose threads name the votes' subjects)
 * and `CollabSessionContext` (whose events keep them current). The votes load once for the page.
 */
export function FrameworkVotesProvider({ children }: { children: ReactNode }) {
  const { consultationId, actor, capabilities, stakeholders, clauseNumbers, store: threads } = useComments();
  const session = useCollabSessionFromContext();
  const store = useVoteStore(consultationId, session);
  return (
    <VotesProvider
      consultationId={consultationId}
      actor={actor}
      capabilities={capabilities}
      stakeholders={stakeholders}
      clauseNumbers={clauseNumbers}
      threads={threads}
      store={store}
      place="framework"
    >
      {children}
    </VotesProvider>
  );
}
