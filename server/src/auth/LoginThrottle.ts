/**
 * Counts failed sign-ins per key (an email, an address…) in a sliding window, so nobody can
 * guess passwords at speed.
 *
 * An attempt counts as a failure from the moment it starts, and is taken back if it succeeds:
 * concurrent guesses cannot slip in while the password hash is being checked. Checking the limit
 * and counting the attempt is one atomic step, so two requests (or two server instances sharing
 * Redis) cannot both pass the last free slot.
 */
export interface SignInThrottle {
  /**
   * Refused when any key has reached the limit (nothing is counted then); otherwise counts one
   * failure against every key, until `takeBack()`. `now` (ms) is for tests: by default the clock
   * of the store (this process, or the Redis server shared by all instances).
   */
  attempt(keys: string[], now?: number): Promise<SignInAttempt>;
  /** Forgets every failure counted against these keys. */
  reset(keys: string[]): Promise<void>;
}

export type SignInAttempt =
  | {
      allowed: true;
      /** Uncounts this attempt (it succeeded, or failed for reasons other than the password). Idempotent. */
      takeBack(): Promise<void>;
    }
  | { allowed: false; retryAfterSeconds: number };

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Seconds until one of `times` (the live failures of a key, ≥ max of them) leaves the window and
 * lets the count fall below `max`.
 */
export function retryAfterSeconds(times: number[], max: number, windowMs: number, now: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  const freeing = sorted[sorted.length - max] ?? sorted[0] ?? now;
  return Math.max(1, Math.ceil((freeing + windowMs - now) / 1000));
}

interface Failure {
  readonly at: number;
}

/** In memory: for the embedded single-process server. */
export class MemoryLoginThrottle implements SignInThrottle {
  private readonly failures = new Map<string, Failure[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = SIGN_IN_WINDOW_MS,
    /** Above this many keys, expired ones are swept: the map cannot grow for ever. */
    private readonly sweepAbove = 10_000,
  ) {
    if (!(maxFailures >= 1)) throw new RangeError('maxFailures must be at least 1');
  }

  // Synchronous up to its return: atomic within the process, like the Redis script.
  async attempt(allKeys: string[], now = Date.now()): Promise<SignInAttempt> {
    const keys = [...new Set(allKeys)];
    if (this.failures.size > this.sweepAbove) this.sweep(now);
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) {
        const times = recent.map((f) => f.at);
        wait = Math.max(wait, retryAfterSeconds(times, this.maxFailures, this.windowMs, now));
      }
    }
    if (wait > 0) return { allowed: false, retryAfterSeconds: wait };

    const failure: Failure = { at: now };
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), failure]);
    let takenBack = false;
    return {
      allowed: true,
      takeBack: async () => {
        if (takenBack) return;
        takenBack = true;
        for (const key of keys) {
          const list = this.failures.get(key);
          const index = list?.indexOf(failure) ?? -1;
          if (list && index >= 0) list.splice(index, 1);
          if (list?.length === 0) this.failures.delete(key);
        }
      },
    };
  }

  async reset(keys: string[]): Promise<void> {
    for (const key of keys) this.failures.delete(key);
  }

  /** Keys held (some possibly expired, until swept). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): Failure[] {
    return (this.failures.get(key) ?? []).filter((f) => now - f.at < this.windowMs);
  }

  private sweep(now: number): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
