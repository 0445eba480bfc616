import type { Redis } from 'ioredis';
import { MemoryLoginThrottle, type SignInAttempt, type SignInThrottle } from './LoginThrottle.ts';
import { RedisLoginThrottle } from './RedisLoginThrottle.ts';

export interface SignInThrottles {
  /** Failures per email from one address: stops one client guessing one account's password. */
  perEmailAndAddress: SignInThrottle;
  /** Failures per email from anywhere: stops a distributed guess (looser, so one client cannot lock an account). */
  perEmail: SignInThrottle;
  /** Failures per client address: generous, since a whole workshop room may share one. */
  perAddress: SignInThrottle;
}

/** Failures allowed per 15-minute sliding window. */
export const SIGN_IN_LIMITS: Readonly<Record<keyof SignInThrottles, number>> = {
  perEmailAndAddress: 10,
  perEmail: 50,
  perAddress: 200,
};

export const SIGN_IN_REDIS_PREFIX = 'accord:signin:';

/**
 * In memory for the embedded single process; in Redis (`accord:signin:<name>:…`) when instances
 * share one, so a guesser cannot multiply the budget by the number of instances.
 */
export function createSignInThrottles(redis: Redis | null): SignInThrottles {
  const make = (name: keyof SignInThrottles): SignInThrottle =>
    redis
      ? new RedisLoginThrottle(redis, `${SIGN_IN_REDIS_PREFIX}${name}`, SIGN_IN_LIMITS[name])
      : new MemoryLoginThrottle(SIGN_IN_LIMITS[name]);
  return {
    perEmailAndAddress: make('perEmailAndAddress'),
    perEmail: make('perEmail'),
    perAddress: make('perAddress'),
  };
}

/**
 * Counts one attempt in every throttle (each with its own limit), or in none: when one refuses
 * (or fails), the attempts the others counted are taken back. Refused: the longest wait.
 */
export async function attemptAll(checks: [throttle: SignInThrottle, keys: string[]][]): Promise<SignInAttempt> {
  const results = await Promise.allSettled(checks.map(([throttle, keys]) => throttle.attempt(keys)));
  const counted = results.flatMap((r) => (r.status === 'fulfilled' && r.value.allowed ? [r.value] : []));
  const takeBack = async () => {
    await Promise.all(counted.map((attempt) => attempt.takeBack()));
  };
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await takeBack().catch(() => {}); // the first error is the one to report
    throw failed.reason;
  }
  const wait = Math.max(
    0,
    ...results.map((r) => (r.status === 'fulfilled' && !r.value.allowed ? r.value.retryAfterSeconds : 0)),
  );
  if (wait > 0) {
    await takeBack();
    return { allowed: false, retryAfterSeconds: wait };
  }
  return { allowed: true, takeBack };
}
