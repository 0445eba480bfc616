import crypto from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server tests use: DATABASE_TEST_URL if set, else the local default (trust
 * auth). Tests create and drop databases of their own through it; they never touch its own.
 */
export const ADMIN_URL = process.env.DATABASE_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the admin database, on a connection of its own. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Null when the PostgreSQL server answers; otherwise why not. */
export async function postgresUnreachableBecause(): Promise<string | null> {
  try {
    await admin('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  }
}

/** Whether the PostgreSQL server answers. */
export async function postgresReachable(): Promise<boolean> {
  return (await postgresUnreachableBecause()) === null;
}

export interface FreshDatabase {
  name: string;
  /** URL of the new database, for PostgresStorage.open or the server's DATABASE_URL. */
  url: string;
  /** Drops it, ending any connection still open to it. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database (accord_test_<random>) on the test server. `icuLocale` gives it that
 * ICU default collation (e.g. 'en-US', where "B" sorts between "b" and "c"), to show the store
 * does not depend on the server's default.
 */
export async function freshDatabase(opts: { icuLocale?: string } = {}): Promise<FreshDatabase> {
  const name = `accord_test_${crypto.randomBytes(6).toString('hex')}`;
  if (opts.icuLocale !== undefined && !/^[A-Za-z0-9-]+$/.test(opts.icuLocale)) throw new Error('bad ICU locale');
  const locale = opts.icuLocale ? ` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${opts.icuLocale}'` : '';
  await admin(`CREATE DATABASE ${name}${locale}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
