import fs from 'node:fs';
import path from 'node:path';
import { SqliteStorage } from '@accord/server';
import { freshDataDir } from '../support/server.ts';
import { describeStorageContract } from './storageContract.ts';

describeStorageContract('SQLite', () => {
  const dir = freshDataDir();
  const file = path.join(dir, 'accord.sqlite');
  return {
    open: async () => SqliteStorage.open(file),
    reopen: async () => SqliteStorage.open(file),
    destroy: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
