import type { Config } from '../config.ts';
import type { Storage } from './Storage.ts';
import { SqliteStorage } from './sqlite/SqliteStorage.ts';

/**
 * The storage the configuration asks for: the embedded SQLite file by default, PostgreSQL when
 * DATABASE_URL is a postgres:// URL. Either has its schema migrated when this resolves.
 */
export async function openStorage(config: Pick<Config, 'database'>): Promise<Storage> {
  const { database } = config;
  switch (database.kind) {
    case 'sqlite':
      return SqliteStorage.open(database.file);
    case 'postgres': {
      // Loaded only when asked for: the embedded default starts without the pg driver.
      const { PostgresStorage } = await import('./postgres/PostgresStorage.ts');
      return PostgresStorage.open(database.url);
    }
  }
}
