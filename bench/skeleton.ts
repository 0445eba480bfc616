/**
 * Figures for the walking skeleton, measured against the real server in a child process:
 *  - cold start: process spawn → listening, first start (with the demo seed) and a restart;
 *  - cold load: one client opens every clause document of the demo (both languages) plus the
 *    presence document on one WebSocket, time until all are synced, server RSS before/after;
 *  - edit → other client: delegate A types into a clause, delegate B (another socket) sees it;
 *    latency percentiles (both clients in this process: one clock).
 * Prints a table and writes bench/results/skeleton.json. Usage: pnpm bench:skeleton [edits]
 */
import fs from 'node:fs';
import path from 'node:path';
import { clauseDocumentName, LANGUAGES, presenceDocumentName } from '@accord/shared';
import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { appendToClause } from '../test/support/clauseText.ts';
import { connectDocument, signIn, webSocketWith } from '../test/support/clients.ts';
import { freshDataDir, startServer } from '../test/support/server.ts';

const EDITS = Number(process.argv[2] ?? 300);
const CONSULTATION = 'lmec-2017';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const rssOf = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
};

async function main() {
  const dataDir = freshDataDir();
  const [first, firstStartMs] = await timed(() => startServer({ dataDir }));
  await first.stop();
  const [server, restartMs] = await timed(() => startServer({ dataDir }));
  const pid = server.pid;

  // Cold load of the whole demo framework on one socket.
  const framework = (await (
    await fetch(`${server.url}/api/consultations/${CONSULTATION}`, {
      headers: { cookie: await signIn(server.url, 'observer@lmec.org') },
    })
  ).json()) as { framework: { clauses: { id: string }[] } };
  const names = [
    presenceDocumentName(CONSULTATION),
    ...framework.framework.clauses.flatMap((c) => LANGUAGES.map((l) => clauseDocumentName(CONSULTATION, c.id, l))),
  ];
  const rssBefore = rssOf(pid);
  const cookie = await signIn(server.url, 'delegate.cambodia@lmec.org');
  const socket = new HocuspocusProviderWebsocket({
    url: `${server.url.replace('http', 'ws')}/collab`,
    WebSocketPolyfill: webSocketWith({ cookie, origin: server.url }),
  });
  const [clients, coldLoadMs] = await timed(async () => {
    const clients = names.map((name) => connectDocument(server.url, cookie, name, { socket }));
    await Promise.all(clients.map((c) => c.synced));
    return clients;
  });
  const rssAfter = rssOf(pid);

  // Edit → other client latency on one clause.
  const name = clauseDocumentName(CONSULTATION, 'principle-3', 'en');
  const typist = connectDocument(server.url, await signIn(server.url, 'delegate.china@lmec.org'), name);
  const reader = connectDocument(server.url, await signIn(server.url, 'delegate.laos@lmec.org'), name);
  await Promise.all([typist.synced, reader.synced]);
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  reader.doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === reader.doc) return;
    const text = reader.doc.get('root', Y.XmlText).toString();
    for (const [n, t] of sentAt) {
      if (text.includes(`«${n}»`)) {
        latencies.push(performance.now() - t);
        sentAt.delete(n);
      }
    }
  });
  for (let n = 0; n < EDITS; n++) {
    sentAt.set(n, performance.now());
    appendToClause(typist.doc, `«${n}»`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((a, b) => a - b);

  const results = {
    machine: `${process.platform} ${process.arch}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
    coldStartFirstMs: Math.round(firstStartMs),
    coldStartRestartMs: Math.round(restartMs),
    documents: names.length,
    coldLoadAllDocumentsMs: Math.round(coldLoadMs),
    serverRssBeforeMiB: Math.round(rssBefore),
    serverRssAfterMiB: Math.round(rssAfter),
    rssPerOpenDocumentKiB: Math.round(((rssAfter - rssBefore) * 1024) / names.length),
    edits: EDITS,
    received: latencies.length,
    editToOtherP50Ms: +percentile(latencies, 50).toFixed(2),
    editToOtherP95Ms: +percentile(latencies, 95).toFixed(2),
    editToOtherP99Ms: +percentile(latencies, 99).toFixed(2),
  };
  console.table(results);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'skeleton.json'), `${JSON.stringify(results, null, 2)}\n`);

  for (const c of clients) c.provider.destroy();
  socket.destroy();
  typist.destroy();
  reader.destroy();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
