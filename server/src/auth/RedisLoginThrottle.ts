import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SIGN_IN_WINDOW_MS, type SignInAttempt, type SignInThrottle } from './LoginThrottle.ts';

/**
 * Check-and-count in one step, so instances sharing Redis cannot both pass the last free slot.
 * KEYS: one sorted set per throttled key (score: time in ms, member: the attempt).
 * ARGV: now in ms ('' for the Redis server's clock, the same for every instance), window in ms,
 * max failures, the attempt's member. Returns 0 when counted, else the wait in ms (nothing counted).
 */
const ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  -- Redis < 5 replicates scripts verbatim, which TIME would make non-deterministic.
  if redis.replicate_commands then redis.replicate_commands() end
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local wait = 0
for _, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= max then
    -- The failure whose expiry brings the count below max: the oldest one when count == max.
    local freeing = redis.call('ZRANGE', key, count - max, count - max, 'WITHSCORES')
    local keyWait = tonumber(freeing[2]) + window - now
    if keyWait > wait then wait = keyWait end
  end
end
if wait > 0 then return wait end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
end
return 0
`;
const ATTEMPT_SHA = createHash('sha1').update(ATTEMPT_SCRIPT).digest('hex');

/**
 * In Redis: one budget shared by every server instance. Keys are hashed into the Redis key, so
 * whatever a key holds (an email may contain `*`, `:`, newlines…) it names its own sorted set only,
 * and Redis holds no email in clear.
 *
 * Several keys in one `attempt` go into one script: with Redis Cluster they would have to share a
 * slot (the sign-in route passes one key per throttle).
 */
export class RedisLoginThrottle implements SignInThrottle {
  constructor(
    private readonly redis: Redis,
    /** Namespace of this throttle's keys, e.g. `accord:signin:perEmail`. */
    readonly prefix: string,
    private readonly maxFailures = 10,
    private readonly windowMs = SIGN_IN_WINDOW_MS,
  ) {
    if (!(maxFailures >= 1)) throw new RangeError('maxFailures must be at least 1');
    if (!(windowMs >= 1)) throw new RangeError('windowMs must be at least 1');
  }

  /** The Redis key holding `key`'s failures. */
  redisKey(key: string): string {
    return `${this.prefix}:${createHash('sha256').update(key, 'utf8').digest('base64url')}`;
  }

  async attempt(keys: string[], now?: number): Promise<SignInAttempt> {
    const redisKeys = [...new Set(keys.map((key) => this.redisKey(key)))];
    const member = randomUUID();
    const args = [now === undefined ? '' : String(Math.floor(now)), String(this.windowMs), String(this.maxFailures)];
    const waitMs = Number(await this.runAttempt(redisKeys, [...args, member]));
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    let takingBack: Promise<void> | undefined;
    return {
      allowed: true,
      takeBack: () => {
        // Once, but again if it failed (Redis unreachable for a moment).
        takingBack ??= this.remove(redisKeys, member).catch((error: unknown) => {
          takingBack = undefined;
          throw error;
        });
        return takingBack;
      },
    };
  }

  async reset(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys.map((key) => this.redisKey(key)));
  }

  private async remove(redisKeys: string[], member: string): Promise<void> {
    if (redisKeys.length === 0) return;
    const transaction = this.redis.multi();
    for (const key of redisKeys) transaction.zrem(key, member);
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  /** EVALSHA, loading the script with EVAL when Redis does not have it (first use, restart, flush). */
  private async runAttempt(redisKeys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(ATTEMPT_SHA, redisKeys.length, ...redisKeys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await this.redis.eval(ATTEMPT_SCRIPT, redisKeys.length, ...redisKeys, ...args);
    }
  }
}
