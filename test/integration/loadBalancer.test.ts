import fs from 'node:fs';
import path from 'node:path';
import { clauseDocumentName } from '@accord/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../support/clients.ts';
import { nginxBinary, type RunningNginx, startNginx } from '../support/nginx.ts';
import type { RunningServer } from '../support/server.ts';
import { skipUnlessServices } from '../support/services.ts';
import { startTwoInstances, type TwoInstances } from '../support/twoInstances.ts';

/**
 * The scaled deployment with its real load balancer: deploy/nginx.conf, run by nginx with only
 * its addresses changed (instances and listening port on 127.0.0.1, files in a temp folder), in
 * front of two Accord instances on one PostgreSQL database and one Redis. Sign-in, the sync
 * WebSocket and the session all go through nginx; after a `kill -9` of an instance, nginx skips
 * it and the clients carry on through the other. multiInstance.test.ts covers the same topology
 * behind a plain TCP proxy.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONSULTATION = 'lmec-2017';
const CLAUSE = clauseDocumentName(CONSULTATION, 'pa-3-1', 'en');
const SESSION_SECRET = 'load-balancer-test-secret-load-balancer-test';

// PostgreSQL and Redis must be there under CI. nginx is installed by `npm test` when it can be;
// where it cannot (no apt), this test says so and the same topology is still proven behind
// a TCP proxy by multiInstance.test.ts.
const skip = await skipUnlessServices(['postgres', 'redis'], 'load-balancer tests', {
  missingEvenUnderCi: nginxBinary() ? [] : ['nginx is not installed (apt-get install nginx)'],
});

/** How many connections are established to 127.0.0.1:<port> (Linux): the sync sockets nginx holds open. */
function establishedTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return local?.endsWith(`:${hex}`) && state === '01';
    }).length;
}

describe.skipIf(skip)('deploy/nginx.conf in front of two instances, on PostgreSQL and Redis', () => {
  let instances: TwoInstances;
  let first: RunningServer;
  let second: RunningServer;
  let nginx: RunningNginx;
  const clients: SyncedClient[] = [];

  beforeAll(async () => {
    instances = await startTwoInstances({
      SESSION_SECRET,
      // nginx connects from 127.0.0.1: take the client's address from X-Forwarded-For.
      TRUST_PROXY: 'loopback',
    });
    ({ first, second } = instances);
    nginx = await startNginx({
      config: path.join(ROOT, 'deploy/nginx.conf'),
      upstreamPorts: [first.port, second.port],
    });
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await nginx?.close();
    await instances?.close();
  });

  const open = (cookie: string, name: string) => {
    const client = connectDocument(nginx.url, cookie, name, { reconnect: true });
    clients.push(client);
    return client;
  };

  it('runs deploy/nginx.conf as written, only its addresses and file paths changed (nginx -t passes)', () => {
    expect(nginx.syntaxCheck).toMatch(/syntax is ok/);
    expect(nginx.syntaxCheck).toMatch(/test is successful/);
    const original = fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
    const rewritten = fs.readFileSync(nginx.configFile, 'utf8');
    for (const line of original.split('\n')) {
      if (/^\s*(server\s+accord-\d+:4321|listen\s+80\s*;)/.test(line)) continue;
      expect(rewritten.split('\n'), 'a line of deploy/nginx.conf').toContain(line);
    }
    expect(rewritten).toContain(`server 127.0.0.1:${first.port} max_fails=1 fail_timeout=10s;`);
    expect(rewritten).toContain(`server 127.0.0.1:${second.port} max_fails=1 fail_timeout=10s;`);
    expect(rewritten).toContain(`listen 127.0.0.1:${nginx.port};`);
  });

  it('answers the health check and signs in through nginx', async () => {
    for (let i = 0; i < 4; i++) {
      const health = await fetch(`${nginx.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
    }
    const cookie = await signIn(nginx.url, 'delegate.laos@lmec.org');
    // Whichever instance each request lands on, the session is the same.
    for (let i = 0; i < 4; i++) {
      const session = await apiClient(nginx.url, cookie).get<{ person: { id: string } }>('/api/session');
      expect(session.status).toBe(200);
      expect(session.body.person.id).toBe('p-laos');
    }
  });

  it('syncs a clause through nginx, and carries on through the other instance after a kill -9', async () => {
    const laosCookie = await signIn(nginx.url, 'delegate.laos@lmec.org');
    const chinaCookie = await signIn(nginx.url, 'delegate.china@lmec.org');

    // Both through nginx, which round-robins them over the instances.
    const a = open(laosCookie, CLAUSE);
    const b = open(chinaCookie, CLAUSE);
    await Promise.all([a.synced, b.synced]);

    appendToClause(a.doc, ' [typed by Laos]');
    await eventually(() => clausePlainText(b.doc).endsWith('[typed by Laos]'), 'the edit to reach China');
    appendToClause(b.doc, ' [and by China]');
    await eventually(() => clausePlainText(a.doc).endsWith('[and by China]'), 'the edit to reach Laos');
    await eventually(
      () => a.provider.unsyncedChanges === 0 && b.provider.unsyncedChanges === 0,
      'both clients’ edits to be acknowledged',
    );

    // Kill an instance that holds a sync socket (both, if nginx put them on the same one), so
    // at least one client has to reconnect through nginx.
    const [doomed, survivor] = establishedTo(first.port) > 0 ? [first, second] : [second, first];
    expect(establishedTo(doomed.port)).toBeGreaterThan(0);
    await doomed.kill();

    // Typed after the kill: kept by the client until it is connected again, then in step.
    appendToClause(a.doc, ' [Laos, after the failover]');
    appendToClause(b.doc, ' [China, after the failover]');
    await eventually(
      () =>
        [a, b].every(
          (client) =>
            client.provider.unsyncedChanges === 0 &&
            clausePlainText(client.doc).includes('[Laos, after the failover]') &&
            clausePlainText(client.doc).includes('[China, after the failover]'),
        ),
      'both clients to reconnect through nginx and converge',
      20_000,
    );
    expect(clausePlainText(a.doc)).toBe(clausePlainText(b.doc));
    // Both sockets now go through nginx to the instance that is left.
    expect(establishedTo(survivor.port)).toBeGreaterThanOrEqual(2);

    // nginx skips the dead instance: every request is answered, with the same cookie as before.
    for (let i = 0; i < 4; i++) {
      const session = await apiClient(nginx.url, laosCookie).get<{ person: { id: string } }>('/api/session');
      expect(session.status).toBe(200);
      expect(session.body.person.id).toBe('p-laos');
    }
    expect((await fetch(`${nginx.url}/api/health`)).status).toBe(200);
  }, 60_000);
});
