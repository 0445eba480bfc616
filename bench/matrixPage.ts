/**
 * How long the comments matrix page takes to show its rows in Chromium, against the framework
 * page (to "all changes saved") in the same run as the baseline: the demo's 13 threads, then
 * with `extra` more threads posted through the API (default 500, spread over the clauses).
 * Each load is a fresh browser context with the signed-in session; time is from navigation
 * start to the moment the table holds every row (read in the page, one clock).
 * Prints a table and writes bench/results/matrix-page.json. Usage: pnpm matrix-page [runs] [extra]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConsultationResponse } from '@accord/shared';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiClient } from '../test/support/api.ts';
import { launchChromium } from '../test/support/browser.ts';
import { signIn } from '../test/support/clients.ts';
import { freshDataDir, startServer } from '../test/support/server.ts';
import { cpuMsOf, percentile } from './procStats.ts';

const RUNS = Number(process.argv[2] ?? 10);
const EXTRA = Number(process.argv[3] ?? 500);
const CONSULTATION = 'lmec-2017';
const VIEWPORT = { width: 1440, height: 900 };
type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Milliseconds from navigation start until `ready()` holds in the page. */
/** What "loaded" means: the framework's "all changes saved", or the matrix holding `rows` rows. */
type Ready = { saved: true } | { rows: number };

async function loadTime(browser: Browser, session: Session, url: string, ready: Ready): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState: session });
  try {
    const page = await context.newPage();
    await page.goto(url);
    // The check runs in the page on every animation frame: performance.now() is its own clock.
    const handle = await page.waitForFunction(
      (want) => {
        const done =
          'saved' in want
            ? document.querySelector('.connection-status')?.textContent?.includes('all changes saved')
            : document.querySelectorAll('tr.matrix-row').length >= want.rows;
        return done ? performance.now() : false;
      },
      ready,
      { timeout: 60_000, polling: 'raf' },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

async function main() {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir });
  const browser = await launchChromium();
  const results: Record<string, unknown>[] = [];
  try {
    const cookie = await signIn(server.url, 'secretariat@lmec.org');
    const [name, value] = cookie.split('=') as [string, string];
    const session: Session = {
      cookies: [
        {
          name,
          value,
          domain: '127.0.0.1',
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [],
    };
    const api = apiClient(server.url, cookie);
    const base = `${server.url}/consultations/${CONSULTATION}`;
    const pages = (rows: number) => [
      {
        page: 'framework (baseline)',
        url: base,
        ready: { saved: true } as Ready,
      },
      {
        page: 'comments matrix',
        url: `${base}/matrix`,
        ready: { rows } as Ready,
      },
    ];

    const measure = async (scenario: string, rows: number) => {
      for (const { page, url, ready } of pages(rows)) {
        await loadTime(browser, session, url, ready); // warm-up
        const cpuBefore = cpuMsOf(server.pid);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) times.push(await loadTime(browser, session, url, ready));
        const row = {
          scenario,
          page,
          runs: RUNS,
          p50Ms: Math.round(percentile(times, 50)),
          maxMs: Math.round(Math.max(...times)),
          serverCpuMsPerLoad: Math.round((cpuMsOf(server.pid) - cpuBefore) / RUNS),
        };
        results.push(row);
        console.log(row);
      }
    };

    await measure('demo (13 threads)', 13);

    const { body } = await api.get<ConsultationResponse>(`/api/consultations/${CONSULTATION}`);
    const clauses = body.framework.clauses;
    const posters = await Promise.all(
      ['delegate.china@lmec.org', 'delegate.thailand@lmec.org', 'tnc@partners.org'].map(async (email) =>
        apiClient(server.url, await signIn(server.url, email)),
      ),
    );
    for (let i = 0; i < EXTRA; i++) {
      const clause = clauses[i % clauses.length];
      const poster = posters[i % posters.length];
      if (!clause || !poster) continue;
      await poster.post(`/api/consultations/${CONSULTATION}/threads`, {
        clauseId: clause.id,
        kind: i % 3 === 0 ? 'question' : 'comment',
        body: `Benchmark comment ${i}: please consider the wording of this clause with the partners.`,
      });
    }
    await measure(`demo + ${EXTRA} threads`, 13 + EXTRA);

    console.table(results);
    const out = path.resolve(import.meta.dirname, 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'matrix-page.json'),
      JSON.stringify({ runs: RUNS, extra: EXTRA, results }, null, 2),
    );
  } finally {
    await browser.close();
    await server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
