import type { Storage } from '../storage/Storage.ts';
import type { RoundService } from './RoundService.ts';

/** How often each instance looks for rounds it has not heard of (created on another instance). */
const RESYNC_MS = 30_000;

/**
 * Moves rounds on their dates without anyone acting (drafting → open at `opensAt`, → consolidation
 * at `closesAt`), stores the transition with its audit entry and tells the pages
 * (`rounds.changed`). One timer per instance, set for the next date it knows of (looked up every
 * 30 s, and at once when rounds change here). Several instances may race: the store lets one
 * write. Reads and checks apply the dates anyway, so a late clock changes nothing they decide.
 */
export class RoundClock {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly now: () => number;

  constructor(
    private readonly deps: { storage: Storage; rounds: RoundService; now?: () => number; resyncMs?: number },
  ) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.schedule(0);
  }

  /** Rounds changed here (or a test moved the clock): look again now rather than at the next resync. */
  readonly poke = (): void => {
    if (!this.running) this.schedule(0);
    else void this.running.then(() => this.schedule(0));
  };

  /** One pass now, awaited: what the timer does (for tests that move the clock). */
  async runOnce(): Promise<void> {
    await this.running;
    await this.tick(false);
  }

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
      this.running = this.tick(true).finally(() => {
        this.running = null;
      });
    }, delay);
    // Never what keeps a process alive.
    this.timer.unref();
  }

  private async tick(reschedule: boolean): Promise<void> {
    const resync = this.deps.resyncMs ?? RESYNC_MS;
    let delay = resync;
    try {
      const moving = await this.deps.storage.listMovingRounds();
      for (const round of moving) {
        if (this.stopped) return;
        await this.deps.rounds.moveOnDates(round);
      }
      const now = this.now();
      const dates = (await this.deps.storage.listMovingRounds()).flatMap((r) =>
        r.state === 'drafting' ? [r.opensAt, r.closesAt] : [r.closesAt],
      );
      const next = Math.min(...dates.filter((at) => at > now));
      if (Number.isFinite(next)) delay = Math.max(0, Math.min(next - now, resync));
    } catch (error) {
      console.error('moving rounds on their dates failed; trying again shortly', error);
    }
    if (reschedule) this.schedule(delay);
  }
}
