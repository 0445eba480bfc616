import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { freshDataDir, type RunningServer, startServer } from './server.ts';

/** Debian's Chromium: the end-to-end tests and the browser benchmarks drive it headless. */
export const CHROMIUM = '/usr/bin/chromium';

export const hasChromium = (): boolean => fs.existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * Whether a browser suite skips: outside CI a machine without Debian's Chromium skips it, and
 * says so once (`SKIPPED <what>: …`); under CI=true it runs, and fails without Chromium.
 */
export function skipWithoutChromium(what: string): boolean {
  const skip = !hasChromium() && process.env.CI !== 'true';
  if (skip) console.warn(`SKIPPED ${what}: ${CHROMIUM} is missing (apt-get install chromium)`);
  return skip;
}

const CLIENT_INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist/index.html');

export interface ServerAndBrowser {
  /** The server; a test that restarts it on `dataDir` puts the new one here, for `close`. */
  server: RunningServer;
  browser: Browser;
  /** The server's data folder, removed by `close`. */
  dataDir: string;
  /** Closes the browser, kills the server and removes its data folder. */
  close(): Promise<void>;
}

/**
 * The real server (child process, serving the built client) on a fresh data folder, and a
 * headless Chromium: what a browser suite starts in `beforeAll` and closes in `afterAll`.
 */
export async function startServerAndBrowser(): Promise<ServerAndBrowser> {
  if (!fs.existsSync(CLIENT_INDEX)) {
    throw new Error('client/dist is missing: run `pnpm --filter @accord/client build` first');
  }
  const dataDir = freshDataDir();
  let server: RunningServer | undefined;
  try {
    server = await startServer({ dataDir });
    const browser = await launchChromium();
    const running: ServerAndBrowser = {
      server,
      browser,
      dataDir,
      async close() {
        // Browsers first: their open sockets would otherwise keep a stopping server waiting.
        await browser.close();
        await running.server.kill();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
    return running;
  } catch (error) {
    await server?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The demo's password for every person. */
export const DEMO_PASSWORD = 'accord-demo';

/** Fills in the sign-in form on `page` by its labels, as a person would, and submits it. */
export async function submitSignInForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Opens `url` (in a new page when given a context), signs in as `email` through the form, and
 * waits for the consultation page: the English editor of clause 4.3, found by its name.
 */
export async function signInThroughForm(target: Page | BrowserContext, url: string, email: string): Promise<Page> {
  const page = 'newPage' in target ? await target.newPage() : target;
  await page.goto(url);
  await submitSignInForm(page, email);
  await page.getByRole('textbox', { name: 'Clause 4.3 — English' }).waitFor();
  return page;
}
