import { effectiveRoundState } from '@accord/shared';
import { DueTimer } from '../clock/DueTimer.ts';
import type { Storage } from '../storage/Storage.ts';
import type { NotificationService } from './NotificationService.ts';

const HOUR_MS = 60 * 60 * 1000;
/** "Closing soon": this long before a round's `closesAt`. */
export const CLOSING_SOON_MS = 24 * HOUR_MS;
/** A round found open that opened (or changed) longer ago than this is not announced any more. */
const OPENED_RECENTLY_MS = 3 * 24 * HOUR_MS;

/**
 * Announces rounds: `round.opened` once a round is open (on its date, or set open by the
 * secretariat), `round.closingSoon` from 24 h before it closes. It reads the rounds' effective
 * state rather than hooking the transitions, so a round opened by the secretariat, by
 * `RoundClock`, or by its date with no clock having run yet is announced alike; poked when rounds
 * change here. The dedupe keys make each announcement once whatever instance or pass writes it;
 * this instance also remembers what it announced, to skip the writes.
 */
export class NotificationClock extends DueTimer {
  constructor(deps: { storage: Storage; notifications: NotificationService; now?: () => number; resyncMs?: number }) {
    const now = deps.now ?? Date.now;
    const done = new Set<string>();
    super(
      'announcing rounds',
      async (isStopped) => {
        const at = now();
        const rounds = await deps.storage.listMovingRounds();
        const next: number[] = [];
        for (const round of rounds) {
          if (isStopped()) return null;
          const state = effectiveRoundState(round, at);
          if (state === 'drafting') next.push(round.opensAt);
          if (state !== 'open') continue;
          const opened = `opened:${round.id}`;
          if (!done.has(opened) && at - Math.max(round.opensAt, round.updatedAt) <= OPENED_RECENTLY_MS) {
            await deps.notifications.roundOpened(round);
            done.add(opened);
          }
          const soonAt = round.closesAt - CLOSING_SOON_MS;
          const closing = `closing:${round.id}:${round.closesAt}`;
          if (at < soonAt) next.push(soonAt);
          else if (!done.has(closing)) {
            await deps.notifications.roundClosingSoon(round);
            done.add(closing);
          }
        }
        const later = next.filter((d) => d > at);
        return later.length > 0 ? Math.min(...later) : null;
      },
      { now, resyncMs: deps.resyncMs },
    );
  }
}
