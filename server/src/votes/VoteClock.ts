import { DueTimer } from '../clock/DueTimer.ts';
import type { Storage } from '../storage/Storage.ts';
import type { VoteService } from './VoteService.ts';

/**
 * Closes votes at their closing time, without anyone acting, so every page sees the result
 * arrive on time: a timer set for the next closing time this instance knows of (looked up every
 * 30 s, and at once when a timed vote opens here). Several instances may try to close the same
 * vote: the store lets one do it. Reads and ballots close an overdue vote too, so a late timer
 * never lets a late ballot count.
 */
export class VoteClock extends DueTimer {
  constructor(deps: { storage: Storage; votes: VoteService; now?: () => number; resyncMs?: number }) {
    const now = deps.now ?? Date.now;
    super(
      'closing votes at their time',
      async (isStopped) => {
        const timed = await deps.storage.listTimedOpenVotes();
        for (const vote of timed) {
          if (isStopped()) return null;
          if (vote.closesAt <= now()) await deps.votes.closeAtItsTime(vote.id);
        }
        const later = timed.map((v) => v.closesAt).filter((at) => at > now());
        return later.length > 0 ? Math.min(...later) : null;
      },
      { now, resyncMs: deps.resyncMs },
    );
  }
}
