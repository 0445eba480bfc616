import { type FreshDatabase, freshDatabase } from './postgres.ts';
import { REDIS_TEST_URL } from './redis.ts';
import { type RunningServer, startServer } from './server.ts';

export interface TwoInstances {
  database: FreshDatabase;
  first: RunningServer;
  second: RunningServer;
  /** What both run with (DATABASE_URL, REDIS_URL, SESSION_SECRET, …): a third instance can join. */
  env: Record<string, string>;
  /** Kills both instances (again, if a test already did) and drops the database. */
  close(): Promise<void>;
}

/**
 * The scaled deployment's instances: two real servers (child processes) on one fresh PostgreSQL
 * database and one Redis, with `env` added (at least the SESSION_SECRET every instance must share
 * to sign and read the same session cookies).
 */
export async function startTwoInstances(
  env: { SESSION_SECRET: string } & Record<string, string>,
): Promise<TwoInstances> {
  const database = await freshDatabase();
  const all = { DATABASE_URL: database.url, REDIS_URL: REDIS_TEST_URL, ...env };
  // Both start together, as a deployment does: migrations and the demo seed must not race.
  const started = await Promise.allSettled([startServer({ env: all }), startServer({ env: all })]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async () => {
    await Promise.all(servers.map((server) => server.kill()));
    await database.drop();
  };
  const [first, second] = servers;
  if (first === undefined || second === undefined) {
    await close();
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  return { database, first, second, env: all, close };
}
