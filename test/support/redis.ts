import { Redis } from 'ioredis';

/** The Redis the scale-out tests use: REDIS_URL, else the local one. */
export const REDIS_TEST_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Null when Redis at `url` answers a PING (connecting within two seconds); otherwise why not. */
export async function redisUnreachableBecause(url = REDIS_TEST_URL): Promise<string | null> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The connection error says more than the rejection ("Connection is closed.").
  let lastError: Error | undefined;
  probe.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await probe.connect();
    const answer = await probe.ping();
    return answer === 'PONG' ? null : `PING answered ${answer}`;
  } catch (error) {
    return (lastError ?? (error instanceof Error ? error : new Error(String(error)))).message;
  } finally {
    probe.disconnect();
  }
}

/** Whether Redis answers (tests that need it skip, visibly, outside CI: services.ts). */
export async function redisReachable(url = REDIS_TEST_URL): Promise<boolean> {
  return (await redisUnreachableBecause(url)) === null;
}
