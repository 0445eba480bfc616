/**
 * Counts failed sign-ins per key (an email, an address…) in a sliding window, so nobody can
 * guess passwords at speed. In memory: one process (shared across instances with Redis later).
 *
 * An attempt counts as a failure from the moment it starts, and is taken back if it succeeds:
 * concurrent guesses cannot slip in while the password hash is being checked.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60 * 1000,
    /** Above this many keys, expired ones are swept: the map cannot grow for ever. */
    private readonly sweepAbove = 10_000,
  ) {}

  /** Seconds to wait before trying again, or 0 when allowed. */
  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) {
        wait = Math.max(wait, Math.ceil(((recent[0] ?? now) + this.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  /** Counts an attempt as failed now; the returned function takes it back (on success). */
  recordAttempt(keys: string[], now = Date.now()): () => void {
    this.recordFailure(keys, now);
    return () => {
      for (const key of keys) {
        const list = this.failures.get(key);
        const index = list?.lastIndexOf(now) ?? -1;
        if (list && index >= 0) list.splice(index, 1);
        if (list?.length === 0) this.failures.delete(key);
      }
    };
  }

  recordFailure(keys: string[], now = Date.now()): void {
    if (this.failures.size > this.sweepAbove) this.sweep(now);
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  reset(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
