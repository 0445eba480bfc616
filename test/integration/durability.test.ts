import net from 'node:net';
import { clauseDocumentName } from '@accord/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, signIn } from '../support/clients.ts';
import { freshDataDir, type RunningServer, startServer } from '../support/server.ts';

const CLAUSE = clauseDocumentName('lmec-2017', 'pa-3-1', 'en');

/** A port nobody listens on now, so a restarted server can take the same one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

describe('persistence of clause text', () => {
  const running: RunningServer[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    for (const server of running.splice(0)) await server.kill();
  });

  const start = async (dataDir: string) => {
    const server = await startServer({ dataDir });
    running.push(server);
    return server;
  };
  const open = async (server: RunningServer, email = 'delegate.china@lmec.org') => {
    const client = connectDocument(server.url, await signIn(server.url, email), CLAUSE);
    cleanups.push(client.destroy);
    await client.synced;
    return client;
  };

  it('keeps edits across a restart, and the demo is seeded only once', async () => {
    const dataDir = freshDataDir();
    const first = await start(dataDir);
    const writer = await open(first);
    appendToClause(writer.doc, ' — agreed in the workshop');
    await eventually(() => !writer.provider.hasUnsyncedChanges, 'the edit to be saved');
    writer.destroy();
    await first.stop();
    expect(first.output()).toContain('Seeded the demo consultation');

    const second = await start(dataDir);
    expect(second.output()).not.toContain('Seeded');
    const reader = await open(second, 'observer@lmec.org');
    expect(clausePlainText(reader.doc)).toBe('Joint research — agreed in the workshop');
  });

  it('keeps edits made while the server is down, and sends them when it is back', async () => {
    const dataDir = freshDataDir();
    const port = await freePort();
    const first = await startServer({ dataDir, env: { PORT: String(port) } });
    running.push(first);
    const cookie = await signIn(first.url, 'delegate.laos@lmec.org');
    const client = connectDocument(first.url, cookie, CLAUSE, { reconnect: true });
    cleanups.push(client.destroy);
    await client.synced;
    await first.kill();

    // Offline: the edit stays in the client's Y.Doc, unacknowledged.
    appendToClause(client.doc, ' (typed while offline)');
    expect(client.provider.hasUnsyncedChanges).toBe(true);

    const second = await startServer({ dataDir, env: { PORT: String(port) } });
    running.push(second);
    await eventually(() => !client.provider.hasUnsyncedChanges, 'the client to reconnect and sync', 15_000);
    client.destroy();

    const reader = await open(second, 'observer@lmec.org');
    expect(clausePlainText(reader.doc)).toBe('Joint research (typed while offline)');
  });

  it('loses none of the acknowledged updates when the server is killed while a client types', async () => {
    const dataDir = freshDataDir();
    const first = await start(dataDir);
    const typist = await open(first);
    await eventually(() => !typist.provider.hasUnsyncedChanges, 'the initial sync to settle');

    // Type one token every 2 ms; each time the server has acknowledged everything sent, note
    // how many tokens that covers. Kill -9 mid-stream.
    let typed = 0;
    let acknowledged = 0;
    typist.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) acknowledged = typed;
    });
    const timer = setInterval(() => {
      typed += 1;
      appendToClause(typist.doc, ` t${typed}`);
    }, 2);
    await eventually(() => acknowledged >= 150, '150 acknowledged tokens', 20_000);
    await first.kill();
    clearInterval(timer);
    const acknowledgedAtKill = acknowledged;
    typist.destroy();

    const second = await start(dataDir);
    const reader = await open(second, 'observer@lmec.org');
    const text = clausePlainText(reader.doc);
    const missing = Array.from({ length: acknowledgedAtKill }, (_, i) => `t${i + 1}`).filter(
      (token) => !text.includes(` ${token} `) && !text.endsWith(` ${token}`),
    );
    expect({ acknowledgedAtKill, typed, missing }).toMatchObject({ missing: [] });
    expect(acknowledgedAtKill).toBeGreaterThanOrEqual(150);
  });
});
