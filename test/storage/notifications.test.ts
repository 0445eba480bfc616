import fs from 'node:fs';
import path from 'node:path';
import { PostgresStorage, SqliteStorage } from '@accord/server';
import { describe } from 'vitest';
import { type FreshDatabase, freshDatabase } from '../support/postgres.ts';
import { freshDataDir } from '../support/server.ts';
import { skipUnlessServices } from '../support/services.ts';
import { describeNotificationContract } from './notificationContract.ts';

describeNotificationContract('SQLite', () => {
  const dir = freshDataDir();
  const file = path.join(dir, 'accord.sqlite');
  return {
    open: async () => SqliteStorage.open(file),
    reopen: async () => SqliteStorage.open(file),
    destroy: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

const skip = await skipUnlessServices(['postgres'], 'the PostgreSQL notification storage tests');

describe.skipIf(skip)('PostgreSQL', () => {
  describeNotificationContract('PostgreSQL', () => {
    let db: FreshDatabase | undefined;
    return {
      open: async () => {
        db = await freshDatabase();
        return PostgresStorage.open(db.url);
      },
      reopen: async () => {
        if (!db) throw new Error('reopen before open');
        return PostgresStorage.open(db.url);
      },
      destroy: async () => {
        await db?.drop();
      },
    };
  });
});
