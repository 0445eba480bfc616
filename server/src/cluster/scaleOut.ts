import type { Extension } from '@hocuspocus/server';
import type { Redis } from 'ioredis';

/** What a scaled-out instance shares with the others: Redis, and the sync extension over it. */
export interface ScaleOut {
  /** The app duplicates it where it needs more connections; the caller closes this one. */
  redis: Redis;
  /** Hocuspocus' Redis extension: documents and presence across instances. */
  collabExtension: Extension;
}

/**
 * Connects to Redis for scale-out. The drivers are loaded here, only when REDIS_URL is set:
 * the embedded default starts without them (the Redis extension alone takes ~140 ms to load).
 */
export async function connectScaleOut(url: string): Promise<ScaleOut> {
  const [{ Redis }, { Redis: RedisExtension }] = await Promise.all([
    import('ioredis'),
    import('@hocuspocus/extension-redis'),
  ]);
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', (error: Error) => console.error('Redis:', error.message));
  return { redis, collabExtension: new RedisExtension({ redis, prefix: 'accord:collab' }) };
}
