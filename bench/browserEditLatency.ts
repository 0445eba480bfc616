/**
 * Keystroke → other screen, in real browsers against the real server: two delegates (one headless
 * Chromium context each) sign in through the form and open the demo framework at clause 4.3
 * (English). The typist puts the caret at the end of the clause and types a short marker " [n]"
 * with real key events every INTERVAL ms; the reader's page sees it arrive.
 *
 * Clocks: both pages stamp with `performance.timeOrigin + performance.now()` (comparable across
 * processes). Sent = the typist page's `keydown` of the marker's last character (capture phase,
 * before the editor handles it); seen = a MutationObserver on the reader's editor finds the whole
 * marker in its text; "next frame" = the reader's first animation frame after that. The typist's
 * own editor is observed too (keystroke → own DOM). Baseline in the same run, after the browsers
 * are closed: the same markers at the same pace, Node client → Node client (Y.Doc to Y.Doc, one
 * process) on the same clause document. Machine busy %, server, Chromium (per process type) and
 * this generator's CPU over the typing window come from /proc, with the generator's event-loop
 * delay and how late it typed against its schedule (its own saturation).
 *
 * Needs client/dist (`pnpm --filter @accord/client build`) and Debian's Chromium. Prints tables and
 * writes bench/results/browser-edit-latency.json.
 * Usage: pnpm --filter @accord/bench browser-edit-latency [markers=100] [intervalMs=200]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { clauseDocumentName } from '@accord/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import * as Y from 'yjs';
import { CHROMIUM, hasChromium, launchChromium } from '../test/support/browser.ts';
import { appendToClause } from '../test/support/clauseText.ts';
import { connectDocument, eventually, type SyncedClient, signIn } from '../test/support/clients.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { cpuMsOf, machineCpu, percentile, statOf } from './procStats.ts';

const MARKERS = Number(process.argv[2] ?? 100);
const INTERVAL_MS = Number(process.argv[3] ?? 200);
const WARM_UP = 5;
const CONSULTATION = 'lmec-2017';
// Clause 4.3 is the third cooperative principle of the demo framework.
const CLAUSE_ID = 'principle-3';
const CLAUSE_EN = 'Clause 4.3 — English';
const TYPIST = 'delegate.china@lmec.org';
const READER = 'delegate.laos@lmec.org';
const PASSWORD = 'accord-demo';
const CLIENT_INDEX = path.join(import.meta.dirname, '../client/dist/index.html');
const LOOP_RESOLUTION_MS = 1;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (ms: number, digits = 1) => +ms.toFixed(digits);

function summary(what: string, latencies: number[], expected: number) {
  const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    what,
    received: `${sorted.length}/${expected}`,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

// ---- CPU from /proc -------------------------------------------------------------------------

/**
 * This process's Chromium processes (descendants of it: other people's browsers on the machine are
 * not counted), labelled by Chromium's process type.
 */
function chromiumProcesses(): Map<number, string> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statOf(Number(entry))?.[1]);
    if (!Number.isFinite(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found = new Map<number, string>();
  const queue = [...(children.get(process.pid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    queue.push(...(children.get(pid) ?? []));
    let commandLine: string;
    try {
      // Chromium rewrites its process title: the arguments may be one space-separated string.
      commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (!commandLine.includes('chromium')) continue;
    const type = /--type=(\S+)/.exec(commandLine)?.[1] ?? 'browser';
    const subType = /--utility-sub-type=(\S+)/.exec(commandLine)?.[1]?.split('.').at(-1);
    found.set(pid, subType ? `${type} (${subType})` : type);
  }
  return found;
}

interface CpuSnapshot {
  at: number;
  machine: { busyMs: number; totalMs: number };
  server: number;
  chromium: Map<number, { type: string; ms: number }>;
  generator: NodeJS.CpuUsage;
}
function cpuSnapshot(server: RunningServer, processes: Map<number, string>): CpuSnapshot {
  const chromium = new Map<number, { type: string; ms: number }>();
  for (const [pid, type] of processes) chromium.set(pid, { type, ms: cpuMsOf(pid) });
  return { at: now(), machine: machineCpu(), server: cpuMsOf(server.pid), chromium, generator: process.cpuUsage() };
}

/** CPU use over a window, as % of one core (200% = both cores of a 2-core machine). */
function cpuUse(before: CpuSnapshot, after: CpuSnapshot) {
  const wallMs = after.at - before.at;
  const pct = (ms: number) => round((100 * ms) / wallMs);
  const byType = new Map<string, { processes: number; ms: number }>();
  for (const [pid, { type, ms }] of after.chromium) {
    const used = ms - (before.chromium.get(pid)?.ms ?? 0);
    if (!Number.isFinite(used)) continue;
    const entry = byType.get(type) ?? { processes: 0, ms: 0 };
    byType.set(type, { processes: entry.processes + 1, ms: entry.ms + used });
  }
  const chromiumMs = [...byType.values()].reduce((total, t) => total + t.ms, 0);
  const serverMs = after.server - before.server;
  const generatorMs =
    (after.generator.user - before.generator.user + after.generator.system - before.generator.system) / 1000;
  const machineBusyMs = after.machine.busyMs - before.machine.busyMs;
  const machineTotalMs = after.machine.totalMs - before.machine.totalMs;
  return {
    wallMs: Math.round(wallMs),
    machineBusyPct: round((100 * machineBusyMs) / machineTotalMs),
    /** % of one core, per process group; "other" = everything else on the machine (other people's work). */
    coresPct: {
      server: pct(serverMs),
      chromium: pct(chromiumMs),
      ...Object.fromEntries(
        [...byType]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([type, t]) => [`chromium ${type}${t.processes > 1 ? ` ×${t.processes}` : ''}`, pct(t.ms)]),
      ),
      generator: pct(generatorMs),
      other: pct(machineBusyMs - serverMs - chromiumMs - generatorMs),
      'machine (all processes)': pct(machineBusyMs),
    },
  };
}

// ---- the browsers ---------------------------------------------------------------------------

/** The renderer process of `page`: the one whose CPU time grows while the page spins for 300 ms. */
async function rendererOf(page: Page, processes: Map<number, string>): Promise<number> {
  const renderers = [...processes].filter(([, type]) => type === 'renderer').map(([pid]) => pid);
  const before = renderers.map((pid) => cpuMsOf(pid));
  await page.evaluate(() => {
    const end = performance.now() + 300;
    while (performance.now() < end) {}
  });
  const grew = renderers.map((pid, i) => cpuMsOf(pid) - (before[i] ?? 0));
  const busiest = grew.indexOf(Math.max(...grew));
  if (!((grew[busiest] ?? 0) >= 150)) throw new Error(`no renderer spun for the page: ${grew.join(', ')} ms`);
  return renderers[busiest] as number;
}

/** What the instrumented pages keep, on `window.__bench`. */
interface BenchState {
  /** Marker number → when its whole text first appeared in this page's editor. */
  seen: Record<string, number>;
  /** Marker number → the first animation frame after that. */
  frames: Record<string, number>;
  /** `keydown` of "]" in this page, in order: the moment each marker's last key was pressed. */
  keydowns: number[];
}
type BenchWindow = Window & { __bench: BenchState };

async function signInAs(browser: Browser, serverUrl: string, email: string): Promise<{ page: Page; editor: Locator }> {
  // A context per person: separate cookies, as separate browsers would have.
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(serverUrl);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const editor = page.getByRole('textbox', { name: CLAUSE_EN });
  await editor.waitFor();
  await page.getByRole('status').getByText('Connected — all changes saved').waitFor({ timeout: 30_000 });
  await page.getByRole('group', { name: 'Clause 4.3', exact: true }).scrollIntoViewIfNeeded();
  return { page, editor };
}

/**
 * Observes the editor for markers " [n]" and records "]" keydowns. Only anonymous inline callbacks
 * in here: tsx compiles with esbuild's keepNames, whose `__name` helper does not exist in the page.
 */
function instrument(editor: Locator): Promise<void> {
  return editor.evaluate((element) => {
    const state: BenchState = { seen: {}, frames: {}, keydowns: [] };
    (window as unknown as BenchWindow).__bench = state;
    new MutationObserver(() => {
      const at = performance.timeOrigin + performance.now();
      for (const match of (element.textContent ?? '').matchAll(/\[(\d+)\]/g)) {
        const n = match[1] as string;
        if (n in state.seen) continue;
        state.seen[n] = at;
        requestAnimationFrame(() => {
          state.frames[n] = performance.timeOrigin + performance.now();
        });
      }
    }).observe(element, { subtree: true, childList: true, characterData: true });
    window.addEventListener(
      'keydown',
      (event) => {
        if (event.key === ']') state.keydowns.push(performance.timeOrigin + performance.now());
      },
      true,
    );
  });
}
const benchState = (page: Page) => page.evaluate(() => (window as unknown as BenchWindow).__bench);

/** Types " [first]" … " [first+count-1]" one every INTERVAL_MS; returns how late each was started. */
async function typeMarkers(page: Page, first: number, count: number): Promise<{ lateMs: number[]; typeMs: number[] }> {
  const lateMs: number[] = [];
  const typeMs: number[] = [];
  const start = performance.now() + INTERVAL_MS;
  for (let i = 0; i < count; i++) {
    const due = start + i * INTERVAL_MS;
    await sleep(due - performance.now());
    const began = performance.now();
    lateMs.push(Math.max(0, began - due));
    await page.keyboard.type(` [${first + i}]`);
    typeMs.push(performance.now() - began);
  }
  return { lateMs, typeMs };
}

async function browserRun(server: RunningServer, browser: Browser) {
  const typist = await signInAs(browser, server.url, TYPIST);
  const reader = await signInAs(browser, server.url, READER);
  await instrument(typist.editor);
  await instrument(reader.editor);
  await typist.editor.click();
  await typist.page.keyboard.press('Control+End');

  // Warm-up markers (numbered past the measured ones), then forget them.
  const warmFirst = MARKERS + 1000;
  await typeMarkers(typist.page, warmFirst, WARM_UP);
  await eventually(
    async () => String(warmFirst + WARM_UP - 1) in (await benchState(reader.page)).seen,
    'the warm-up markers on the reader',
  );
  await typist.page.evaluate(() => {
    (window as unknown as BenchWindow).__bench.keydowns.length = 0;
  });
  const visibility = await Promise.all(
    [typist.page, reader.page].map((p) => p.evaluate(() => document.visibilityState)),
  );

  const processes = chromiumProcesses();
  for (const [role, { page }] of Object.entries({ typist, reader })) {
    processes.set(await rendererOf(page, processes), `renderer (${role} page)`);
  }
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const before = cpuSnapshot(server, processes);
  const pacing = await typeMarkers(typist.page, 0, MARKERS);
  await eventually(
    async () => Object.keys((await benchState(reader.page)).seen).length >= MARKERS + WARM_UP,
    'every marker on the reader',
    10_000,
  ).catch((error: Error) => console.warn(error.message));
  const after = cpuSnapshot(server, processes);
  loopDelay.disable();

  const sent = await benchState(typist.page);
  const received = await benchState(reader.page);
  if (sent.keydowns.length !== MARKERS) {
    throw new Error(`expected ${MARKERS} "]" keydowns in the typist's page, got ${sent.keydowns.length}`);
  }
  const since = (record: Record<string, number>) => sent.keydowns.map((t, n) => (record[n] ?? NaN) - t);
  const sortedLate = [...pacing.lateMs].sort((a, b) => a - b);
  const sortedType = [...pacing.typeMs].sort((a, b) => a - b);
  return {
    visibility,
    latency: [
      summary('browser: keystroke → other page DOM', since(received.seen), MARKERS),
      summary('browser: keystroke → other page next frame', since(received.frames), MARKERS),
      summary('browser: keystroke → own page DOM', since(sent.seen), MARKERS),
    ],
    cpu: cpuUse(before, after),
    generator: {
      // The histogram holds whole timer intervals: the sampling period is not delay.
      eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      typedLateP50Ms: round(percentile(sortedLate, 50)),
      typedLateMaxMs: round(sortedLate.at(-1) ?? NaN),
      typeMarkerP50Ms: round(percentile(sortedType, 50)),
      typeMarkerMaxMs: round(sortedType.at(-1) ?? NaN),
    },
  };
}

// ---- the baseline: Node client → Node client -----------------------------------------------

async function nodeRun(server: RunningServer) {
  const name = clauseDocumentName(CONSULTATION, CLAUSE_ID, 'en');
  const clients: SyncedClient[] = [];
  try {
    const typist = connectDocument(server.url, await signIn(server.url, TYPIST), name);
    clients.push(typist);
    const reader = connectDocument(server.url, await signIn(server.url, READER), name, { awareness: false });
    clients.push(reader);
    await Promise.all([typist.synced, reader.synced]);
    // Node markers " [N-n]" cannot be mistaken for the browsers' " [n]" already in the text.
    const sentAt: number[] = [];
    const seenAt: number[] = [];
    let scanned = 0;
    reader.doc.on('update', () => {
      const at = now();
      const text = reader.doc.get('root', Y.XmlText).toString();
      while (scanned < sentAt.length && text.includes(` [N-${scanned}]`)) seenAt[scanned++] = at;
    });
    const start = performance.now() + INTERVAL_MS;
    for (let n = 0; n < MARKERS; n++) {
      await sleep(start + n * INTERVAL_MS - performance.now());
      sentAt.push(now());
      appendToClause(typist.doc, ` [N-${n}]`);
    }
    await eventually(() => scanned >= MARKERS, 'every Node marker', 10_000).catch((error: Error) =>
      console.warn(error.message),
    );
    return summary(
      'node: edit → other client Y.Doc',
      sentAt.map((t, n) => (seenAt[n] ?? NaN) - t),
      MARKERS,
    );
  } finally {
    for (const client of clients) client.destroy();
  }
}

async function main() {
  if (!hasChromium()) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  if (!fs.existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `pnpm --filter @accord/client build`');
  const clientBuilt = fs.statSync(CLIENT_INDEX).mtime.toISOString();

  const server = await startServer({ dataDir: freshDataDir() });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const browsers = await browserRun(server, browser);
    // Browsers first: their open sockets would otherwise keep a stopping server waiting.
    await browser.close();
    browser = undefined;
    const node = await nodeRun(server);

    const results = {
      machine: `${process.platform} ${process.arch}, node ${process.version}, ${os.cpus().length} cores`,
      chromium: CHROMIUM,
      clientDistBuilt: clientBuilt,
      markers: MARKERS,
      intervalMs: INTERVAL_MS,
      pageVisibility: browsers.visibility,
      latency: [...browsers.latency, node],
      typingWindowCpu: browsers.cpu,
      generator: browsers.generator,
    };
    console.log(
      `${MARKERS} markers, one every ${INTERVAL_MS} ms; ${results.machine}; client/dist built ${clientBuilt}`,
    );
    console.table(results.latency);
    console.log(
      `Typing window ${browsers.cpu.wallMs} ms: machine ${browsers.cpu.machineBusyPct}% busy; ` +
        'CPU as % of one core:',
    );
    console.table(browsers.cpu.coresPct);
    console.log('Generator (this process):', browsers.generator);
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(import.meta.dirname, 'results', 'browser-edit-latency.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    await browser?.close();
    await server.kill();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
