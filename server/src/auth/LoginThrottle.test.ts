import { describe, expect, it } from 'vitest';
import { MemoryLoginThrottle, retryAfterSeconds, type SignInAttempt, type SignInThrottle } from './LoginThrottle.ts';
import { attemptAll, createSignInThrottles } from './signInThrottles.ts';

function allowed(attempt: SignInAttempt): Extract<SignInAttempt, { allowed: true }> {
  if (!attempt.allowed) throw new Error(`refused for ${attempt.retryAfterSeconds} s`);
  return attempt;
}

/** Whether one more attempt would pass, without leaving it counted. */
async function wouldAllow(throttle: SignInThrottle, keys: string[], now: number): Promise<boolean> {
  const attempt = await throttle.attempt(keys, now);
  if (attempt.allowed) await attempt.takeBack();
  return attempt.allowed;
}

describe('MemoryLoginThrottle', () => {
  it('refuses once the limit is reached in the window, with the wait until the oldest failure leaves it', async () => {
    const throttle = new MemoryLoginThrottle(3, 60_000);
    const keys = ['email:a@b.org'];
    for (let i = 0; i < 3; i++) allowed(await throttle.attempt(keys, 1_000 + i));
    expect(await throttle.attempt(keys, 2_000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect(await wouldAllow(throttle, ['email:other@b.org'], 2_000)).toBe(true);
    // Sliding: the first failure leaves the window at 61 000, the others just after.
    expect(await throttle.attempt(keys, 60_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    allowed(await throttle.attempt(keys, 61_000));
    expect((await throttle.attempt(keys, 61_000)).allowed).toBe(false);
  });

  it('counts nothing for a refused attempt', async () => {
    const throttle = new MemoryLoginThrottle(1, 60_000);
    allowed(await throttle.attempt(['k'], 0));
    for (let i = 1; i < 20; i++) expect((await throttle.attempt(['k'], i * 1_000)).allowed).toBe(false);
    expect(await wouldAllow(throttle, ['k'], 60_000)).toBe(true);
  });

  it('checks every key before counting any: a key at its limit leaves the others untouched', async () => {
    const throttle = new MemoryLoginThrottle(1, 60_000);
    allowed(await throttle.attempt(['full'], 0));
    expect((await throttle.attempt(['fresh', 'full'], 1)).allowed).toBe(false);
    expect(await wouldAllow(throttle, ['fresh'], 2)).toBe(true);
  });

  it('resets on success', async () => {
    const throttle = new MemoryLoginThrottle(1, 60_000);
    allowed(await throttle.attempt(['k'], 0));
    await throttle.reset(['k']);
    expect(await wouldAllow(throttle, ['k'], 1)).toBe(true);
  });

  it('counts an attempt from its start, and takes it back (once) on success', async () => {
    const throttle = new MemoryLoginThrottle(2, 60_000);
    const first = allowed(await throttle.attempt(['k'], 1_000));
    allowed(await throttle.attempt(['k'], 1_000));
    expect((await throttle.attempt(['k'], 1_002)).allowed).toBe(false); // both still in flight: counted
    await first.takeBack();
    await first.takeBack();
    const third = allowed(await throttle.attempt(['k'], 1_002));
    expect((await throttle.attempt(['k'], 1_003)).allowed).toBe(false);
    await third.takeBack();
  });

  it('lets exactly the limit through when attempts run concurrently', async () => {
    const throttle = new MemoryLoginThrottle(10, 60_000);
    const attempts = await Promise.all(Array.from({ length: 30 }, () => throttle.attempt(['k'])));
    expect(attempts.filter((a) => a.allowed)).toHaveLength(10);
  });

  it('sweeps expired keys so the map cannot grow for ever', async () => {
    const throttle = new MemoryLoginThrottle(10, 1_000, 100);
    for (let i = 0; i < 500; i++) await throttle.attempt([`email:${i}@x.org`], i);
    await throttle.attempt(['late'], 10_000);
    expect(throttle.size).toBeLessThanOrEqual(101);
  });

  it('rejects a limit below one', () => {
    expect(() => new MemoryLoginThrottle(0)).toThrow(RangeError);
  });
});

describe('retryAfterSeconds', () => {
  it('waits for the failure whose expiry brings the count below the limit, at least a second', () => {
    expect(retryAfterSeconds([3_000, 1_000, 2_000], 3, 60_000, 2_500)).toBe(59);
    expect(retryAfterSeconds([1_000, 2_000, 30_000], 2, 60_000, 2_500)).toBe(60);
    expect(retryAfterSeconds([1_000], 1, 60_000, 60_999.5)).toBe(1);
  });
});

describe('attemptAll', () => {
  it('counts in every throttle, or in none when one refuses, and reports the longest wait', async () => {
    const strict = new MemoryLoginThrottle(1, 60_000);
    const loose = new MemoryLoginThrottle(5, 120_000);
    const first = await attemptAll([
      [strict, ['a']],
      [loose, ['b']],
    ]);
    expect(first.allowed).toBe(true);
    for (let i = 0; i < 10; i++) {
      const refused = await attemptAll([
        [strict, ['a']],
        [loose, ['b']],
      ]);
      expect(refused.allowed).toBe(false);
    }
    // Only the first attempt counts in the loose throttle: 4 more fit.
    for (let i = 0; i < 4; i++) allowed(await loose.attempt(['b']));
    expect((await loose.attempt(['b'])).allowed).toBe(false);
    // Both refuse: the longer wait wins.
    const both = await attemptAll([
      [strict, ['a']],
      [loose, ['b']],
    ]);
    expect(both.allowed).toBe(false);
    if (!both.allowed) expect(both.retryAfterSeconds).toBeGreaterThan(60);
  });

  it('takes back every count together, and all of them when a throttle fails', async () => {
    const one = new MemoryLoginThrottle(1, 60_000);
    const two = new MemoryLoginThrottle(1, 60_000);
    const attempt = allowed(
      await attemptAll([
        [one, ['k']],
        [two, ['k']],
      ]),
    );
    await attempt.takeBack();
    expect(await wouldAllow(one, ['k'], Date.now())).toBe(true);
    expect(await wouldAllow(two, ['k'], Date.now())).toBe(true);

    const broken: SignInThrottle = {
      attempt: () => Promise.reject(new Error('store down')),
      reset: () => Promise.resolve(),
    };
    await expect(
      attemptAll([
        [one, ['k']],
        [broken, ['k']],
      ]),
    ).rejects.toThrow('store down');
    expect(await wouldAllow(one, ['k'], Date.now())).toBe(true);
  });
});

describe('createSignInThrottles', () => {
  it('builds the three throttles in memory without Redis, with their limits', async () => {
    const throttles = createSignInThrottles(null);
    const limits = { perEmailAndAddress: 10, perEmail: 50, perAddress: 200 };
    for (const [name, limit] of Object.entries(limits)) {
      const throttle = throttles[name as keyof typeof limits];
      expect(throttle).toBeInstanceOf(MemoryLoginThrottle);
      for (let i = 0; i < limit; i++) allowed(await throttle.attempt(['k']));
      expect((await throttle.attempt(['k'])).allowed).toBe(false);
    }
  });
});
