/**
 * Awareness traffic of the consultation page, measured in real browsers against the real server:
 * DELEGATES people (one headless Chromium context each) open the demo framework; one of them
 * puts the caret in clause 4.3 (English) and stays there, the others only read. For WINDOW
 * seconds, each page's WebSocket frames are read through the DevTools protocol and the
 * Hocuspocus awareness messages counted, by document kind (presence, clause). What the pages send
 * is what the server receives; what they receive is the server's broadcast.
 * Needs client/dist (`pnpm --filter @accord/client build`) and Debian's Chromium.
 * Usage: pnpm --filter @accord/bench awareness-traffic [seconds=20] [delegates=3]
 */
import fs from 'node:fs';
import { parseDocumentName } from '@accord/shared';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/support/browser.ts';
import { freshDataDir, startServer } from '../test/support/server.ts';
import { documentNameOf, readHeader } from './scaleWire.ts';

const WINDOW_S = Number(process.argv[2] ?? 20);
const DELEGATES = ['delegate.china@lmec.org', 'delegate.laos@lmec.org', 'delegate.vietnam@lmec.org'].slice(
  0,
  Number(process.argv[3] ?? 3),
);
const CLAUSE_EN = 'Clause 4.3 — English';
const MESSAGE_AWARENESS = 1; // Hocuspocus MessageType.Awareness

interface Counts {
  presence: number;
  clause: number;
}
interface Traffic {
  sent: Counts;
  received: Counts;
  documents: Set<string>;
}

/** Counts the page's awareness frames while `counting()` says so; records every document it opens. */
async function watchFrames(page: Page, counting: () => boolean): Promise<Traffic> {
  const traffic: Traffic = {
    sent: { presence: 0, clause: 0 },
    received: { presence: 0, clause: 0 },
    documents: new Set(),
  };
  const cdp = await page.context().newCDPSession(page);
  const onFrame =
    (direction: 'sent' | 'received') => (event: { response: { opcode: number; payloadData: string } }) => {
      if (event.response.opcode !== 2) return; // Hocuspocus speaks binary frames only
      const bytes = Buffer.from(event.response.payloadData, 'base64');
      const header = readHeader(bytes);
      if (header === null) return;
      const documentName = documentNameOf(bytes, header);
      if (direction === 'sent') traffic.documents.add(documentName);
      if (!counting() || header.type !== MESSAGE_AWARENESS) return;
      const kind = parseDocumentName(documentName)?.kind;
      if (kind !== undefined) traffic[direction][kind] += 1;
    };
  cdp.on('Network.webSocketFrameSent', onFrame('sent'));
  cdp.on('Network.webSocketFrameReceived', onFrame('received'));
  await cdp.send('Network.enable');
  return traffic;
}

async function main() {
  const server = await startServer({ dataDir: freshDataDir() });
  const browser = await launchChromium();
  let counting = false;
  const pages: { email: string; page: Page; traffic: Traffic }[] = [];
  try {
    for (const email of DELEGATES) {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const traffic = await watchFrames(page, () => counting);
      await page.goto(server.url);
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill('accord-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('textbox', { name: CLAUSE_EN }).waitFor();
      await page.getByRole('status').getByText('Connected — all changes saved').waitFor({ timeout: 30_000 });
      pages.push({ email, page, traffic });
    }
    // The first delegate has the caret in a clause: the one editor on the page that has a cursor to show.
    const typist = pages[0]?.page;
    await typist?.getByRole('textbox', { name: CLAUSE_EN }).click();
    await new Promise((r) => setTimeout(r, 1000));

    counting = true;
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    counting = false;

    const rows = pages.map(({ email, traffic }) => ({
      delegate: email,
      documents: traffic.documents.size,
      sentPresence: traffic.sent.presence,
      sentClause: traffic.sent.clause,
      receivedPresence: traffic.received.presence,
      receivedClause: traffic.received.clause,
    }));
    const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + pick(r), 0);
    console.log(
      `Awareness messages in ${WINDOW_S} s, ${rows.length} delegates on the demo page, one caret in a clause:`,
    );
    console.table(rows);
    console.log(
      `server received ${sum((r) => r.sentPresence + r.sentClause)} (clause documents: ${sum((r) => r.sentClause)}), ` +
        `pages received ${sum((r) => r.receivedPresence + r.receivedClause)} (clause documents: ${sum((r) => r.receivedClause)})`,
    );
  } finally {
    await browser.close();
    await server.kill();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
