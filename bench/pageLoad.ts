/**
 * Opening the consultation page, in headless Chromium against the real server (a child process on a
 * fresh data folder). A delegate signs in through the form once; then RUNS fresh browser contexts
 * (the session cookie and nothing else: no HTTP cache, no warm renderer) each navigate to the
 * consultation and are watched until SETTLE_MS after the status reads "Connected — all changes
 * saved". With --large, a synthetic 300-clause bilingual framework (601 documents, as in
 * bench/skeleton.ts) is written into the store first and opened instead of the demo.
 *
 * Per run: documents the page authenticated on its WebSocket (Hocuspocus Auth messages sent) and
 * synced (sync step 2 received), live clause editors (textboxes named "Clause …"), times from
 * navigation start (the page's `performance.now()`) to the first Auth message, to the "saved" status
 * (a MutationObserver: no polling delay) and to the last document synced; the renderer's main-thread
 * busy and script time, JS heap and DOM nodes (DevTools `Performance.getMetrics`, cumulative since
 * the context opened, read at the end of the settle window); the CPU time of the server and of all
 * Chromium processes from navigation to the end of the settle window, and the machine's busy % (of
 * all cores) from navigation to "saved", in all and by processes not this benchmark's (/proc), so a
 * saturated or shared machine shows. The same machine figures over all runs are printed last.
 *
 * Needs client/dist (`pnpm --filter @accord/client build`) and Debian's Chromium. Prints tables and
 * writes bench/results/page-load.json (page-load-large.json with --large).
 * Usage: pnpm --filter @accord/bench page-load [runs=5] [--large]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGES } from '@accord/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../test/support/browser.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { addLargeFramework, LARGE_CLAUSES, LARGE_CONSULTATION } from './largeFramework.ts';
import { cpuMsOf, machineCpu, median, statOf } from './procStats.ts';

const ARGS = process.argv.slice(2);
const LARGE = ARGS.includes('--large');
const RUNS = Number(ARGS.find((a) => !a.startsWith('--')) ?? 5);
const CONSULTATION = LARGE ? LARGE_CONSULTATION : 'lmec-2017';
const DELEGATE = 'delegate.china@lmec.org';
const PASSWORD = 'accord-demo';
const SAVED = 'Connected — all changes saved';
/** How long a run keeps watching after "saved": documents still opening, editors still mounting. */
const SETTLE_MS = 2000;
const VIEWPORT = { width: 1280, height: 900 };
const CLIENT_INDEX = path.join(import.meta.dirname, '../client/dist/index.html');

const round = (n: number, digits = 0) => +n.toFixed(digits);

// ---- CPU from /proc -------------------------------------------------------------------------

/** CPU time so far of this process and all its descendants (the server, Chromium), by pid. */
function ourCpu(): Map<number, number> {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statOf(Number(entry))?.[1]);
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found = new Map<number, number>();
  const queue = [process.pid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    queue.push(...(children.get(pid) ?? []));
    const ms = cpuMsOf(pid, { withExitedChildren: true });
    if (Number.isFinite(ms)) found.set(pid, ms);
  }
  return found;
}

interface CpuSnapshot {
  machine: ReturnType<typeof machineCpu>;
  ours: Map<number, number>;
}
const cpuSnapshot = (): CpuSnapshot => ({ machine: machineCpu(), ours: ourCpu() });

/**
 * CPU over a window: Chromium's (every process of this benchmark but itself and the server), and
 * the machine's busy % split into this benchmark's and everyone else's (of all cores).
 */
function cpuUse(before: CpuSnapshot, after: CpuSnapshot, serverPid: number) {
  const used = (pid: number) => (after.ours.get(pid) ?? 0) - (before.ours.get(pid) ?? 0);
  let oursMs = 0;
  for (const pid of after.ours.keys()) oursMs += used(pid);
  // A process gone since `before` had its whole CPU time moved into its parent's: count it once.
  for (const [pid, ms] of before.ours) if (!after.ours.has(pid)) oursMs -= ms;
  const busyMs = after.machine.busyMs - before.machine.busyMs;
  const totalMs = after.machine.totalMs - before.machine.totalMs;
  return {
    serverCpuMs: used(serverPid),
    browserCpuMs: oursMs - used(serverPid) - used(process.pid),
    machineBusyPct: round((100 * busyMs) / totalMs, 1),
    otherBusyPct: round((100 * Math.max(0, busyMs - oursMs)) / totalMs, 1),
  };
}

// ---- the page -------------------------------------------------------------------------------

/** What the instrumented page keeps, on `window.__pageLoad`; times are the page's `performance.now()`. */
interface PageLoadState {
  savedAt: number | null;
  /** Document name → when the page sent its Auth message. */
  authenticated: Record<string, number>;
  /** Document name → when the page received its sync step 2. */
  synced: Record<string, number>;
}
type PageLoadWindow = Window & { __pageLoad: PageLoadState };

/**
 * Runs in the page before its own scripts: wraps WebSocket to read the start of every Hocuspocus
 * message (lib0 varString document name, varUint type, for sync messages varUint step) and watches
 * the connection status. No named inner functions or arrows bound to names in here: tsx compiles
 * with esbuild's keepNames, whose `__name` helper does not exist in the page.
 */
function instrument(savedText: string): void {
  const state: PageLoadState = { savedAt: null, authenticated: {}, synced: {} };
  (window as unknown as PageLoadWindow).__pageLoad = state;
  const protocol = {
    header(data: unknown): { name: string; type: number; step: number } | null {
      let bytes: Uint8Array;
      if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
      else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      else return null;
      let pos = 0;
      const read = {
        varUint(): number {
          let value = 0;
          for (let shift = 0; pos < bytes.length; shift += 7) {
            const byte = bytes[pos++] as number;
            value += (byte & 0x7f) * 2 ** shift;
            if (byte < 0x80) return value;
          }
          return -1;
        },
      };
      const length = read.varUint();
      if (length < 0 || pos + length > bytes.length) return null;
      const name = new TextDecoder().decode(bytes.subarray(pos, pos + length));
      pos += length;
      const type = read.varUint();
      return { name, type, step: type === 0 ? read.varUint() : -1 };
    },
  };
  const MESSAGE_SYNC = 0;
  const SYNC_STEP_2 = 1;
  const MESSAGE_AUTH = 2;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
    const header = protocol.header(data);
    if (header?.type === MESSAGE_AUTH && !(header.name in state.authenticated)) {
      state.authenticated[header.name] = performance.now();
    }
    send.call(this, data);
  };
  window.WebSocket = new Proxy(WebSocket, {
    construct(target, args: ConstructorParameters<typeof WebSocket>) {
      const socket = new target(...args);
      socket.addEventListener('message', (event) => {
        const header = protocol.header(event.data);
        if (header?.type === MESSAGE_SYNC && header.step === SYNC_STEP_2 && !(header.name in state.synced)) {
          state.synced[header.name] = performance.now();
        }
      });
      return socket;
    },
  });
  new MutationObserver((_, observer) => {
    if (document.querySelector('.connection-status')?.textContent !== savedText) return;
    state.savedAt = performance.now();
    observer.disconnect();
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** Signs in through the form on the consultation's address; returns the session, for fresh contexts. */
async function signInThroughForm(browser: Browser, consultationUrl: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(consultationUrl);
    await page.getByLabel('Email', { exact: true }).fill(DELEGATE);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').getByText(SAVED).waitFor({ timeout: 60_000 });
    return await context.storageState();
  } finally {
    await context.close();
  }
}

async function measureRun(
  browser: Browser,
  server: RunningServer,
  consultationUrl: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
) {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState });
  try {
    const page: Page = await context.newPage();
    await page.addInitScript(instrument, SAVED);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = cpuSnapshot();
    await page.goto(consultationUrl);
    await page.waitForFunction(() => (window as unknown as PageLoadWindow).__pageLoad.savedAt !== null, null, {
      timeout: 60_000,
    });
    const loaded = cpuSnapshot();
    await page.waitForTimeout(SETTLE_MS);
    const settled = cpuSnapshot();
    const state = await page.evaluate(() => (window as unknown as PageLoadWindow).__pageLoad);
    const editors = await page.getByRole('textbox', { name: /^Clause / }).count();
    const { metrics } = await cdp.send('Performance.getMetrics');
    const loading = cpuUse(before, loaded, server.pid);
    const cpu = cpuUse(before, settled, server.pid);
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const authTimes = Object.values(state.authenticated);
    const syncTimes = Object.values(state.synced);
    return {
      savedMs: round(state.savedAt ?? NaN),
      firstAuthMs: round(Math.min(...authTimes)),
      lastSyncedMs: round(Math.max(...syncTimes)),
      documentsAuthenticated: authTimes.length,
      documentsSynced: syncTimes.length,
      liveEditors: editors,
      mainThreadBusyMs: round(metric('TaskDuration') * 1000),
      scriptMs: round(metric('ScriptDuration') * 1000),
      jsHeapMB: round(metric('JSHeapUsedSize') / 2 ** 20, 1),
      domNodes: metric('Nodes'),
      serverCpuMs: cpu.serverCpuMs,
      browserCpuMs: cpu.browserCpuMs,
      loadingBusyPct: loading.machineBusyPct,
      loadingOtherBusyPct: loading.otherBusyPct,
    };
  } finally {
    await context.close();
  }
}
type Run = Awaited<ReturnType<typeof measureRun>>;

async function main() {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`runs must be a positive integer, not ${ARGS.join(' ')}`);
  if (!hasChromium()) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  if (!fs.existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `pnpm --filter @accord/client build`');
  const clientBuilt = fs.statSync(CLIENT_INDEX).mtime.toISOString();

  const dataDir = freshDataDir();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    if (LARGE) await addLargeFramework(dataDir, LARGE_CLAUSES);
    server = await startServer({ dataDir });
    const consultationUrl = `${server.url}/consultations/${encodeURIComponent(CONSULTATION)}`;
    browser = await launchChromium();
    const storageState = await signInThroughForm(browser, consultationUrl);
    const cookie = storageState.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const { framework } = (await (
      await fetch(`${server.url}/api/consultations/${encodeURIComponent(CONSULTATION)}`, { headers: { cookie } })
    ).json()) as { framework: { clauses: unknown[] } };
    // Each clause in each language, and the presence document.
    const documents = framework.clauses.length * LANGUAGES.length + 1;

    const runs: Run[] = [];
    const machineBefore = cpuSnapshot();
    const startedAt = performance.now();
    for (let i = 0; i < RUNS; i++) runs.push(await measureRun(browser, server, consultationUrl, storageState));
    const wallMs = round(performance.now() - startedAt);
    const cpu = cpuUse(machineBefore, cpuSnapshot(), server.pid);

    const summary = (Object.keys(runs[0] as Run) as (keyof Run)[]).map((figure) => {
      const values = runs.map((r) => r[figure]);
      return { figure, median: median(values), min: Math.min(...values), max: Math.max(...values) };
    });
    const results = {
      machine: `${process.platform} ${process.arch}, node ${process.version}, ${os.cpus().length} cores`,
      chromium: CHROMIUM,
      clientDistBuilt: clientBuilt,
      consultation: CONSULTATION,
      clauses: framework.clauses.length,
      documents,
      delegate: DELEGATE,
      viewport: VIEWPORT,
      settleMs: SETTLE_MS,
      runs: RUNS,
      /** The whole measuring phase: every run, with opening and closing the contexts. */
      allRuns: { wallMs, ...cpu },
      summary,
      perRun: runs,
    };
    console.log(
      `${CONSULTATION} (${framework.clauses.length} clauses, ${documents} documents), ${RUNS} fresh contexts; ` +
        `${results.machine}; client/dist built ${clientBuilt}`,
    );
    console.table(runs);
    console.table(summary);
    console.log(
      `Over all runs (${wallMs} ms): machine ${cpu.machineBusyPct}% busy of all cores, ` +
        `${cpu.otherBusyPct}% by other processes; server ${cpu.serverCpuMs} ms, Chromium ${cpu.browserCpuMs} ms CPU`,
    );
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(import.meta.dirname, 'results', LARGE ? 'page-load-large.json' : 'page-load.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    // Browsers first: their open sockets would otherwise keep a stopping server waiting.
    await browser?.close();
    await server?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
