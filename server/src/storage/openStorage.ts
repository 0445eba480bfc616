import type { Config } from '../config.ts';
import type { Storage } from './Storage.ts';
import { SqliteStorage } from './sqlite/SqliteStorage.ts';

/** The storage the configuration asks for (the embedded SQLite file by default). */
export async function openStorage(config: Pick<Config, 'sqliteFile'>): Promise<Storage> {
  return SqliteStorage.open(config.sqliteFile);
}
