import { clauseDocumentName, type ThreadView } from '@accord/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, signIn } from '../support/clients.ts';
import { type FreshDatabase, freshDatabase } from '../support/postgres.ts';
import { freshDataDir, type RunningServer, startServer } from '../support/server.ts';
import { skipUnlessServices } from '../support/services.ts';

const CONSULTATION = 'lmec-2017';
const base = `/api/consultations/${CONSULTATION}`;
const CLAUSE = clauseDocumentName(CONSULTATION, 'pa-3-1', 'en');

const skip = await skipUnlessServices(['postgres'], 'the PostgreSQL server tests');

describe.skipIf(skip)('The server on PostgreSQL (DATABASE_URL=postgres://…)', () => {
  const running: RunningServer[] = [];
  const cleanups: (() => void)[] = [];
  const databases: FreshDatabase[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const server of running.splice(0)) await server.kill();
    for (const db of databases.splice(0)) await db.drop();
  });

  const database = async () => {
    const db = await freshDatabase();
    databases.push(db);
    return db;
  };
  const start = async (db: FreshDatabase, opts: { dataDir?: string; env?: Record<string, string> } = {}) => {
    const server = await startServer({
      dataDir: opts.dataDir ?? freshDataDir(),
      env: { DATABASE_URL: db.url, ...opts.env },
    });
    running.push(server);
    return server;
  };
  const open = async (server: RunningServer, cookie: string) => {
    const client = connectDocument(server.url, cookie, CLAUSE);
    cleanups.push(client.destroy);
    await client.synced;
    return client;
  };

  it('seeds, keeps an edit and a thread across kill -9, and seeds only once', async () => {
    const db = await database();
    const dataDir = freshDataDir();
    const first = await start(db, { dataDir });
    expect(first.output()).toContain('Seeded the demo consultation');

    const china = await signIn(first.url, 'delegate.china@lmec.org');
    const writer = await open(first, china);
    expect(clausePlainText(writer.doc)).toBe('Joint research');
    appendToClause(writer.doc, ' — kept in PostgreSQL');
    await eventually(() => !writer.provider.hasUnsyncedChanges, 'the edit to be acknowledged');

    const laos = apiClient(first.url, await signIn(first.url, 'delegate.laos@lmec.org'));
    const created = await laos.post<ThreadView>(`${base}/threads`, {
      clauseId: 'principle-3',
      kind: 'comment',
      body: 'Stored in PostgreSQL, 存储于 PostgreSQL',
    });
    expect(created.status).toBe(201);
    const listed = await laos.get<{ threads: ThreadView[] }>(`${base}/threads`);
    expect(listed.status).toBe(200);
    expect(listed.body.threads.map((t) => t.id)).toContain(created.body.id);

    await first.kill();
    writer.destroy();

    const second = await start(db, { dataDir });
    expect(second.output()).not.toContain('Seeded');
    const observer = await signIn(second.url, 'observer@lmec.org');
    const reader = await open(second, observer);
    expect(clausePlainText(reader.doc)).toBe('Joint research — kept in PostgreSQL');
    const after = await apiClient(second.url, observer).get<{ threads: ThreadView[] }>(`${base}/threads`);
    const thread = after.body.threads.find((t) => t.id === created.body.id);
    expect(thread?.comments[0]?.body).toBe('Stored in PostgreSQL, 存储于 PostgreSQL');
    expect(after.body.threads).toHaveLength(listed.body.threads.length);
  });

  it('lets two instances start together on an empty database: one migration, one seed, shared data', async () => {
    const db = await database();
    const env = { SESSION_SECRET: 'a-secret-both-instances-share-0123456789' };
    const [a, b] = await Promise.all([start(db, { env }), start(db, { env })]);
    if (!a || !b) throw new Error('servers did not start');
    const seeded = [a, b].filter((s) => s.output().includes('Seeded the demo consultation'));
    expect(seeded).toHaveLength(1);

    // Sessions live in the database: signed in on one, known on the other.
    const cookie = await signIn(a.url, 'delegate.china@lmec.org');
    expect((await apiClient(b.url, cookie).get(`${base}/threads`)).status).toBe(200);

    // The demo threads are seeded (before the seeding instance listens) and not doubled.
    const countOn = async (server: RunningServer) =>
      (await apiClient(server.url, cookie).get<{ threads: ThreadView[] }>(`${base}/threads`)).body.threads.length;
    const count = await countOn(a);
    expect(count).toBeGreaterThan(0);
    expect(await countOn(b)).toBe(count);

    // An edit made on one instance is what the other loads.
    const writer = await open(a, cookie);
    appendToClause(writer.doc, ' (via instance A)');
    await eventually(() => !writer.provider.hasUnsyncedChanges, 'the edit to be acknowledged');
    const reader = await open(b, cookie);
    expect(clausePlainText(reader.doc)).toBe('Joint research (via instance A)');
  });
});
