import { randomUUID } from 'node:crypto';
import { RedisLoginThrottle, type SignInAttempt } from '@accord/server';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_TEST_URL } from '../support/redis.ts';
import { skipUnlessServices } from '../support/services.ts';

/**
 * The Redis sign-in throttle against a real Redis (REDIS_URL, or a local one), as several server
 * instances share it: two separate connections stand for two instances.
 */

const WINDOW = 60_000;

// Outside CI a machine without Redis skips these tests, and says so; CI must run them.
const skip = await skipUnlessServices(['redis'], 'Redis sign-in throttle tests');

function allowed(attempt: SignInAttempt): Extract<SignInAttempt, { allowed: true }> {
  if (!attempt.allowed) throw new Error(`refused for ${attempt.retryAfterSeconds} s`);
  return attempt;
}

describe.skipIf(skip)('RedisLoginThrottle', () => {
  let instanceA: Redis;
  let instanceB: Redis;
  const prefixes: string[] = [];

  /** A throttle under a prefix of its own, removed after the test. */
  function throttle(max: number, client = instanceA, prefix = newPrefix()): RedisLoginThrottle {
    return new RedisLoginThrottle(client, prefix, max, WINDOW);
  }
  function newPrefix(): string {
    const prefix = `accord:test:signin:${randomUUID()}`;
    prefixes.push(prefix);
    return prefix;
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await instanceA.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    return found;
  }

  beforeAll(async () => {
    instanceA = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    instanceB = new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    await Promise.all([instanceA.ping(), instanceB.ping()]);
  });

  afterEach(async () => {
    for (const prefix of prefixes.splice(0)) {
      const keys = await keysUnder(prefix);
      if (keys.length > 0) await instanceA.del(...keys);
    }
  });

  afterAll(async () => {
    // An open connection would keep the test process alive.
    await Promise.allSettled([instanceA?.quit(), instanceB?.quit()]);
  });

  it('refuses once the limit is reached, with the wait until the oldest failure leaves the window', async () => {
    const t = throttle(3);
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) allowed(await t.attempt(['a@b.org'], now + i));
    expect(await t.attempt(['a@b.org'], now + 2_500)).toEqual({ allowed: false, retryAfterSeconds: 58 });
    expect(await instanceA.zcard(t.redisKey('a@b.org'))).toBe(3); // the refusal counted nothing
    allowed(await t.attempt(['other@b.org'], now + 2_500));
  });

  it("uses the Redis server's clock when not given one (the same for every instance)", async () => {
    const t = new RedisLoginThrottle(instanceA, newPrefix(), 2); // the real 15-minute window
    allowed(await t.attempt(['k']));
    allowed(await t.attempt(['k']));
    const refused = await t.attempt(['k']);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(15 * 60 - 10);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    }
    const [seconds] = await instanceA.time();
    const [, score] = await instanceA.zrange(t.redisKey('k'), 0, 0, 'WITHSCORES');
    expect(Math.abs(Number(score) - Number(seconds) * 1000)).toBeLessThan(10_000);
  });

  it('slides: each failure leaves the window on its own', async () => {
    const t = throttle(3);
    const t0 = 5_000_000;
    for (const offset of [0, 10_000, 20_000]) allowed(await t.attempt(['k'], t0 + offset));
    expect(await t.attempt(['k'], t0 + WINDOW - 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    allowed(await t.attempt(['k'], t0 + WINDOW)); // the first one has left
    expect(await t.attempt(['k'], t0 + WINDOW)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(await instanceA.zcard(t.redisKey('k'))).toBe(3);
  });

  it('takes an attempt back (its own, once), from any instance', async () => {
    const t = throttle(2);
    const first = allowed(await t.attempt(['k'], 1_000));
    allowed(await t.attempt(['k'], 1_000));
    expect((await t.attempt(['k'], 1_001)).allowed).toBe(false);
    await first.takeBack();
    await first.takeBack();
    expect(await instanceA.zcard(t.redisKey('k'))).toBe(1);
    allowed(await throttle(2, instanceB, t.prefix).attempt(['k'], 1_002));
    expect((await t.attempt(['k'], 1_003)).allowed).toBe(false);
  });

  it('resets a key, and only that key', async () => {
    const t = throttle(1);
    allowed(await t.attempt(['k'], 1_000));
    allowed(await t.attempt(['other'], 1_000));
    await t.reset(['k']);
    expect(await instanceA.exists(t.redisKey('k'))).toBe(0);
    allowed(await t.attempt(['k'], 1_001));
    expect((await t.attempt(['other'], 1_001)).allowed).toBe(false);
    await t.reset([]);
  });

  it('sets the keys to expire with the window, refreshed by each failure', async () => {
    const t = throttle(5);
    allowed(await t.attempt(['k']));
    await instanceA.pexpire(t.redisKey('k'), 1_000);
    allowed(await t.attempt(['k']));
    const ttl = await instanceA.pttl(t.redisKey('k'));
    expect(ttl).toBeGreaterThan(WINDOW - 5_000);
    expect(ttl).toBeLessThanOrEqual(WINDOW);
  });

  it('checks every key before counting any: a key at its limit leaves the others untouched', async () => {
    const t = throttle(1);
    allowed(await t.attempt(['full'], 1_000));
    expect((await t.attempt(['fresh', 'full'], 1_001)).allowed).toBe(false);
    expect(await instanceA.exists(t.redisKey('fresh'))).toBe(0);
    const both = allowed(await t.attempt(['fresh', 'again'], 1_002));
    await both.takeBack();
    expect(await keysUnder(t.prefix)).toEqual([t.redisKey('full')]);
  });

  it('lets exactly the limit through 30 concurrent attempts from two instances', async () => {
    const prefix = newPrefix();
    const instances = [throttle(10, instanceA, prefix), throttle(10, instanceB, prefix)];
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => instances[i % 2]!.attempt(['delegate.vietnam@lmec.org'])),
    );
    expect(attempts.filter((a) => a.allowed)).toHaveLength(10);
    for (const refused of attempts.filter((a) => !a.allowed)) {
      expect(refused.retryAfterSeconds).toBeGreaterThan(WINDOW / 1000 - 5);
    }
    expect(await instanceB.zcard(instances[0]!.redisKey('delegate.vietnam@lmec.org'))).toBe(10);
  });

  it('keeps hostile keys apart: each names its own sorted set under the prefix, nothing else', async () => {
    const t = throttle(1);
    const prefix = t.prefix;
    const hostile = [
      '*',
      '?',
      '[a-z]*',
      'a:b',
      ':',
      `${prefix}:*`,
      'a@b.org\nDEL *',
      'a@b.org\r\n*1\r\n$8\r\nFLUSHALL\r\n',
      '',
      ' ',
      'é@例え.jp',
      '\u0000',
      'x'.repeat(1024),
      `${'x'.repeat(1023)}y`,
    ];
    const bystander = throttle(1);
    allowed(await bystander.attempt(['*'], 1_000));

    for (const key of hostile) allowed(await t.attempt([key], 1_000)); // none shares a set
    for (const key of hostile) expect((await t.attempt([key], 1_001)).allowed).toBe(false);

    const keys = await keysUnder(prefix);
    expect(keys).toHaveLength(hostile.length);
    for (const key of keys) expect(key).toMatch(new RegExp(`^${prefix}:[A-Za-z0-9_-]{43}$`));

    await t.reset(['*']);
    expect(await keysUnder(prefix)).toHaveLength(hostile.length - 1);
    expect((await bystander.attempt(['*'], 1_001)).allowed).toBe(false);
  });

  it('loads its script again when Redis has lost it', async () => {
    const t = throttle(1);
    await instanceA.script('FLUSH');
    allowed(await t.attempt(['k'], 1_000));
    expect((await t.attempt(['k'], 1_001)).allowed).toBe(false);
  });
});
