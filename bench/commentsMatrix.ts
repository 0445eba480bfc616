/**
 * Comments and the matrix, measured against the real server in a child process (fresh data
 * folder; the synthetic 300-clause framework of bench/largeFramework.ts written before it starts):
 *  - demo consultation (lmec-2017, 13 seeded threads): latency of GET /api/consultations/:cid
 *    (the baseline: what the framework page already loads), of …/threads, …/matrix and of each
 *    export …/matrix/export.xlsx|docx|csv, with the bytes of each response;
 *  - scaled (bench-300): THREADS threads created through the API by four delegates and partners,
 *    half on a passage (selected in the clause's plain text from `clauseTexts`), half on the
 *    whole clause; the first half one after the other, the second half 8 in parallel (threads/s,
 *    server CPU per thread); a quarter then answered by the secretariat (PUT …/response); then
 *    the same latencies as for the demo.
 * Each request row: SAMPLES sequential requests after WARM_UP, as a delegate (Laos), stopping
 * early after ROW_BUDGET_MS once MIN_SAMPLES are in; p50 / p95 / max, the decoded body size (the
 * server gzips JSON and CSV on the wire), the server's CPU per request and its RSS before and at
 * most during the row (/proc), the ratios of p50 and of CPU to the baseline's, and the machine's
 * busy share (all cores) in all and by other processes, so a shared machine shows.
 * No WebSocket client is connected: every clause document is read from the SQLite log.
 * Prints a table and writes bench/results/comments-matrix.json.
 * Usage: pnpm --filter @accord/bench comments-matrix [samples=50] [threads=1000]
 * With CPU_PROF_DIR=/some/dir the server runs with `--cpu-prof` and writes its profile there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  ConsultationResponse,
  CreateThreadRequest,
  Language,
  MatrixView,
  ResponseStatus,
  ThreadView,
} from '@accord/shared';
import { signIn } from '../test/support/clients.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { addLargeFramework, LARGE_CONSULTATION as LARGE, LARGE_CLAUSES } from './largeFramework.ts';
import { cpuMsOf, machineCpu, percentile, rssMiBOf } from './procStats.ts';

const SAMPLES = Number(process.argv[2] ?? 50);
const THREADS = Number(process.argv[3] ?? 1000);
const WARM_UP = 5;
const MIN_SAMPLES = 20;
const ROW_BUDGET_MS = 6000;
const PARALLEL = 8;
const DEMO = 'lmec-2017';
const READER = 'delegate.laos@lmec.org';
const SECRETARIAT = 'secretariat@lmec.org';
const AUTHORS = [
  'delegate.china@lmec.org',
  'delegate.cambodia@lmec.org',
  'delegate.vietnam@lmec.org',
  'tnc@partners.org',
];
const EXPORTS = ['xlsx', 'docx', 'csv'] as const;
const STATUSES: ResponseStatus[] = ['accepted', 'partially_accepted', 'not_accepted', 'noted'];

const round = (n: number, digits = 1) => +n.toFixed(digits);

interface Row {
  scenario: string;
  request: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  p50VsBaseline: number;
  cpuVsBaseline: number;
  bytes: number;
  serverCpuMsPerRequest: number;
  serverRssBeforeMiB: number;
  serverRssMaxMiB: number;
  machineBusyPct: number;
  othersBusyPct: number;
}

/**
 * Starts counting CPU: the server's (ms), and the machine's busy share of all cores, in all and
 * by processes other than the server and this one (tests or browsers of others on the machine).
 */
function cpuMeter(server: RunningServer) {
  const machine = machineCpu();
  const serverMs = cpuMsOf(server.pid);
  const own = process.cpuUsage();
  return () => {
    const now = machineCpu();
    const totalMs = now.totalMs - machine.totalMs;
    const busyMs = now.busyMs - machine.busyMs;
    const serverCpuMs = cpuMsOf(server.pid) - serverMs;
    const ownUsage = process.cpuUsage(own);
    const ownMs = (ownUsage.user + ownUsage.system) / 1000;
    return {
      serverCpuMs,
      machineBusyPct: round((100 * busyMs) / totalMs, 0),
      othersBusyPct: round(Math.max(0, (100 * (busyMs - serverCpuMs - ownMs)) / totalMs), 0),
    };
  };
}

async function request(server: RunningServer, cookie: string, url: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${url}`, {
    ...init,
    headers: { cookie, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  });
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${new TextDecoder().decode(body)}`);
  return body;
}

const json = async <T>(server: RunningServer, cookie: string, url: string, init: RequestInit = {}) =>
  JSON.parse(new TextDecoder().decode(await request(server, cookie, url, init))) as T;

/** SAMPLES sequential GETs of `url` after WARM_UP: latency, body size, server CPU and RSS. */
async function measure(server: RunningServer, cookie: string, scenario: string, label: string, url: string) {
  for (let i = 0; i < WARM_UP; i++) await request(server, cookie, url);
  const latencies: number[] = [];
  let bytes = 0;
  const rssBefore = rssMiBOf(server.pid);
  let rssMax = rssBefore;
  const meter = cpuMeter(server);
  const start = performance.now();
  while (latencies.length < SAMPLES) {
    const t = performance.now();
    bytes = (await request(server, cookie, url)).byteLength;
    latencies.push(performance.now() - t);
    rssMax = Math.max(rssMax, rssMiBOf(server.pid));
    if (latencies.length >= MIN_SAMPLES && performance.now() - start > ROW_BUDGET_MS) break;
  }
  const cpu = meter();
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    request: label,
    n: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.at(-1) ?? NaN),
    p50VsBaseline: NaN,
    cpuVsBaseline: NaN,
    bytes,
    serverCpuMsPerRequest: round(cpu.serverCpuMs / latencies.length),
    serverRssBeforeMiB: round(rssBefore, 0),
    serverRssMaxMiB: round(rssMax, 0),
    machineBusyPct: cpu.machineBusyPct,
    othersBusyPct: cpu.othersBusyPct,
  } satisfies Row;
}

/** The baseline, the listing, the matrix and the three exports of one consultation. */
async function measureConsultation(server: RunningServer, cookie: string, scenario: string, cid: string) {
  const base = `/api/consultations/${cid}`;
  const rows: Row[] = [await measure(server, cookie, scenario, 'GET /consultations/:cid (baseline)', base)];
  rows.push(await measure(server, cookie, scenario, 'GET …/threads', `${base}/threads`));
  rows.push(await measure(server, cookie, scenario, 'GET …/matrix', `${base}/matrix`));
  for (const format of EXPORTS)
    rows.push(
      await measure(server, cookie, scenario, `GET …/matrix/export.${format}`, `${base}/matrix/export.${format}`),
    );
  const [baseline] = rows;
  for (const row of rows) {
    row.p50VsBaseline = round(row.p50Ms / (baseline?.p50Ms ?? NaN), 1);
    row.cpuVsBaseline = round(row.serverCpuMsPerRequest / (baseline?.serverCpuMsPerRequest ?? NaN), 1);
  }
  return rows;
}

/**
 * The i-th thread of the scaled scenario: odd ones on a whole clause (clause i mod 300), even ones
 * on a passage of a few words, the j-th (j = i/2) in clause j mod 300, in English for the first
 * 300 and in Chinese for the next (1000 threads: passages in 500 different clause documents).
 */
function threadRequest(
  i: number,
  clauseIds: string[],
  texts: ConsultationResponse['clauseTexts'],
): CreateThreadRequest {
  const kind = (['comment', 'question', 'proposal'] as const)[i % 3] as CreateThreadRequest['kind'];
  const body = `Bench thread ${i}: please reconsider this wording in the light of our national priorities.`;
  if (i % 2 === 1) {
    const clauseId = clauseIds[i % clauseIds.length] as string;
    return kind === 'proposal'
      ? { clauseId, kind, body, proposal: { action: 'insert', text: ' and regional cooperation' } }
      : { clauseId, kind, body };
  }
  const j = i / 2;
  const clauseId = clauseIds[j % clauseIds.length] as string;
  const language: Language = Math.floor(j / clauseIds.length) % 2 === 0 ? 'en' : 'zh';
  const text = texts[clauseId]?.[language] ?? '';
  // en: a run of 2-4 words; zh: 2-6 characters; starting at a point that moves with i.
  let start: number;
  let end: number;
  if (language === 'en') {
    const words = [...text.matchAll(/\S+/g)];
    const first = (i * 7) % Math.max(1, words.length - 4);
    start = words[first]?.index ?? 0;
    const last = words[first + 1 + (i % 3)];
    end = last ? (last.index ?? 0) + last[0].length : text.length;
  } else {
    start = (i * 5) % Math.max(1, text.length - 6);
    end = start + 2 + (i % 5);
  }
  const passage = { language, start, end, quote: text.slice(start, end) };
  return kind === 'proposal'
    ? { clauseId, kind, body, passage, proposal: { action: 'replace', text: 'a revised wording' } }
    : { clauseId, kind, body, passage };
}

/** Runs `count` tasks `concurrency` at a time; wall time, server CPU. */
async function run(server: RunningServer, count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  const meter = cpuMeter(server);
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  const ms = performance.now() - start;
  const { serverCpuMs, ...machine } = meter();
  return {
    count,
    concurrency,
    ms: Math.round(ms),
    perSecond: round((count * 1000) / ms),
    serverCpuMsEach: round(serverCpuMs / count, 2),
    ...machine,
  };
}

async function main() {
  const dataDir = freshDataDir();
  await addLargeFramework(dataDir, LARGE_CLAUSES);
  const profileDir = process.env.CPU_PROF_DIR;
  const server = await startServer({
    dataDir,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
  });
  const started = performance.now();

  const reader = await signIn(server.url, READER);
  const secretariat = await signIn(server.url, SECRETARIAT);
  const authors = await Promise.all(AUTHORS.map((email) => signIn(server.url, email)));

  const demoThreads = (await json<{ threads: ThreadView[] }>(server, reader, `/api/consultations/${DEMO}/threads`))
    .threads.length;
  const demoRows = await measureConsultation(server, reader, `demo (${demoThreads} threads)`, DEMO);

  // Scaled: create the threads through the API, then answer a quarter of them.
  const large = await json<ConsultationResponse>(server, reader, `/api/consultations/${LARGE}`);
  const clauseIds = large.framework.clauses.map((c) => c.id);
  const ids: string[] = [];
  const create = async (i: number) => {
    const cookie = authors[i % authors.length] as string;
    const body = JSON.stringify(threadRequest(i, clauseIds, large.clauseTexts));
    const view = await json<ThreadView>(server, cookie, `/api/consultations/${LARGE}/threads`, {
      method: 'POST',
      body,
    });
    ids[i] = view.id;
  };
  const half = Math.floor(THREADS / 2);
  const sequential = await run(server, half, 1, create);
  const parallel = await run(server, THREADS - half, PARALLEL, (i) => create(half + i));
  const answered = Math.floor(THREADS / 4);
  const responses = await run(server, answered, 1, async (i) => {
    const status = STATUSES[i % STATUSES.length] as ResponseStatus;
    const body = JSON.stringify({ status, explanation: { en: `Bench response ${i}.`, zh: `回复 ${i}。` } });
    // One thread in 4, alternately on a passage and on a whole clause, of every kind.
    await request(server, secretariat, `/api/consultations/${LARGE}/threads/${ids[i * 4 + (i % 4)]}/response`, {
      method: 'PUT',
      body,
    });
  });
  const listed = await json<{ threads: ThreadView[] }>(server, reader, `/api/consultations/${LARGE}/threads`);
  const matrix = await json<MatrixView>(server, reader, `/api/consultations/${LARGE}/matrix`);
  const withPassage = listed.threads.filter((t) => t.passage !== null);
  const scaled = {
    threads: listed.threads.length,
    withPassage: withPassage.length,
    attached: withPassage.filter((t) => t.passage?.now.state === 'attached').length,
    answered: listed.threads.filter((t) => t.response !== null).length,
    matrixRows: matrix.rowCount,
    passageDocuments: new Set(withPassage.map((t) => `${t.clauseId}/${t.passage?.language}`)).size,
  };
  const largeRows = await measureConsultation(server, reader, `${LARGE} (${scaled.threads} threads)`, LARGE);
  const totalMs = Math.round(performance.now() - started);

  const rows = [...demoRows, ...largeRows];
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      request: r.request,
      n: r.n,
      'p50 ms': r.p50Ms,
      'p95 ms': r.p95Ms,
      'max ms': r.maxMs,
      'p50 ×base': r.p50VsBaseline,
      bytes: r.bytes,
      'server CPU ms/req': r.serverCpuMsPerRequest,
      'CPU ×base': r.cpuVsBaseline,
      'RSS MiB before/max': `${r.serverRssBeforeMiB}/${r.serverRssMaxMiB}`,
      'busy %, others %': `${r.machineBusyPct}, ${r.othersBusyPct}`,
    })),
  );
  console.table({
    'create, sequential': sequential,
    [`create, ${PARALLEL} in parallel`]: parallel,
    respond: responses,
  });
  console.table(scaled);

  const results = {
    machine: `${process.platform} ${process.arch}, node ${process.version}, ${os.cpus().length} cores`,
    samples: SAMPLES,
    warmUp: WARM_UP,
    reader: READER,
    creation: { sequential, parallel, responses },
    scaled,
    rows,
    totalMs,
  };
  console.log(`${totalMs} ms from server start to the last request`);
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(import.meta.dirname, 'results', 'comments-matrix.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );

  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
