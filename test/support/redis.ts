import { Redis } from 'ioredis';

/** The Redis the scale-out tests use: REDIS_URL, else the local one. */
export const REDIS_TEST_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers within a second (tests that need it skip, visibly, outside CI). */
export async function redisReachable(url = REDIS_TEST_URL): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
