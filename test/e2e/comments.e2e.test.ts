import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';

/**
 * The 2017 consultation replayed in the browser: the Lao PDR delegate proposes new wording for
 * a passage of clause 4.3, the secretariat (another browser) sees it arrive live, accepts and
 * applies it, and the delegate watches the clause change; the matrix shows the row and exports
 * it. Elements are found by role and accessible name.
 */

const WAIT = { timeout: 10_000 };
const CLAUSE_EN = 'Clause 4.3 — English';
const PASSAGE = 'sharing and mutual benefit';
const WORDING = 'access and benefit-sharing on a basis of mutual understanding';
const REASON = 'As agreed with our ministry in Vientiane, September 2017.';

const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('comments, responses and the matrix in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    return signInThroughForm(context, app.server.url, email);
  }

  /** Selects `needle` inside an editor, as a mouse drag over it would. */
  async function select(page: Page, editorName: string, needle: string): Promise<void> {
    const editor = page.getByRole('textbox', { name: editorName });
    await editor.evaluate((root, text) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? '').indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        return;
      }
      throw new Error(`"${text}" is not in the editor`);
    }, needle);
  }

  const clauseRow = (page: Page) => page.getByRole('group', { name: 'Clause 4.3', exact: true });
  const panel = (page: Page) => page.getByRole('complementary', { name: 'Comments on clause 4.3' });
  const ourThread = (page: Page): Locator => panel(page).getByRole('article').filter({ hasText: REASON });

  it('replays Lao PDR’s proposal for clause 4.3: proposed, seen live, accepted, applied, in the matrix, exported', async () => {
    const secretariat = await signInAs('secretariat@lmec.org');
    await clauseRow(secretariat)
      .getByRole('button', { name: /comments? on clause 4\.3/ })
      .click();
    await panel(secretariat).waitFor(WAIT);

    const laos = await signInAs('delegate.laos@lmec.org');
    await select(laos, CLAUSE_EN, PASSAGE);
    await clauseRow(laos).getByRole('button', { name: 'Comment on selection' }).click();
    const form = panel(laos);
    await form.getByRole('radio', { name: 'Proposed wording' }).check();
    await form.getByRole('radio', { name: 'Replace the passage' }).check();
    await form.getByLabel('New wording').fill(WORDING);
    await form.getByLabel('Reason for the change').fill(REASON);
    await form.getByRole('button', { name: 'Post comment' }).click();
    await ourThread(laos).waitFor(WAIT);

    // The secretariat's open panel shows it without a reload, with author and stakeholder.
    const seen = ourThread(secretariat);
    await seen.waitFor(WAIT);
    expect(await seen.textContent()).toContain('Khamla Phommachanh');
    expect(await seen.textContent()).toContain('Lao PDR');
    expect(await seen.textContent()).toContain(PASSAGE);

    await seen.getByRole('button', { name: 'Respond' }).click();
    await seen.getByLabel('Response status').selectOption({ label: 'Accepted' });
    await seen
      .getByLabel('Explanation in English')
      .fill('Accepted: the principle now names access and benefit-sharing.');
    await seen.getByLabel('Explanation in Chinese').fill('采纳');
    await seen.getByRole('button', { name: 'Save response' }).click();
    await seen.getByRole('button', { name: 'Apply the wording to the text' }).click();

    // The delegate sees the clause text change and the response, live.
    const laosClause = laos.getByRole('textbox', { name: CLAUSE_EN });
    await expect
      .poll(() => laosClause.textContent(), WAIT)
      .toBe(`Following the principles of joint construction, ${WORDING}`);
    await expect.poll(async () => (await ourThread(laos).textContent()) ?? '', WAIT).toContain('Accepted');
    await expect.poll(async () => (await ourThread(laos).textContent()) ?? '', WAIT).toContain('Chen Jing');

    // The matrix page shows the row, and its XLSX export holds it.
    await secretariat.getByRole('link', { name: 'Comments matrix' }).first().click();
    const row = secretariat.getByRole('row').filter({ hasText: REASON });
    await row.waitFor(WAIT);
    expect(await row.textContent()).toContain('4.3');
    expect(await row.textContent()).toContain('Accepted');
    const [download] = await Promise.all([
      secretariat.waitForEvent('download', WAIT),
      secretariat.getByRole('link', { name: 'Download the matrix as Excel (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    if (sheet === undefined) throw new Error('the workbook has no worksheet');
    const cells = (sheet.getSheetValues() as unknown[][])
      .flatMap((r) => (r ?? []).map((c) => String(c ?? '')))
      .join('\n');
    expect(cells).toContain(REASON);
    expect(cells).toContain(WORDING);
    expect(cells).toContain('Lao PDR');
  });

  it('shows a comment the secretariat hid as a placeholder to the delegate, live', async () => {
    const laos = await signInAs('delegate.laos@lmec.org');
    await clauseRow(laos)
      .getByRole('button', { name: /comments? on clause 4\.3/ })
      .click();
    const delegateCard = ourThread(laos);
    await delegateCard.waitFor(WAIT);

    const secretariat = await signInAs('secretariat@lmec.org');
    await clauseRow(secretariat)
      .getByRole('button', { name: /comments? on clause 4\.3/ })
      .click();
    const card = ourThread(secretariat);
    await card.getByRole('button', { name: 'Hide' }).first().click();
    await card.getByLabel('Reason for hiding').fill('Names a person');
    await card.getByRole('button', { name: 'Hide comment' }).click();

    await expect.poll(async () => (await panel(laos).textContent()) ?? '', WAIT).toContain('Hidden by the secretariat');
    expect(await panel(laos).textContent()).not.toContain(REASON);
    expect(await panel(laos).textContent()).not.toContain('Names a person');
    // The secretariat still reads it, with the reason.
    expect(await panel(secretariat).textContent()).toContain(REASON);
    expect(await panel(secretariat).textContent()).toContain('Names a person');
  });

  it('opens a thread from a click on its highlighted passage, leaving the caret in the text; locks with a reason', async () => {
    const secretariat = await signInAs('secretariat@lmec.org');
    const editor = secretariat.getByRole('textbox', { name: 'Clause 1.1 — English' });
    // Below the "since your last visit" summary: scroll to it, as a person would.
    await editor.scrollIntoViewIfNeeded();
    // The middle of the passage Lao PDR's 2017 comment targets (highlighted by the demo thread).
    const point = await editor.evaluate((root, text) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = (node.textContent ?? '').indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at + 5);
        range.setEnd(node, at + 6);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      throw new Error(`"${text}" is not in the editor`);
    }, '2030 Sustainable Development Agenda');
    await secretariat.mouse.click(point.x, point.y);

    const clausePanel = secretariat.getByRole('complementary', { name: 'Comments on clause 1.1' });
    const card = clausePanel.getByRole('article').filter({ hasText: 'name the 2030 Agenda in full' });
    await card.waitFor(WAIT);
    // Focus stayed in the editor: a delegate clicking to type keeps typing there.
    expect(await editor.evaluate((root) => root.contains(document.activeElement))).toBe(true);

    await card.getByRole('button', { name: 'Lock', exact: true }).click();
    await card.getByLabel('Reason (optional)').fill('Settled at the Beijing workshop');
    await card.getByRole('button', { name: 'Lock thread' }).click();
    await card.getByRole('button', { name: 'Unlock', exact: true }).waitFor(WAIT);
    const audit = (await (
      await secretariat.request.get(`${app.server.url}/api/consultations/lmec-2017/audit`)
    ).json()) as { entries: { action: string; reason: string | null }[] };
    expect(audit.entries[0]).toMatchObject({ action: 'thread.lock', reason: 'Settled at the Beijing workshop' });
  });
});
