import type { ReactNode } from 'react';
import { AppLink } from '../app/AppLink.tsx';
import { votesPath } from '../app/router.ts';
import { threadElementId } from '../comments/commentsContext.ts';
import { threadPath } from '../matrix/links.ts';
import { useVotesEnv, voteElementId } from './votesContext.ts';

const VOTE_HASH = /^#vote-(.+)$/;

/** The vote a `#vote-<id>` URL fragment points at, if any. */
export function voteIdFromHash(hash: string): string | null {
  const match = VOTE_HASH.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** A vote's card on the Votes page: `/consultations/c/votes#vote-<id>`. */
export function votePath(consultationId: string, voteId: string): string {
  return `${votesPath(consultationId)}#${voteElementId(encodeURIComponent(voteId))}`;
}

/** A link to a vote's card: on the Votes page, its anchor; elsewhere, the Votes page at it. */
export function VoteLink({ voteId, children }: { voteId: string; children: ReactNode }) {
  const { consultationId, place } = useVotesEnv();
  if (place === 'votes') return <a href={`#${voteElementId(voteId)}`}>{children}</a>;
  return <AppLink href={votePath(consultationId, voteId)}>{children}</AppLink>;
}

/** A link to a thread: on the framework page, the fragment that opens it; elsewhere, the framework page at it. */
export function ThreadLink({ threadId, children }: { threadId: string; children: ReactNode }) {
  const { consultationId, place } = useVotesEnv();
  if (place === 'framework') return <a href={`#${threadElementId(threadId)}`}>{children}</a>;
  return <AppLink href={threadPath(consultationId, threadId)}>{children}</AppLink>;
}
