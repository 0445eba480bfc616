import path from 'node:path';
import { PostgresStorage, SqliteStorage, type Storage } from '@accord/server';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type FreshDatabase, freshDatabase } from '../support/postgres.ts';
import { freshDataDir } from '../support/server.ts';
import { skipUnlessServices } from '../support/services.ts';
import { describeStorageContract } from './storageContract.ts';

const skip = await skipUnlessServices(['postgres'], 'the PostgreSQL storage tests');

describe.skipIf(skip)('PostgreSQL storage', () => {
  // The same contract as SQLite, each test on a database of its own.
  describeStorageContract('PostgreSQL', () => {
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

  describe('PostgreSQL specifics', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    const database = async (opts: { icuLocale?: string } = {}) => {
      const db = await freshDatabase(opts);
      cleanups.push(() => db.drop());
      return db;
    };
    const open = async (url: string, max?: number) => {
      const storage = await PostgresStorage.open(url, max === undefined ? {} : { max });
      cleanups.push(() => storage.close());
      return storage;
    };

    /** An update setting `key` in map "m", from a client of its own: independent of all others. */
    const entryUpdate = (key: string): Uint8Array => {
      const doc = new Y.Doc();
      doc.getMap('m').set(key, key);
      return Y.encodeStateAsUpdate(doc);
    };
    const keysOf = (updates: Uint8Array[]): string[] => {
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      return [...doc.getMap('m').keys()].sort();
    };
    const merge = (entries: Uint8Array[]) => Y.mergeUpdates(entries);

    it('migrates once when several instances start together on an empty database', async () => {
      const db = await database();
      const storages = await Promise.all(Array.from({ length: 5 }, () => open(db.url, 2)));
      expect(storages).toHaveLength(5);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number; n: string }>(
          'SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
        );
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
      } finally {
        await client.end();
      }
      // Reopening applies nothing new and keeps what is there.
      await storages[0]?.setDocumentText('clause/c1/k1/en', 'kept');
      const again = await open(db.url);
      expect(await again.getDocumentTexts('clause/c1/')).toEqual(new Map([['clause/c1/k1/en', 'kept']]));
    });

    it('loses no append racing repeated compactions, across connections and instances', async () => {
      const db = await database();
      // Two "instances" sharing the database, each with its own pool.
      const a = await open(db.url, 10);
      const b = await open(db.url, 10);
      const name = 'clause/c1/k1/en';
      const total = 400;
      const keys = Array.from({ length: total }, (_, i) => `k${String(i).padStart(3, '0')}`);

      let appending = true;
      let compactions = 0;
      const compactor = async (storage: Storage) => {
        while (appending) {
          await storage.compactDocument(name, merge);
          compactions += 1;
        }
      };
      const compactors = [compactor(a), compactor(b), compactor(a)];
      // Appends in waves of 40 concurrent ones, alternating instances, so compactions land
      // between and during them.
      for (let wave = 0; wave < total; wave += 40) {
        await Promise.all(
          keys
            .slice(wave, wave + 40)
            .map((key, i) => (i % 2 === 0 ? a : b).appendDocumentUpdate(name, entryUpdate(key))),
        );
      }
      appending = false;
      await Promise.all(compactors);

      expect(compactions).toBeGreaterThan(3);
      expect(keysOf(await a.loadDocumentUpdates(name))).toEqual(keys);
      await b.compactDocument(name, merge);
      expect(await a.countDocumentUpdates(name)).toBe(1);
      expect(keysOf(await b.loadDocumentUpdates(name))).toEqual(keys);
    });

    it('keeps an append with a lower seq that commits between the compaction reading and deleting', async () => {
      // The sequence gap, by hand: a transaction takes a seq, then commits late: while the
      // compaction merges (after its read, before its delete). Done with no advisory lock, to
      // show compaction deletes only the rows it read, not every row up to the last seq.
      const db = await database();
      const storage = await open(db.url);
      const name = 'clause/c1/k2/zh';
      await storage.appendDocumentUpdate(name, entryUpdate('first'));
      const slow = new pg.Client({ connectionString: db.url });
      await slow.connect();
      cleanups.push(() => slow.end());
      await slow.query('BEGIN');
      await slow.query('INSERT INTO document_updates (document_name, data) VALUES ($1, $2)', [
        name,
        Buffer.from(entryUpdate('late')),
      ]);
      await storage.appendDocumentUpdate(name, entryUpdate('second'));
      await storage.appendDocumentUpdate(name, entryUpdate('third'));
      let committed: Promise<unknown> = Promise.resolve();
      await storage.compactDocument(name, (entries) => {
        expect(keysOf(entries)).toEqual(['first', 'second', 'third']);
        // pg writes the COMMIT to the socket now; hold this (synchronous) merge long enough
        // for PostgreSQL to commit it before the compaction's DELETE starts.
        committed = slow.query('COMMIT');
        const until = Date.now() + 300;
        while (Date.now() < until) {
          // busy wait: merge is synchronous
        }
        return merge(entries);
      });
      await committed;

      expect(keysOf(await storage.loadDocumentUpdates(name))).toEqual(['first', 'late', 'second', 'third']);
      await storage.compactDocument(name, merge);
      expect(await storage.countDocumentUpdates(name)).toBe(1);
      expect(keysOf(await storage.loadDocumentUpdates(name))).toEqual(['first', 'late', 'second', 'third']);
    });

    it('lists document texts by prefix exactly as SQLite does, whatever the default collation', async () => {
      // en-US sorts "B" between "b" and "c": a range scan under it would differ from SQLite's.
      const db = await database({ icuLocale: 'en-US' });
      const postgres = await open(db.url);
      const dir = freshDataDir();
      const sqlite = SqliteStorage.open(path.join(dir, 'accord.sqlite'));
      cleanups.push(() => sqlite.close());
      const names = [
        'doc/a',
        'doc/a1',
        'doc/aB',
        'doc/ab',
        'doc/A',
        'doc/B',
        'doc/b',
        'doc/a_',
        'doc/a%',
        'doc/a\u00e9',
        'doc/a\u4e2d',
        'doc/a\uffff',
        'doc/a\u{1f600}',
        'doc/b\u{1f600}',
        'doc0',
        'doc.',
      ];
      for (const [i, n] of names.entries()) {
        await postgres.setDocumentText(n, `text ${i}`);
        await sqlite.setDocumentText(n, `text ${i}`);
      }
      for (const prefix of ['doc/', 'doc/a', 'doc/A', 'doc/b', 'doc/a_', 'doc/a%', 'doc', '', 'doc/a\u00e9', 'x']) {
        const fromPostgres = await postgres.getDocumentTexts(prefix);
        const fromSqlite = await sqlite.getDocumentTexts(prefix);
        expect(new Map([...fromPostgres].sort()), JSON.stringify(prefix)).toEqual(new Map([...fromSqlite].sort()));
      }
      expect([...(await postgres.getDocumentTexts('doc/a')).keys()].sort()).toEqual(
        ['doc/a', 'doc/a%', 'doc/a1', 'doc/aB', 'doc/a_', 'doc/ab', 'doc/a\u00e9', 'doc/a\u4e2d'].sort(),
      );
    });
  });
});
