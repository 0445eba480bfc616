/**
 * Versions, comparison, "since your last visit" and translation status, measured against the real server in a child
 * process (fresh data folder; the synthetic 300-clause framework of bench/largeFramework.ts and
 * the demo). For each consultation:
 *  - publish: PUBLISHES versions one after the other (POST …/versions) — latency, server CPU,
 *    and the snapshot's size (`snapshotBytes`: JSON as stored);
 *  - then EDITED clauses (a tenth of them) changed through real Yjs clients as an editor would
 *    (a phrase appended to the English text, and to the Chinese one for every other clause),
 *    acknowledged by the server before measuring;
 *  - SAMPLES sequential GETs each (after WARM_UP) of: GET /consultations/:cid (the baseline: what
 *    the framework page loads), GET …/versions/:id (a whole snapshot), GET …/compare?from=<first
 *    version>&to=draft (reads every clause document of the draft, both languages, and diffs),
 *    GET …/compare between two versions (no document read), and GET …/since-last-visit for a
 *    partner who never visited (baseline: the latest version; same work as compare, plus the
 *    activity lists), and GET …/translation-status (every clause's translation state: the draft's
 *    documents read as for a comparison, each clause against the latest version) and the same for
 *    one clause (what a page refetches when told a clause changed) — p50/p95/max,
 *    bytes, server CPU per request, ratio to the baseline.
 * The comparison's own cost, without HTTP and documents, is in shared/src/compare.test.ts's log.
 *  - last, restoring the first version (the edited clauses replaced through the sync server),
 *    against one publish in the same run, and checking the draft then equals that version.
 * Prints tables and writes bench/results/versions.json.
 * Usage: pnpm --filter @accord/bench versions [samples=30]
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type Comparison,
  type ConsultationResponse,
  clauseDocumentName,
  type RestoreVersionResponse,
  type TranslationStatusResponse,
  type VersionSummary,
} from '@accord/shared';
import { appendToClause } from '../test/support/clauseText.ts';
import { connectDocument, eventually, signIn } from '../test/support/clients.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { addLargeFramework, LARGE_CONSULTATION as LARGE, LARGE_CLAUSES } from './largeFramework.ts';
import { cpuMsOf, percentile, rssMiBOf } from './procStats.ts';

const SAMPLES = Number(process.argv[2] ?? 30);
const WARM_UP = 3;
const PUBLISHES = 5;
const DEMO = 'lmec-2017';

const round = (n: number, digits = 1) => +n.toFixed(digits);

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

interface Row {
  consultation: string;
  request: string;
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  bytes: number;
  serverCpuMsPerRequest: number;
  p50VsBaseline?: number;
}

async function measure(server: RunningServer, cookie: string, consultation: string, label: string, url: string) {
  for (let i = 0; i < WARM_UP; i++) await request(server, cookie, url);
  const latencies: number[] = [];
  let bytes = 0;
  const cpuBefore = cpuMsOf(server.pid);
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    bytes = (await request(server, cookie, url)).byteLength;
    latencies.push(performance.now() - t);
  }
  const cpu = cpuMsOf(server.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    consultation,
    request: label,
    n: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    bytes,
    serverCpuMsPerRequest: round(cpu / latencies.length),
  } satisfies Row;
}

/** Publishes PUBLISHES versions of `cid`: their latency, server CPU and snapshot size. */
async function publish(server: RunningServer, secretariat: string, cid: string) {
  const latencies: number[] = [];
  const versions: VersionSummary[] = [];
  const cpuBefore = cpuMsOf(server.pid);
  for (let i = 0; i < PUBLISHES; i++) {
    const t = performance.now();
    const body = JSON.stringify({ title: { en: `Bench version ${i}`, zh: `基准版本 ${i}` }, note: '' });
    versions.push(
      await json<VersionSummary>(server, secretariat, `/api/consultations/${cid}/versions`, { method: 'POST', body }),
    );
    latencies.push(performance.now() - t);
  }
  const cpu = cpuMsOf(server.pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const last = versions.at(-1) as VersionSummary;
  return {
    versions,
    row: {
      consultation: cid,
      publishes: PUBLISHES,
      p50Ms: round(percentile(latencies, 50)),
      maxMs: round(latencies.at(-1) ?? Number.NaN),
      serverCpuMsEach: round(cpu / PUBLISHES),
      clauses: last.clauseCount,
      threads: last.threadCount,
      snapshotBytes: last.snapshotBytes,
      bytesPerClause: round(last.snapshotBytes / Math.max(1, last.clauseCount), 0),
    },
  };
}

/** Changes a tenth of the clauses through real Yjs clients; waits until the server acknowledged. */
async function editClauses(server: RunningServer, cookie: string, cid: string, clauseIds: string[]) {
  const edited = clauseIds.filter((_, i) => i % 10 === 3);
  for (const [i, clauseId] of edited.entries()) {
    for (const language of i % 2 === 0 ? (['en', 'zh'] as const) : (['en'] as const)) {
      const client = connectDocument(server.url, cookie, clauseDocumentName(cid, clauseId, language), {
        awareness: false,
      });
      await client.synced;
      client.resetAcknowledged();
      appendToClause(client.doc, language === 'en' ? ' and the regional ecological corridors' : '及区域生态廊道');
      await eventually(() => client.acknowledged() > 0, `the edit of ${clauseId}/${language} to be acknowledged`);
      client.destroy();
    }
  }
  return edited.length;
}

async function measureConsultation(server: RunningServer, cid: string, cookies: Record<string, string>) {
  const consultation = await json<ConsultationResponse>(server, cookies.reader!, `/api/consultations/${cid}`);
  const { versions, row: publishRow } = await publish(server, cookies.secretariat!, cid);
  const edited = await editClauses(
    server,
    cookies.editor!,
    cid,
    consultation.framework.clauses.map((c) => c.id),
  );
  const base = `/api/consultations/${cid}`;
  const [first, second] = versions as [VersionSummary, VersionSummary];
  const draftComparison = await json<Comparison>(server, cookies.reader!, `${base}/compare?from=${first.id}&to=draft`);
  const rows: Row[] = [
    await measure(server, cookies.reader!, cid, 'GET /consultations/:cid (baseline)', base),
    await measure(server, cookies.reader!, cid, 'GET …/versions/:id', `${base}/versions/${first.id}`),
    await measure(
      server,
      cookies.reader!,
      cid,
      'GET …/compare version → draft',
      `${base}/compare?from=${first.id}&to=draft`,
    ),
    await measure(
      server,
      cookies.reader!,
      cid,
      'GET …/compare version → version',
      `${base}/compare?from=${first.id}&to=${second.id}`,
    ),
    await measure(server, cookies.newcomer!, cid, 'GET …/since-last-visit (first visit)', `${base}/since-last-visit`),
    await measure(server, cookies.reader!, cid, 'GET …/translation-status', `${base}/translation-status`),
    // What each page asks when the server says one clause changed.
    await measure(
      server,
      cookies.reader!,
      cid,
      'GET …/translation-status?clauseIds=<1>',
      `${base}/translation-status?clauseIds=${consultation.framework.clauses[3]?.id}`,
    ),
  ];
  const translations = await json<TranslationStatusResponse>(server, cookies.reader!, `${base}/translation-status`);
  const outOfDate = translations.clauses.filter((c) => c.state !== 'in_line');

  // Last (it changes the draft): restoring the first version — the draft published as a backup,
  // every edited clause replaced whole through the sync server, the result published. Baseline:
  // one publish (restoring is two of them plus the replacements).
  const publishCpuBefore = cpuMsOf(server.pid);
  const publishStart = performance.now();
  await json<VersionSummary>(server, cookies.secretariat!, `${base}/versions`, {
    method: 'POST',
    body: JSON.stringify({ title: { en: 'Before the restore', zh: '恢复之前' }, note: '' }),
  });
  const publishMs = performance.now() - publishStart;
  const publishCpuMs = cpuMsOf(server.pid) - publishCpuBefore;
  const restoreCpuBefore = cpuMsOf(server.pid);
  const restoreStart = performance.now();
  const restore = await json<RestoreVersionResponse>(
    server,
    cookies.secretariat!,
    `${base}/versions/${first.id}/restore`,
    {
      method: 'POST',
      body: '{}',
    },
  );
  const restoreMs = performance.now() - restoreStart;
  const restoreCpuMs = cpuMsOf(server.pid) - restoreCpuBefore;
  const afterRestore = await json<Comparison>(server, cookies.reader!, `${base}/compare?from=${first.id}&to=draft`);
  const restoreRow = {
    consultation: cid,
    'clauses replaced': restore.changedClauses,
    'restore ms': round(restoreMs),
    'restore server CPU ms': round(restoreCpuMs, 0),
    'one publish ms (baseline)': round(publishMs),
    'one publish CPU ms': round(publishCpuMs, 0),
    'draft = version after': afterRestore.summary.changed === 0,
  };
  const baseline = rows[0]?.p50Ms ?? Number.NaN;
  for (const row of rows) row.p50VsBaseline = round(row.p50Ms / baseline, 2);
  return {
    publishRow,
    rows,
    edited,
    changedInComparison: draftComparison.summary.changed,
    translationsOutOfDate: outOfDate.length,
    restoreRow,
    bothChanged: outOfDate.filter((c) => c.state === 'both_changed').length,
  };
}

async function main() {
  const dataDir = freshDataDir();
  await addLargeFramework(dataDir, LARGE_CLAUSES);
  const server = await startServer({ dataDir });
  try {
    const cookies = {
      reader: await signIn(server.url, 'delegate.laos@lmec.org'),
      secretariat: await signIn(server.url, 'secretariat@lmec.org'),
      editor: await signIn(server.url, 'delegate.thailand@lmec.org'),
      newcomer: await signIn(server.url, 'sei@partners.org'),
    };
    const results = [];
    for (const cid of [DEMO, LARGE]) results.push(await measureConsultation(server, cid, cookies));
    console.log('\nPublishing (sequential), snapshot size');
    console.table(results.map((r) => r.publishRow));
    console.log(`\nReading and comparing (${SAMPLES} sequential requests each, after ${WARM_UP})`);
    console.table(
      results.flatMap((r) =>
        r.rows.map((row) => ({
          consultation: row.consultation,
          request: row.request,
          'p50 ms': row.p50Ms,
          'p95 ms': row.p95Ms,
          'max ms': row.maxMs,
          'p50 ×base': row.p50VsBaseline,
          bytes: row.bytes,
          'server CPU ms/req': row.serverCpuMsPerRequest,
        })),
      ),
    );
    console.log('\nRestoring the first version (after the edits), one request each; baseline: one publish');
    console.table(results.map((r) => r.restoreRow));
    for (const r of results)
      console.log(
        `${r.publishRow.consultation}: ${r.edited} clauses edited through Yjs clients; the comparison found ${r.changedInComparison} changed; translation out of date: ${r.translationsOutOfDate} (both languages changed: ${r.bothChanged})`,
      );
    console.log(`server RSS at the end ${round(rssMiBOf(server.pid), 0)} MiB`);
    const out = path.join(import.meta.dirname, 'results', 'versions.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), samples: SAMPLES, results }, null, 2));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
