import type { SessionResponse } from '@accord/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
  submitSignInForm,
} from '../support/browser.ts';
import { startServer } from '../support/server.ts';

/**
 * The browser client against the real server (child process): people sign in through the form,
 * edit the framework in Lexical editors synced by Yjs, and see each other. Elements are found by
 * role and accessible name, as a screen reader would find them.
 */

const WAIT = { timeout: 10_000 };
// Clause 4.3 is the third cooperative principle of the demo framework.
const CLAUSE_EN = 'Clause 4.3 — English';
const ADDITION = ' — agreed in Vientiane';
const READ_ONLY_ATTEMPT = 'observer was here';
const LAOS_ADDITION = 'As amended: ';
const SECOND_ADDITION = ' (2023)';

// Outside CI a machine without Debian's Chromium skips these tests, and says so; CI must run them.
const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('co-editing in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function newPage(): Promise<Page> {
    // A context per person: separate cookies, as separate browsers would have.
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  async function signInAs(email: string): Promise<Page> {
    return signInThroughForm(await newPage(), app.server.url, email);
  }

  const clauseText = async (page: Page) => (await page.getByRole('textbox', { name: CLAUSE_EN }).textContent()) ?? '';
  const connection = (page: Page) => page.getByRole('status').textContent();

  /** "Name (Stakeholder)": the label the server stamps on a person's cursor. */
  async function cursorLabelOf(page: Page): Promise<string> {
    const response = await page.request.get(`${app.server.url}/api/session`);
    const { person, stakeholder } = (await response.json()) as SessionResponse;
    return stakeholder ? `${person.name} (${stakeholder.name.en})` : person.name;
  }

  it('says so when the password is wrong', async () => {
    const page = await newPage();
    await page.goto(app.server.url);
    await submitSignInForm(page, 'delegate.china@lmec.org', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toBe('Wrong email or password.');
    expect(await page.getByRole('textbox', { name: CLAUSE_EN }).count()).toBe(0);
  });

  it("lets two delegates type into one clause and see each other's text and named cursors, and an observer only read", async () => {
    const china = await signInAs('delegate.china@lmec.org');
    const laos = await signInAs('delegate.laos@lmec.org');
    const observer = await signInAs('observer@lmec.org');
    const original = await clauseText(laos);

    const editor = china.getByRole('textbox', { name: CLAUSE_EN });
    await editor.click();
    await china.keyboard.press('Control+End');
    await china.keyboard.type(ADDITION);

    await expect.poll(() => clauseText(laos), WAIT).toBe(`${original}${ADDITION}`);
    await expect.poll(() => clauseText(observer), WAIT).toBe(`${original}${ADDITION}`);
    await expect.poll(() => connection(china), WAIT).toBe('Connected — all changes saved');

    // The typist's caret, labelled with who they are, shows in the clause for the others.
    const typist = await cursorLabelOf(china);
    const clauseRow = laos.getByRole('group', { name: 'Clause 4.3', exact: true });
    await expect.poll(() => clauseRow.getByText(typist, { exact: true }).isVisible(), WAIT).toBe(true);
    // Only the editor a person is in publishes a cursor: leaving it takes the caret away.
    await editor.blur();
    await expect.poll(() => clauseRow.getByText(typist, { exact: true }).count(), WAIT).toBe(0);

    // And the other way round, at the same time as China types again: both texts merge.
    const laosEditor = laos.getByRole('textbox', { name: CLAUSE_EN });
    await laosEditor.click();
    await laos.keyboard.press('Control+Home');
    await editor.click();
    await china.keyboard.press('Control+End');
    await Promise.all([laos.keyboard.type(LAOS_ADDITION), china.keyboard.type(SECOND_ADDITION)]);
    let merged = `${LAOS_ADDITION}${original}${ADDITION}${SECOND_ADDITION}`;
    await expect.poll(() => clauseText(china), WAIT).toBe(merged);
    await expect.poll(() => clauseText(laos), WAIT).toBe(merged);
    const laosLabel = await cursorLabelOf(laos);
    const chinaRow = china.getByRole('group', { name: 'Clause 4.3', exact: true });
    await expect.poll(() => chinaRow.getByText(laosLabel, { exact: true }).isVisible(), WAIT).toBe(true);
    await laosEditor.blur();
    await editor.blur();

    // In the Chinese interface the caret names the stakeholder in Chinese.
    await laos.getByLabel('Language').selectOption('zh');
    await editor.click();
    await china.keyboard.press('Control+End');
    await china.keyboard.type('.');
    const chinaRowInChinese = laos.getByRole('group', { name: '第 4.3 条' });
    await expect
      .poll(() => chinaRowInChinese.getByText('Wang Fang（中国）', { exact: true }).isVisible(), WAIT)
      .toBe(true);
    await editor.blur();
    await laos.getByLabel('语言').selectOption('en');
    merged += '.';

    // The observer can read, but not write: the editor says so, and typing changes nothing.
    const readOnly = observer.getByRole('textbox', { name: CLAUSE_EN });
    expect(await readOnly.getAttribute('aria-readonly')).toBe('true');
    await readOnly.click();
    await observer.keyboard.type(READ_ONLY_ATTEMPT);
    await observer.waitForTimeout(300);
    expect(await clauseText(observer)).toBe(merged);
    expect(await clauseText(china)).not.toContain(READ_ONLY_ATTEMPT);
  });

  it('opens only the clauses near the viewport, and shows the saved text of the others', async () => {
    const page = await signInAs('delegate.cambodia@lmec.org');
    const clauseRows = page.getByRole('group', { name: /^Clause / });
    const liveEditors = page.getByRole('textbox', { name: /^Clause / });
    const cells = (await clauseRows.count()) * 2;
    expect(cells).toBe(102);
    // Nothing has scrolled: only the rows within a viewport's height below the fold are live.
    expect(await liveEditors.count()).toBeLessThan(cells / 2);

    // The last clause is far below: its saved text is on the page, as text, without an editor.
    const lastRow = clauseRows.last();
    const lastNumber = ((await lastRow.getAttribute('aria-label')) ?? '').replace('Clause ', '');
    const chinesePreview = lastRow.getByText('其他', { exact: true });
    expect(await chinesePreview.isVisible()).toBe(true);
    expect(await chinesePreview.getAttribute('aria-busy')).toBe('true');
    expect(await lastRow.getByRole('textbox').count()).toBe(0);

    // Focus reaching its preview (as Tab would) mounts the row's editors and moves into the live one.
    await lastRow.getByText('Others', { exact: true }).focus();
    const english = page.getByRole('textbox', { name: `Clause ${lastNumber} — English` });
    await english.waitFor(WAIT);
    await expect.poll(() => english.evaluate((element) => element === document.activeElement), WAIT).toBe(true);
    const chinese = page.getByRole('textbox', { name: `Clause ${lastNumber} — Chinese` });
    await expect.poll(() => chinese.textContent(), WAIT).toBe('其他');
  });

  it('keeps the text through a restart of the server', async () => {
    const china = await signInAs('delegate.china@lmec.org');
    const before = await clauseText(china);
    expect(before).toContain(ADDITION);

    // A graceful stop with browsers connected: they must see it, and the server must exit.
    const stopped = app.server.stop();
    await expect.poll(() => connection(china), WAIT).toBe('Offline — your changes are kept and will sync');
    await Promise.race([
      stopped,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the server did not exit within 5 s of SIGTERM')), 5000),
      ),
    ]);

    app.server = await startServer({ dataDir: app.dataDir });
    // A new port, the same host: the session cookie still applies, and the session was stored.
    await china.goto(`${app.server.url}/consultations/lmec-2017`);
    await china.getByRole('textbox', { name: CLAUSE_EN }).waitFor();
    await expect.poll(() => clauseText(china), WAIT).toBe(before);
  });
});
