import { DueTimer } from '../clock/DueTimer.ts';
import type { Storage } from '../storage/Storage.ts';
import type { RoundService } from './RoundService.ts';

/**
 * Moves rounds on their dates without anyone acting (drafting → open at `opensAt`, → consolidation
 * at `closesAt`), stores the transition with its audit entry and tells the pages
 * (`rounds.changed`): a timer set for the next date this instance knows of (looked up every 30 s,
 * and at once when rounds change here). Several instances may race: the store lets one write.
 * Reads and checks apply the dates anyway, so a late clock changes nothing they decide.
 */
export class RoundClock extends DueTimer {
  constructor(deps: { storage: Storage; rounds: RoundService; now?: () => number; resyncMs?: number }) {
    const now = deps.now ?? Date.now;
    super(
      'moving rounds on their dates',
      async (isStopped) => {
        for (const round of await deps.storage.listMovingRounds()) {
          if (isStopped()) return null;
          await deps.rounds.moveOnDates(round);
        }
        const at = now();
        const dates = (await deps.storage.listMovingRounds()).flatMap((r) =>
          r.state === 'drafting' ? [r.opensAt, r.closesAt] : [r.closesAt],
        );
        const later = dates.filter((d) => d > at);
        return later.length > 0 ? Math.min(...later) : null;
      },
      { now, resyncMs: deps.resyncMs },
    );
  }
}
