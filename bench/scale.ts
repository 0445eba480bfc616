/**
 * Scale: how far one clause, one server and two instances go, against targets, with a bare
 * Hocuspocus baseline in the same run.
 *
 *  1. Fan-out on one clause document (demo clause pa-3-1, English) of the real server (child
 *     process, SQLite): T typists (full clients, 5 small edits/s each: a `[typist.seq.µs]` marker
 *     appended to the clause's paragraph, as the editor would type it) and V viewers (light raw
 *     protocol clients, a few full ones), split across K load-generator processes
 *     (bench/scaleGenerator.ts) that sign in their own people. Edit → all others and edit → each
 *     latency, deliveries/s, server CPU (and per delivery) and RSS, each generator's CPU and
 *     event-loop delay p99, the machine's busy share.
 *  2. The same against a bare Hocuspocus server (bench/bareServer.ts: no extensions, no auth, no
 *     persistence, same initial clause state): Accord / bare ratios.
 *  3. Cold load of a bilingual 300-clause framework (601 documents on one socket), server RSS
 *     growth per open document; then 1,000 clause documents (a 500-clause framework) open.
 *  4. Two instances on PostgreSQL (fresh database) + Redis: a typist on instance 1, viewers on
 *     instance 2 (and two on instance 1 as the same-instance baseline); latency, and Redis
 *     commands per update from `INFO commandstats` (background rate measured before, subtracted).
 *
 * Timestamps: `performance.timeOrigin + performance.now()` in every process (one machine, one
 * clock; the offset of each generator's clock is measured and printed). Prints tables, the
 * targets with met / missed by, and writes bench/results/scale.json (--smoke: scale-smoke.json).
 *
 * Usage: cd bench && pnpm scale [--smoke] [--typists=50] [--viewers=200] [--generators=4]
 *   [--duration=20] [--warmup=3] [--rate=5] [--full-viewers=2] [--clauses=300] [--many-clauses=500]
 *   [--xi-viewers=20] [--xi-rate=10] [--rounds=1] [--pin] [--data-in-memory] [--only=fanout,cold,xi]
 * --rounds=N: N fan-out rounds (Accord and bare, alternating which goes first); targets use the
 * medians. --pin: server on CPU 0, generators on CPU 1 (taskset). --data-in-memory (diagnostic):
 * Accord's fan-out data folder on /dev/shm, so committing an update costs no fsync.
 * CPU_PROF_DIR=dir: Accord's server of the fan-out runs with --cpu-prof and writes its profile there.
 * SCALE_TIMELINE_DIR=dir: each run's edits as CSV (send time, edit → all), to see when slow ones were sent.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clauseTextUpdate, DEMO_FRAMEWORK, type DemoSection, SqliteStorage } from '@accord/server';
import { clauseDocumentName, LANGUAGES, presenceDocumentName } from '@accord/shared';
import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { connectDocument, signIn, webSocketWith } from '../test/support/clients.ts';
import { type FreshDatabase, freshDatabase, postgresReachable } from '../test/support/postgres.ts';
import { REDIS_TEST_URL, redisReachable } from '../test/support/redis.ts';
import { openRedisAdmin, type RedisAdmin } from '../test/support/redisAdmin.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { addLargeFramework } from './largeFramework.ts';
import { cpuMsOf, machineCpu, median, percentile, rssMiBOf } from './procStats.ts';
import type { FromGenerator, GeneratorReport, GeneratorSpec, ReceiverSpec, ToGenerator } from './scaleGenerator.ts';
import { clockMs, LatencyHistogram } from './scaleWire.ts';

// ── Options ─────────────────────────────────────────────────────────────────────────────────

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const PIN = argv.includes('--pin');
/** Diagnostic: Accord's fan-out data folder on tmpfs (/dev/shm), where a commit's fsync costs nothing. */
const DATA_IN_MEMORY = argv.includes('--data-in-memory');
const flag = (name: string, full: number, smoke: number): number => {
  const given = argv.find((a) => a.startsWith(`--${name}=`));
  const value = given ? Number(given.split('=')[1]) : SMOKE ? smoke : full;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number`);
  return value;
};
const OPTIONS = {
  typists: flag('typists', 50, 2),
  viewers: flag('viewers', 200, 3),
  generators: Math.max(1, flag('generators', 4, 1)),
  durationS: flag('duration', 20, 2),
  warmupS: flag('warmup', 3, 0.5),
  ratePerTypist: flag('rate', 5, 5),
  fullViewers: flag('full-viewers', 2, 1),
  rounds: Math.max(1, flag('rounds', 1, 1)),
  clauses: flag('clauses', 300, 20),
  manyClauses: flag('many-clauses', 500, 20),
  crossInstanceViewers: flag('xi-viewers', 20, 3),
  crossInstanceRate: flag('xi-rate', 10, 5),
  drainS: SMOKE ? 0.5 : 2,
  pin: PIN,
  dataInMemory: DATA_IN_MEMORY,
};
const PARTS = ['fanout', 'cold', 'xi'];
const ONLY = (argv.find((a) => a.startsWith('--only='))?.split('=')[1] ?? PARTS.join(',')).split(',');
if (ONLY.some((part) => !PARTS.includes(part))) throw new Error(`--only: one or more of ${PARTS.join(',')}`);
/** A partial run does not overwrite the whole run's results. */
const OUT = path.join(
  import.meta.dirname,
  'results',
  SMOKE ? 'scale-smoke.json' : ONLY.length === PARTS.length ? 'scale.json' : `scale-${ONLY.join('-')}.json`,
);

const DEMO = 'lmec-2017';
const CLAUSE_ID = 'pa-3-1';
const DOCUMENT = clauseDocumentName(DEMO, CLAUSE_ID, 'en');
const TYPIST_ACCOUNTS = [
  'delegate.china@lmec.org',
  'delegate.cambodia@lmec.org',
  'delegate.laos@lmec.org',
  'delegate.myanmar@lmec.org',
  'delegate.thailand@lmec.org',
  'delegate.vietnam@lmec.org',
];
const VIEWER_ACCOUNT = 'observer@lmec.org';
const LARGE = 'bench-300';
const MANY = 'bench-many';
const SESSION_SECRET = 'scale-benchmark-secret-scale-benchmark-secret';

/** Targets on the 2-core machine. */
const TARGETS = {
  editToAllP99Ms: 50,
  throughputVsBare: 0.8,
  p99VsBare: 1.3,
  crossInstanceP99Ms: 100,
  redisCommandsPerUpdate: 3,
  rssPerDocumentMiB: 1.5,
};

const round = (n: number, digits = 1) => (Number.isFinite(n) ? +n.toFixed(digits) : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const sleepUntil = (atMs: number) => sleep(atMs - clockMs());

function demoClauseText(id: string): string {
  const find = (sections: DemoSection[]): string | undefined => {
    for (const section of sections) {
      const text = section.clauses?.find((c) => c.id === id)?.text.en ?? find(section.children ?? []);
      if (text !== undefined) return text;
    }
    return undefined;
  };
  const text = find(DEMO_FRAMEWORK);
  if (text === undefined) throw new Error(`no demo clause ${id}`);
  return text;
}

/** taskset: pins every thread of `pid` to `cpu`. */
function pin(pid: number, cpu: number): void {
  execFileSync('taskset', ['-a', '-c', '-p', String(cpu), String(pid)], { stdio: 'ignore' });
}

/**
 * Commits a small row to a SQLite file of its own every 50 ms (WAL, synchronous=FULL: Accord's
 * store, which commits each update before applying it) and times each: what a commit costs on
 * this disk while the run goes on (others' processes share the disk).
 */
function startDiskProbe() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-disk-probe-'));
  const storage = SqliteStorage.open(path.join(dir, 'probe.sqlite'));
  const update = new Uint8Array(60).fill(1);
  const times: number[] = [];
  const timer = setInterval(() => {
    const t = performance.now();
    void storage.appendDocumentUpdate('probe', update);
    times.push(performance.now() - t);
  }, 50);
  return async () => {
    clearInterval(timer);
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
    times.sort((a, b) => a - b);
    return { commits: times.length, ...fromSorted(times) };
  };
}

// ── Load-generator processes ────────────────────────────────────────────────────────────────

type Reply<T extends FromGenerator['type']> = Extract<FromGenerator, { type: T }>;

class GeneratorProcess {
  readonly child: ChildProcess;
  private readonly waiting: { type: string; resolve(m: FromGenerator): void; reject(e: Error): void }[] = [];
  private failure: Error | null = null;

  constructor(readonly id: number) {
    this.child = fork(path.join(import.meta.dirname, 'scaleGenerator.ts'), [], {
      cwd: import.meta.dirname,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: FromGenerator) => {
      if (message.type === 'failed') return this.fail(new Error(`generator ${id}: ${message.error}`));
      const index = this.waiting.findIndex((w) => w.type === message.type);
      if (index >= 0) this.waiting.splice(index, 1)[0]?.resolve(message);
    });
    this.child.on('exit', (code) => this.fail(new Error(`generator ${id} exited (${code})`)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  next<T extends FromGenerator['type']>(type: T, timeoutMs = 120_000): Promise<Reply<T>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`generator ${this.id}: no ${type} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Reply<T>);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  request<T extends FromGenerator['type']>(message: ToGenerator, reply: T, timeoutMs?: number): Promise<Reply<T>> {
    const answer = this.next(reply, timeoutMs);
    this.child.send(message);
    return answer;
  }

  /** Offset of the generator's clock from ours (ms), from the exchange with the shortest round trip. */
  async clockOffsetMs(): Promise<number> {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: NaN };
    for (let n = 0; n < 7; n++) {
      const before = clockMs();
      const { t } = await this.request({ type: 'clock', n }, 'clock');
      const after = clockMs();
      if (after - before < best.rtt) best = { rtt: after - before, offset: t - (before + after) / 2 };
    }
    return best.offset;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.failure ??= new Error('closed');
    this.child.send({ type: 'close' } satisfies ToGenerator);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

// ── One load run: connect, type for warm-up + window, drain, collect ────────────────────────

interface Target {
  label: string;
  /** Process ids of the server(s) whose CPU and RSS are measured. */
  serverPids: number[];
}

interface LoadPlan {
  typists: { url: string; index: number; group: string }[];
  viewers: ReceiverSpec[];
  generators: number;
  signIn: boolean;
  ratePerTypist: number;
  /** Called with everyone connected, before typing: returns what to do when the run is over. */
  beforeTyping?: () => Promise<() => Promise<void>>;
}

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const fromSorted = (sorted: number[]): Percentiles => ({
  p50: round(percentile(sorted, 50), 2),
  p95: round(percentile(sorted, 95), 2),
  p99: round(percentile(sorted, 99), 2),
  max: round(sorted.at(-1) ?? NaN, 2),
});
const fromHistogram = (h: LatencyHistogram): Percentiles => ({
  p50: round(h.percentileMs(50), 2),
  p95: round(h.percentileMs(95), 2),
  p99: round(h.percentileMs(99), 2),
  max: round(h.max / 1000, 2),
});

/** Forks `count` generator processes; resolves once each has loaded and said hello. */
async function spawnGenerators(count: number): Promise<GeneratorProcess[]> {
  const generators = Array.from({ length: count }, (_, id) => new GeneratorProcess(id));
  try {
    await Promise.all(generators.map((g) => g.next('hello', 60_000)));
    return generators;
  } catch (error) {
    await Promise.all(generators.map((g) => g.close()));
    throw error;
  }
}

/** Runs `plan` against `target` on `spawned` generators (spawned meanwhile when not given), then closes them. */
async function runLoad(target: Target, plan: LoadPlan, spawned?: Promise<GeneratorProcess[]>) {
  const epochMs = Math.floor(clockMs());
  const started = performance.now();
  const generators = await (spawned ?? spawnGenerators(plan.generators));
  try {
    const offsets = await Promise.all(generators.map((g) => g.clockOffsetMs()));
    const specs: GeneratorSpec[] = generators.map((g) => ({
      id: g.id,
      epochMs,
      documentName: DOCUMENT,
      signIn: plan.signIn,
      typistAccounts: TYPIST_ACCOUNTS,
      viewerAccount: VIEWER_ACCOUNT,
      typists: [],
      viewers: [],
      connectConcurrency: 16,
    }));
    for (const [i, typist] of plan.typists.entries()) specs[i % specs.length]?.typists.push(typist);
    for (const [i, viewer] of plan.viewers.entries()) specs[i % specs.length]?.viewers.push(viewer);
    const ready = await Promise.all(
      generators.map((g, i) => g.request({ type: 'setup', spec: specs[i] as GeneratorSpec }, 'ready')),
    );
    const connectedMs = performance.now() - started;
    if (OPTIONS.pin) {
      for (const pid of target.serverPids) pin(pid, 0);
      for (const g of generators) pin(g.pid, 1);
    }
    const afterRun = plan.beforeTyping ? await plan.beforeTyping() : async () => {};

    const warmupMs = OPTIONS.warmupS * 1000;
    const durationMs = OPTIONS.durationS * 1000;
    const startAtMs = clockMs() + 300;
    const typed = generators.map((g) =>
      g.request(
        { type: 'run', run: { startAtMs, warmupMs, durationMs, ratePerSecond: plan.ratePerTypist } },
        'typed',
        warmupMs + durationMs + 60_000,
      ),
    );
    await sleepUntil(startAtMs + warmupMs);
    const snapshot = () => ({
      server: target.serverPids.map((pid) => cpuMsOf(pid)),
      generators: generators.map((g) => cpuMsOf(g.pid)),
      machine: machineCpu(),
      own: process.cpuUsage(),
      at: performance.now(),
    });
    const before = snapshot();
    const stopDiskProbe = startDiskProbe();
    const rss = target.serverPids.map((pid) => ({ start: rssMiBOf(pid), max: rssMiBOf(pid) }));
    const sampler = setInterval(() => {
      target.serverPids.forEach((pid, i) => {
        const r = rss[i] as { max: number };
        r.max = Math.max(r.max, rssMiBOf(pid));
      });
    }, 250);
    await sleepUntil(startAtMs + warmupMs + durationMs);
    const after = snapshot();
    clearInterval(sampler);
    const diskCommitMs = await stopDiskProbe();
    await Promise.all(typed);
    await sleep(OPTIONS.drainS * 1000);
    const reports = (await Promise.all(generators.map((g) => g.request({ type: 'report' }, 'report')))).map(
      (r) => r.report,
    );
    await afterRun();

    const windowMs = after.at - before.at;
    const totalMs = after.machine.totalMs - before.machine.totalMs;
    const serverMs = target.serverPids.map((_, i) => (after.server[i] as number) - (before.server[i] as number));
    const generatorMs = generators.map((_, i) => (after.generators[i] as number) - (before.generators[i] as number));
    const ownUsage = process.cpuUsage(before.own);
    const ownMs = (ownUsage.user + ownUsage.system) / 1000;
    const busyMs = after.machine.busyMs - before.machine.busyMs;
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const analysis = analyse(reports, plan.typists);
    const fullTexts = reports.flatMap((r) => r.texts);
    return {
      target: target.label,
      typists: plan.typists.length,
      viewers: plan.viewers.length,
      fullViewers: plan.viewers.filter((v) => v.full).length,
      generators: plan.generators,
      ratePerTypist: plan.ratePerTypist,
      windowS: round(windowMs / 1000, 2),
      connectS: round(connectedMs / 1000, 1),
      ...analysis,
      deliveriesPerSecond: Math.round(analysis.deliveries / (windowMs / 1000)),
      offeredDeliveriesPerSecond: Math.round(analysis.expectedDeliveries / (windowMs / 1000)),
      serverCpuPct: serverMs.map((ms) => round((100 * ms) / windowMs, 0)),
      serverCpuUsPerDelivery: round((1000 * sum(serverMs)) / Math.max(1, analysis.deliveries), 2),
      serverRssMiB: rss.map((r, i) => ({
        start: round(r.start, 0),
        max: round(r.max, 0),
        end: round(rssMiBOf(target.serverPids[i] as number), 0),
      })),
      diskCommitMs,
      machineBusyPct: round((100 * busyMs) / totalMs, 0),
      othersBusyPct: round(Math.max(0, (100 * (busyMs - sum(serverMs) - sum(generatorMs) - ownMs)) / totalMs), 0),
      generatorStats: reports.map((r, i) => ({
        id: r.id,
        clients: (specs[i]?.typists.length ?? 0) + (specs[i]?.viewers.length ?? 0),
        connectMs: ready[i]?.connectMs ?? NaN,
        cpuPct: round((100 * (generatorMs[i] as number)) / windowMs, 0),
        eventLoopDelayP99Ms: r.eventLoopDelayMs.p99,
        eventLoopDelayMaxMs: r.eventLoopDelayMs.max,
        clockOffsetMs: round(offsets[i] as number, 3),
        lostConnections: r.errors.length,
      })),
      lostConnections: reports.flatMap((r) => r.errors),
      converged: fullTexts.length > 0 && fullTexts.every((t) => t.sha1 === fullTexts[0]?.sha1),
      fullClients: fullTexts.length,
      documentChars: fullTexts[0]?.length ?? 0,
    };
  } finally {
    await Promise.all(generators.map((g) => g.close()));
  }
}

/** Merges the generators' reports: per group and in all, edit → all and edit → each. */
function analyse(reports: GeneratorReport[], typists: { index: number; group: string }[]) {
  const sent = new Map<number, number>();
  for (const r of reports) for (const [t, s, us] of r.sent) sent.set(t * 1e6 + s, us);
  const typistGroup = new Map(typists.map((t) => [t.index, t.group]));
  const receivers = new Map<string, number>();
  const edits = new Map<string, Map<number, [number, number]>>();
  const histograms = new Map<string, LatencyHistogram>();
  const frames = new Map<string, [number, number]>();
  for (const r of reports) {
    for (const [name, group] of Object.entries(r.groups)) {
      receivers.set(name, (receivers.get(name) ?? 0) + group.receivers);
      const merged = edits.get(name) ?? new Map<number, [number, number]>();
      edits.set(name, merged);
      for (const [key, count, last] of group.edits) {
        const seen = merged.get(key);
        if (seen) {
          seen[0] += count;
          seen[1] = Math.max(seen[1], last);
        } else merged.set(key, [count, last]);
      }
      const histogram = histograms.get(name) ?? new LatencyHistogram();
      histogram.add(group.histogram);
      histograms.set(name, histogram);
      const [f, m] = frames.get(name) ?? [0, 0];
      frames.set(name, [f + group.frames, m + group.markers]);
    }
  }
  const expectedIn = (name: string, key: number) =>
    (receivers.get(name) ?? 0) - (typistGroup.get(Math.floor(key / 1e6)) === name ? 1 : 0);

  /** Edit → all for the given groups: the last arrival among them, for edits every one of them got. */
  const editToAll = (names: string[]) => {
    const latencies: number[] = [];
    const timeline: [number, number][] = [];
    let incomplete = 0;
    let deliveries = 0;
    let expected = 0;
    for (const [key, sentUs] of sent) {
      let count = 0;
      let want = 0;
      let last = 0;
      for (const name of names) {
        const seen = edits.get(name)?.get(key);
        want += expectedIn(name, key);
        if (seen) {
          count += seen[0];
          last = Math.max(last, seen[1]);
        }
      }
      if (want === 0) continue; // a group of one typist: nobody else in it
      deliveries += count;
      expected += want;
      if (count >= want) {
        latencies.push((last - sentUs) / 1000);
        timeline.push([sentUs / 1e6, (last - sentUs) / 1000]);
      } else incomplete++;
    }
    latencies.sort((a, b) => a - b);
    return { latencies, timeline, incomplete, deliveries, expected };
  };

  const names = [...receivers.keys()];
  const all = editToAll(names);
  const each = new LatencyHistogram();
  for (const h of histograms.values()) each.add(h.toJSON());
  const groups = Object.fromEntries(
    names
      .filter((name) => editToAll([name]).expected > 0)
      .map((name) => {
        const result = editToAll([name]);
        const [f, m] = frames.get(name) ?? [0, 0];
        return [
          name,
          {
            receivers: receivers.get(name) ?? 0,
            editToAllMs: fromSorted(result.latencies),
            editToEachMs: fromHistogram(histograms.get(name) ?? new LatencyHistogram()),
            incompleteEdits: result.incomplete,
            deliveries: result.deliveries,
            expectedDeliveries: result.expected,
            editsPerMessage: round(m / Math.max(1, f), 2),
          },
        ];
      }),
  );
  const timelineDir = process.env.SCALE_TIMELINE_DIR;
  if (timelineDir) {
    fs.mkdirSync(timelineDir, { recursive: true });
    const file = path.join(timelineDir, `edits-${Date.now()}.csv`);
    const rows = all.timeline.sort((a, b) => a[0] - b[0]).map(([s, ms]) => `${s.toFixed(4)},${ms.toFixed(2)}`);
    fs.writeFileSync(file, `sent_s,edit_to_all_ms\n${rows.join('\n')}\n`);
  }
  return {
    editsSent: sent.size,
    editsSentInAll: reports.reduce((n, r) => n + r.sentTotal, 0),
    editToAllMs: fromSorted(all.latencies),
    editToEachMs: fromHistogram(each),
    incompleteEdits: all.incomplete,
    deliveries: all.deliveries,
    expectedDeliveries: all.expected,
    groups,
  };
}

type LoadResult = Awaited<ReturnType<typeof runLoad>>;

// ── 1 + 2: fan-out on Accord and on bare Hocuspocus ─────────────────────────────────────────

function fanOutPlan(url: string, signIn: boolean): LoadPlan {
  return {
    typists: Array.from({ length: OPTIONS.typists }, (_, index) => ({ url, index, group: 'typists' })),
    viewers: Array.from({ length: OPTIONS.viewers }, (_, i) => ({
      url,
      group: 'viewers',
      full: i < OPTIONS.fullViewers,
    })),
    generators: OPTIONS.generators,
    signIn,
    ratePerTypist: OPTIONS.ratePerTypist,
  };
}

async function startBareServer(update: Uint8Array): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bareServer.ts'], {
    cwd: import.meta.dirname,
    env: { ...process.env, BARE_DOCUMENT: DOCUMENT, BARE_UPDATE: Buffer.from(update).toString('base64') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare server did not start:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on port (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One round: Accord (fresh data folder) and bare Hocuspocus, one after the other in `order`. */
async function fanOutRound(order: 'accord first' | 'bare first') {
  const profileDir = process.env.CPU_PROF_DIR;
  const dataDir = DATA_IN_MEMORY ? fs.mkdtempSync('/dev/shm/accord-bench-') : freshDataDir();
  // Both servers start now (the other idles while one is measured); the first run's generators too.
  const generators = spawnGenerators(OPTIONS.generators);
  generators.catch(() => {});
  const [server, bareServer] = await Promise.all([
    startServer({
      dataDir,
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [],
    }),
    startBareServer(clauseTextUpdate(demoClauseText(CLAUSE_ID))),
  ]);
  const runs = {
    accord: { target: { label: 'Accord', serverPids: [server.pid] }, plan: fanOutPlan(server.url, true) },
    bare: {
      target: { label: 'bare Hocuspocus', serverPids: [bareServer.pid] },
      plan: fanOutPlan(bareServer.url, false),
    },
  };
  try {
    const [first, second] = order === 'accord first' ? (['accord', 'bare'] as const) : (['bare', 'accord'] as const);
    const firstResult = await runLoad(runs[first].target, runs[first].plan, generators);
    const secondResult = await runLoad(runs[second].target, runs[second].plan);
    const accord = first === 'accord' ? firstResult : secondResult;
    const bare = first === 'accord' ? secondResult : firstResult;
    const ratios = {
      throughput: round(accord.deliveriesPerSecond / bare.deliveriesPerSecond, 3),
      editToAllP99: round(accord.editToAllMs.p99 / bare.editToAllMs.p99, 2),
      editToAllP50: round(accord.editToAllMs.p50 / bare.editToAllMs.p50, 2),
      editToEachP99: round(accord.editToEachMs.p99 / bare.editToEachMs.p99, 2),
      serverCpuPerDelivery: round(accord.serverCpuUsPerDelivery / bare.serverCpuUsPerDelivery, 2),
    };
    return { order, accord, bare, ratios };
  } finally {
    await Promise.all([server.stop(), bareServer.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * ROUNDS rounds, alternating which server goes first (others' processes on the machine come and
 * go): each round's figures, and the median of each figure over the rounds for the targets.
 */
async function fanOut() {
  const rounds: Awaited<ReturnType<typeof fanOutRound>>[] = [];
  for (let r = 0; r < OPTIONS.rounds; r++) {
    rounds.push(await fanOutRound(r % 2 === 0 ? 'accord first' : 'bare first'));
  }
  const med = (pick: (round: (typeof rounds)[number]) => number) => round(median(rounds.map(pick)), 3);
  const medians = {
    accordEditToAllP99Ms: med((r) => r.accord.editToAllMs.p99),
    bareEditToAllP99Ms: med((r) => r.bare.editToAllMs.p99),
    throughputRatio: med((r) => r.ratios.throughput),
    editToAllP99Ratio: med((r) => r.ratios.editToAllP99),
    serverCpuPerDeliveryRatio: med((r) => r.ratios.serverCpuPerDelivery),
  };
  const [firstRound] = rounds as [(typeof rounds)[number]];
  return { accord: firstRound.accord, bare: firstRound.bare, ratios: firstRound.ratios, rounds, medians };
}

// ── 3: cold load, many documents open ───────────────────────────────────────────────────────

/** One client opens every clause document of `consultationId` (and its presence) on one socket. */
async function openAll(server: RunningServer, consultationId: string, withPresence: boolean) {
  const cookie = await signIn(server.url, 'delegate.cambodia@lmec.org');
  const response = await fetch(`${server.url}/api/consultations/${consultationId}`, { headers: { cookie } });
  const { framework } = (await response.json()) as { framework: { clauses: { id: string }[] } };
  const names = [
    ...(withPresence ? [presenceDocumentName(consultationId)] : []),
    ...framework.clauses.flatMap((c) => LANGUAGES.map((l) => clauseDocumentName(consultationId, c.id, l))),
  ];
  await sleep(SMOKE ? 100 : 500);
  const rssBefore = rssMiBOf(server.pid);
  const cpuBefore = cpuMsOf(server.pid);
  const machineBefore = machineCpu();
  const socket = new HocuspocusProviderWebsocket({
    url: `${server.url.replace('http', 'ws')}/collab`,
    WebSocketPolyfill: webSocketWith({ cookie, origin: server.url }),
  });
  const started = performance.now();
  const clients = names.map((name) =>
    connectDocument(server.url, cookie, name, { socket, awareness: name.startsWith('presence/') }),
  );
  await Promise.all(clients.map((c) => c.synced));
  const ms = performance.now() - started;
  const cpuMs = cpuMsOf(server.pid) - cpuBefore;
  const machineAfter = machineCpu();
  const busyPct = (100 * (machineAfter.busyMs - machineBefore.busyMs)) / (machineAfter.totalMs - machineBefore.totalMs);
  const rssSynced = rssMiBOf(server.pid);
  await sleep(SMOKE ? 200 : 1000); // let the server settle (debounced work, GC)
  const rssAfter = rssMiBOf(server.pid);
  for (const c of clients) c.provider.destroy();
  socket.destroy();
  return {
    documents: names.length,
    connectToSyncedMs: Math.round(ms),
    serverCpuMs: Math.round(cpuMs),
    serverRssBeforeMiB: round(rssBefore, 0),
    serverRssSyncedMiB: round(rssSynced, 0),
    serverRssAfterMiB: round(rssAfter, 0),
    rssGrowthMiB: round(rssAfter - rssBefore, 1),
    rssPerDocumentKiB: round(((rssAfter - rssBefore) * 1024) / names.length, 1),
    machineBusyPct: round(busyPct, 0),
  };
}

async function coldLoad() {
  const dataDir = freshDataDir();
  try {
    await addLargeFramework(dataDir, OPTIONS.clauses, LARGE);
    await addLargeFramework(dataDir, OPTIONS.manyClauses, MANY);
    // A fresh server for each, so one's heap does not count in the other's growth.
    const first = await startServer({ dataDir });
    const framework = await openAll(first, LARGE, true).finally(() => first.stop());
    const second = await startServer({ dataDir });
    const many = await openAll(second, MANY, false).finally(() => second.stop());
    return { framework: { clauses: OPTIONS.clauses, ...framework }, many: { clauses: OPTIONS.manyClauses, ...many } };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ── 4: two instances on PostgreSQL + Redis ──────────────────────────────────────────────────

type CommandCalls = Record<string, number>;
const callsBetween = (a: CommandCalls, b: CommandCalls) =>
  Object.fromEntries(
    Object.keys(b)
      .filter((k) => k !== 'info') // our own reads
      .map((k) => [k, (b[k] ?? 0) - (a[k] ?? 0)])
      .filter(([, n]) => (n as number) > 0),
  ) as CommandCalls;

async function crossInstance() {
  const [pgUp, redisUp] = await Promise.all([postgresReachable(), redisReachable()]);
  if (!pgUp || !redisUp) {
    const skipped = `${!pgUp ? 'PostgreSQL' : 'Redis'} is not reachable`;
    console.warn(`SKIPPED the cross-instance run: ${skipped}`);
    return { skipped };
  }
  let database: FreshDatabase | null = null;
  let servers: RunningServer[] = [];
  let admin: RedisAdmin | null = null;
  const generators = spawnGenerators(1);
  generators.catch(() => {});
  try {
    database = await freshDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_TEST_URL, SESSION_SECRET };
    // Both start together, as a deployment does (the seed is safe against that).
    servers = await Promise.all([startServer({ env }), startServer({ env })]);
    const [first, second] = servers as [RunningServer, RunningServer];
    admin = await openRedisAdmin();
    const redis = admin;
    const idleMs = SMOKE ? 300 : 3000;
    const redisCalls = { background: {} as CommandCalls, backgroundPerSecond: 0, run: {} as CommandCalls, runS: 0 };
    const plan: LoadPlan = {
      typists: [{ url: first.url, index: 0, group: 'typist' }],
      viewers: [
        ...Array.from({ length: OPTIONS.crossInstanceViewers }, (_, i) => ({
          url: second.url,
          group: 'other instance',
          full: i === 0,
        })),
        { url: first.url, group: 'same instance', full: false },
        { url: first.url, group: 'same instance', full: false },
      ],
      generators: 1,
      signIn: true,
      ratePerTypist: OPTIONS.crossInstanceRate,
      async beforeTyping() {
        // Background: what Redis serves with everyone connected and nobody typing (other
        // processes on the machine may use the same Redis).
        const idle0 = await redis.commandCalls();
        const t0 = performance.now();
        await sleep(idleMs);
        redisCalls.background = callsBetween(idle0, await redis.commandCalls());
        const idleS = (performance.now() - t0) / 1000;
        redisCalls.backgroundPerSecond = round(
          Object.values(redisCalls.background).reduce((a, b) => a + b, 0) / idleS,
          1,
        );
        const run0 = await redis.commandCalls();
        const r0 = performance.now();
        return async () => {
          redisCalls.run = callsBetween(run0, await redis.commandCalls());
          redisCalls.runS = (performance.now() - r0) / 1000;
          // Per command, the background rate over the run's length taken off.
          for (const [name, n] of Object.entries(redisCalls.background)) {
            const expected = (n / idleS) * redisCalls.runS;
            redisCalls.run[name] = (redisCalls.run[name] ?? 0) - expected;
          }
        };
      },
    };
    const result = await runLoad({ label: 'two instances', serverPids: [first.pid, second.pid] }, plan, generators);
    const updates = result.editsSentInAll;
    const netByCommand = Object.fromEntries(
      Object.entries(redisCalls.run)
        .map(([name, n]) => [name, round(n / Math.max(1, updates), 2)] as const)
        .filter(([, perUpdate]) => Math.abs(perUpdate) >= 0.01),
    );
    const net = Object.values(redisCalls.run).reduce((a, b) => a + b, 0);
    return {
      ...result,
      redis: {
        updatesSent: updates,
        commandsPerUpdate: round(net / Math.max(1, updates), 2),
        perUpdateByCommand: netByCommand,
        backgroundCommandsPerSecond: redisCalls.backgroundPerSecond,
        backgroundByCommand: redisCalls.background,
        measuredOverS: round(redisCalls.runS, 1),
      },
    };
  } finally {
    await admin?.close();
    await Promise.all(servers.map((s) => s.kill()));
    await database?.drop();
  }
}

// ── Report ──────────────────────────────────────────────────────────────────────────────────

function verdict(value: number, target: number, kind: 'max' | 'min'): string {
  if (!Number.isFinite(value)) return 'not measured';
  const met = kind === 'max' ? value <= target : value >= target;
  if (met) return 'met';
  const by = Math.abs(value - target);
  return `missed by ${round(by, by < 1 ? 3 : 1)} (${round(kind === 'max' ? value / target : target / value, 2)}×)`;
}

function printLoad(title: string, results: LoadResult[]): void {
  console.log(`\n${title}`);
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.target,
        {
          'typists × rate + viewers': `${r.typists}×${r.ratePerTypist}/s + ${r.viewers}`,
          'edits (window)': r.editsSent,
          'edit→all p50/p95/p99 ms': `${r.editToAllMs.p50} / ${r.editToAllMs.p95} / ${r.editToAllMs.p99}`,
          'edit→each p50/p99 ms': `${r.editToEachMs.p50} / ${r.editToEachMs.p99}`,
          'deliveries/s (offered)': `${r.deliveriesPerSecond} (${r.offeredDeliveriesPerSecond})`,
          incomplete: r.incompleteEdits,
          'server CPU %': r.serverCpuPct.join(' + '),
          'µs/delivery': r.serverCpuUsPerDelivery,
          'RSS MiB start/max': r.serverRssMiB.map((m) => `${m.start}/${m.max}`).join(', '),
          'busy/others %': `${r.machineBusyPct}/${r.othersBusyPct}`,
          'disk commit p50/p99 ms': `${r.diskCommitMs.p50} / ${r.diskCommitMs.p99}`,
          converged: r.converged,
        },
      ]),
    ),
  );
  for (const r of results) {
    console.log(`${r.target}: per group`);
    console.table(
      Object.fromEntries(
        Object.entries(r.groups).map(([name, g]) => [
          name,
          {
            receivers: g.receivers,
            'edit→all p50/p95/p99 ms': `${g.editToAllMs.p50} / ${g.editToAllMs.p95} / ${g.editToAllMs.p99}`,
            'edit→each p50/p95/p99 ms': `${g.editToEachMs.p50} / ${g.editToEachMs.p95} / ${g.editToEachMs.p99}`,
            incomplete: g.incompleteEdits,
            'edits/message': g.editsPerMessage,
          },
        ]),
      ),
    );
    console.log(`${r.target}: load generators`);
    console.table(
      r.generatorStats.map((g) => ({
        generator: g.id,
        clients: g.clients,
        'CPU %': g.cpuPct,
        'event-loop delay p99/max ms': `${g.eventLoopDelayP99Ms} / ${g.eventLoopDelayMaxMs}`,
        'clock offset ms': g.clockOffsetMs,
        saturated: g.cpuPct > 85 || g.eventLoopDelayP99Ms > 10 ? 'YES' : 'no',
      })),
    );
    if (r.lostConnections.length > 0) console.warn(`${r.target}: lost connections: ${r.lostConnections.join('; ')}`);
  }
}

async function main() {
  const started = performance.now();
  const machine = {
    nproc: Number(execFileSync('nproc').toString().trim()),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((n) => round(n, 2)),
  };
  console.log(`scale benchmark${SMOKE ? ' (smoke)' : ''}: ${JSON.stringify(OPTIONS)}`);
  const results: Record<string, unknown> = { machine, options: OPTIONS, smoke: SMOKE };

  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      phases[name] = round((performance.now() - t) / 1000, 1);
    }
  };
  const fanout = ONLY.includes('fanout') ? await phase('fanout', fanOut) : null;
  if (fanout) {
    for (const [i, r] of fanout.rounds.entries()) {
      printLoad(`Fan-out on ${DOCUMENT} (${OPTIONS.generators} generator processes), round ${i + 1} (${r.order})`, [
        r.accord,
        r.bare,
      ]);
      console.log(`Round ${i + 1}: Accord / bare`);
      console.table(r.ratios);
    }
    if (fanout.rounds.length > 1) {
      console.log(`Medians over ${fanout.rounds.length} rounds`);
      console.table(fanout.medians);
    }
  }
  results.fanout = fanout;

  const cold = ONLY.includes('cold') ? await phase('cold', coldLoad) : null;
  if (cold) {
    console.log('\nCold load and open documents (one client, one socket; fresh server each)');
    console.table({
      [`${cold.framework.clauses}-clause framework + presence`]: cold.framework,
      [`${cold.many.clauses}-clause framework, clause documents`]: cold.many,
    });
  }
  results.coldLoad = cold?.framework ?? null;
  results.manyDocuments = cold?.many ?? null;

  const xi = ONLY.includes('xi') ? await phase('crossInstance', crossInstance) : null;
  if (xi && !('skipped' in xi)) {
    printLoad('Two instances on PostgreSQL + Redis: typist on instance 1', [xi]);
    console.log('Redis commands (INFO commandstats, background subtracted):');
    console.table({ ...xi.redis, perUpdateByCommand: JSON.stringify(xi.redis.perUpdateByCommand) });
  }
  results.crossInstance = xi;

  const xiOther = xi && !('skipped' in xi) ? xi.groups['other instance'] : undefined;
  const rows = [
    {
      target: `edit→all p99 ≤ ${TARGETS.editToAllP99Ms} ms (${OPTIONS.typists} typists + ${OPTIONS.viewers} viewers)`,
      value: fanout?.medians.accordEditToAllP99Ms ?? NaN,
      limit: TARGETS.editToAllP99Ms,
      kind: 'max' as const,
    },
    {
      target: `Accord / bare throughput ≥ ${TARGETS.throughputVsBare}`,
      value: fanout?.medians.throughputRatio ?? NaN,
      limit: TARGETS.throughputVsBare,
      kind: 'min' as const,
    },
    {
      target: `Accord / bare edit→all p99 ≤ ${TARGETS.p99VsBare}`,
      value: fanout?.medians.editToAllP99Ratio ?? NaN,
      limit: TARGETS.p99VsBare,
      kind: 'max' as const,
    },
    {
      target: `cross-instance edit→all p99 ≤ ${TARGETS.crossInstanceP99Ms} ms`,
      value: xiOther?.editToAllMs.p99 ?? NaN,
      limit: TARGETS.crossInstanceP99Ms,
      kind: 'max' as const,
    },
    {
      target: `Redis commands per update ≤ ${TARGETS.redisCommandsPerUpdate}`,
      value: xi && !('skipped' in xi) ? xi.redis.commandsPerUpdate : NaN,
      limit: TARGETS.redisCommandsPerUpdate,
      kind: 'max' as const,
    },
    {
      target: `RSS per open document (${OPTIONS.clauses}-clause framework) ≤ ${TARGETS.rssPerDocumentMiB} MiB`,
      value: cold ? round(cold.framework.rssPerDocumentKiB / 1024, 3) : NaN,
      limit: TARGETS.rssPerDocumentMiB,
      kind: 'max' as const,
    },
  ];
  const targets = rows.map((r) => ({ ...r, verdict: verdict(r.value, r.limit, r.kind) }));
  console.log('\nTargets (2-core machine)');
  console.table(Object.fromEntries(targets.map((t) => [t.target, { value: t.value, verdict: t.verdict }])));
  results.targets = targets;
  results.totalS = round((performance.now() - started) / 1000, 1);
  results.phasesS = phases;
  console.log(`${results.totalS} s in all (${JSON.stringify(phases)})`);

  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
