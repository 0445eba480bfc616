import { Redis } from 'ioredis';
import { REDIS_TEST_URL } from './redis.ts';

/**
 * A Redis connection of its own for reading the server's counters (benchmarks count the commands
 * the instances send: bench/scale.ts). Lives here because the test package has ioredis.
 */
export interface RedisAdmin {
  /** Calls so far per command (lower case, e.g. `publish`, `evalsha`), from `INFO commandstats`. */
  commandCalls(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function openRedisAdmin(url = REDIS_TEST_URL): Promise<RedisAdmin> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  await client.connect();
  return {
    async commandCalls() {
      const calls: Record<string, number> = {};
      for (const line of (await client.info('commandstats')).split(/\r?\n/)) {
        // cmdstat_publish:calls=12,usec=40,usec_per_call=3.33,rejected_calls=0,failed_calls=0
        const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
        if (match) calls[(match[1] as string).toLowerCase()] = Number(match[2]);
      }
      return calls;
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
