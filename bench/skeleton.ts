/**
 * Figures for the walking skeleton, measured against the real server in a child process:
 *  - cold start: process spawn → listening, first start (with the demo seed) and a restart;
 *  - cold load: one client opens every clause document of the demo (both languages) plus the
 *    presence document on one WebSocket, time until all are synced, server RSS before/after;
 *  - the same cold load for a synthetic 300-clause bilingual framework (601 documents);
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
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { addLargeFramework, LARGE_CONSULTATION as LARGE, LARGE_CLAUSES } from './largeFramework.ts';
import { cpuMsOf, percentile, rssMiBOf as rssOf } from './procStats.ts';

const EDITS = Number(process.argv[2] ?? 300);
const CONSULTATION = 'lmec-2017';

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
};

/** One client opens every document of a consultation on one socket: time to all synced, server RSS. */
async function coldLoad(server: RunningServer, consultationId: string) {
  const cookie = await signIn(server.url, 'delegate.cambodia@lmec.org');
  const framework = (await (
    await fetch(`${server.url}/api/consultations/${consultationId}`, { headers: { cookie } })
  ).json()) as { framework: { clauses: { id: string }[] } };
  const names = [
    presenceDocumentName(consultationId),
    ...framework.framework.clauses.flatMap((c) => LANGUAGES.map((l) => clauseDocumentName(consultationId, c.id, l))),
  ];
  const rssBefore = rssOf(server.pid);
  const cpuBefore = cpuMsOf(server.pid);
  const socket = new HocuspocusProviderWebsocket({
    url: `${server.url.replace('http', 'ws')}/collab`,
    WebSocketPolyfill: webSocketWith({ cookie, origin: server.url }),
  });
  const [clients, ms] = await timed(async () => {
    const clients = names.map((name) =>
      connectDocument(server.url, cookie, name, { socket, awareness: name.startsWith('presence/') }),
    );
    await Promise.all(clients.map((c) => c.synced));
    return clients;
  });
  const rssAfter = rssOf(server.pid);
  return {
    documents: names.length,
    ms,
    serverCpuMs: cpuMsOf(server.pid) - cpuBefore,
    rssBefore,
    rssAfter,
    close() {
      for (const c of clients) c.provider.destroy();
      socket.destroy();
    },
  };
}

async function main() {
  const dataDir = freshDataDir();
  const [first, firstStartMs] = await timed(() => startServer({ dataDir }));
  await first.stop();
  await addLargeFramework(dataDir, LARGE_CLAUSES);
  const [server, restartMs] = await timed(() => startServer({ dataDir }));

  const demo = await coldLoad(server, CONSULTATION);
  const large = await coldLoad(server, LARGE);
  // A second person opening the same framework: its documents are already in memory.
  const largeWarm = await coldLoad(server, LARGE);

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
    demoDocuments: demo.documents,
    demoColdLoadMs: Math.round(demo.ms),
    demoServerCpuMs: demo.serverCpuMs,
    demoRssPerDocumentKiB: Math.round(((demo.rssAfter - demo.rssBefore) * 1024) / demo.documents),
    largeDocuments: large.documents,
    largeColdLoadMs: Math.round(large.ms),
    largeServerCpuMs: large.serverCpuMs,
    largeRssPerDocumentKiB: Math.round(((large.rssAfter - large.rssBefore) * 1024) / large.documents),
    largeWarmLoadMs: Math.round(largeWarm.ms),
    largeWarmServerCpuMs: largeWarm.serverCpuMs,
    serverRssAfterBothMiB: Math.round(large.rssAfter),
    edits: EDITS,
    received: latencies.length,
    editToOtherP50Ms: +percentile(latencies, 50).toFixed(2),
    editToOtherP95Ms: +percentile(latencies, 95).toFixed(2),
    editToOtherP99Ms: +percentile(latencies, 99).toFixed(2),
  };
  console.table(results);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'skeleton.json'), `${JSON.stringify(results, null, 2)}\n`);

  demo.close();
  large.close();
  largeWarm.close();
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
