import type { Storage } from '../storage/Storage.ts';
import type { VoteService } from './VoteService.ts';

/** How often each instance looks for timed votes it has not heard of (opened on another instance). */
const RESYNC_MS = 30_000;

/**
 * Closes votes at their closing time, without anyone acting, so every page sees the result
 * arrive on time. One timer per instance, set for the next closing time it knows of (looked
 * up every 30 s, and at once when a timed vote opens here). Several instances may try to close
 * the same vote: the store lets one do it. Reads and ballots close an overdue vote too, so a
 * late timer never lets a late ballot count.
 */
export class VoteClock {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: { storage: Storage; votes: VoteService; now?: () => number; resyncMs?: number }) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.schedule(0);
  }

  /** A timed vote opened here: look again now rather than at the next resync. */
  readonly poke = (): void => {
    if (!this.running) this.schedule(0);
    else void this.running.then(() => this.schedule(0));
  };

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delay);
    // Never what keeps a process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const resync = this.deps.resyncMs ?? RESYNC_MS;
    let delay = resync;
    try {
      const timed = await this.deps.storage.listTimedOpenVotes();
      let now = this.now();
      for (const vote of timed) {
        if (this.stopped) return;
        if (vote.closesAt <= now) await this.deps.votes.closeAtItsTime(vote.id);
      }
      now = this.now();
      const next = Math.min(...timed.map((v) => v.closesAt).filter((at) => at > now));
      if (Number.isFinite(next)) delay = Math.max(0, Math.min(next - now, resync));
    } catch (error) {
      console.error('closing votes at their time failed; trying again shortly', error);
    }
    this.schedule(delay);
  }
}
