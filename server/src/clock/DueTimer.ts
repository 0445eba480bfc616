/** How often an instance looks again anyway: for what another instance scheduled. */
const RESYNC_MS = 30_000;

/**
 * Runs `pass` at the time it asks for next, and at least every `resyncMs` (work scheduled on
 * another instance is found that way). One timer per instance, never what keeps a process alive;
 * `poke()` runs a pass now (something was scheduled here); passes never overlap. A failing pass
 * is logged and retried at the next resync. What the votes' and rounds' clocks share.
 */
export class DueTimer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  /**
   * @param pass does what is due and answers when the next thing is due (epoch ms), or null.
   */
  constructor(
    private readonly name: string,
    private readonly pass: (isStopped: () => boolean) => Promise<number | null>,
    private readonly opts: { now: () => number; resyncMs?: number },
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Something was scheduled here: look again now rather than at the next resync. */
  readonly poke = (): void => {
    if (!this.running) this.schedule(0);
    else void this.running.then(() => this.schedule(0));
  };

  /** One pass now, awaited, without touching the timer (for tests that move the clock). */
  async runOnce(): Promise<void> {
    await this.running;
    await this.run(false);
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
      this.running = this.run(true).finally(() => {
        this.running = null;
      });
    }, delay);
    this.timer.unref();
  }

  private async run(reschedule: boolean): Promise<void> {
    const resync = this.opts.resyncMs ?? RESYNC_MS;
    let delay = resync;
    try {
      const next = await this.pass(() => this.stopped);
      if (next !== null) delay = Math.max(0, Math.min(next - this.opts.now(), resync));
    } catch (error) {
      console.error(`${this.name} failed; trying again shortly`, error);
    }
    if (reschedule) this.schedule(delay);
  }
}
