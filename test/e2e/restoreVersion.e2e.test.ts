import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';

/**
 * The secretariat starts a new draft from the version sent out on 14 August 2017: on the
 * version's page, "Start a new draft from this version", then confirm. A delegate with the
 * framework open sees clause 2.1 go back, live, to the wording Lao PDR's accepted proposal had
 * changed since.
 */

const WAIT = { timeout: 10_000 };
const CLAUSE_EN = 'Clause 2.1 — English';
const VERSION_TEXT =
  'Rapid economic growth has brought a great pressure to the rich fragile ecological environment for the region.';
const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('restoring a version in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }
  const clauseText = async (page: Page) => (await page.getByRole('textbox', { name: CLAUSE_EN }).textContent()) ?? '';

  it('restores the version from its page after a confirmation; an open framework page shows 2.1 change back live', async () => {
    const [laos, secretariat] = await Promise.all([
      signInAs('delegate.laos@lmec.org'),
      signInAs('secretariat@lmec.org'),
    ]);
    // The draft has Lao PDR's applied wording in 2.1.
    await expect.poll(() => clauseText(laos), WAIT).toContain('environmental condition');

    await secretariat.getByRole('link', { name: 'Versions' }).first().click();
    const item = secretariat.locator('[data-testid="version-item"]').first();
    await item.waitFor(WAIT);
    await item.getByRole('link', { name: 'Open', exact: true }).click();

    const start = secretariat.getByRole('button', { name: 'Start a new draft from this version' });
    await start.click();
    // Nothing happens before the confirmation, which says what will.
    const question = secretariat.getByText('The draft is saved as a version first.', { exact: false });
    await question.waitFor(WAIT);
    expect(await clauseText(laos)).toContain('environmental condition');
    await secretariat.getByRole('button', { name: 'Confirm: start the new draft' }).click();

    const status = secretariat.locator('.version-restored-status');
    await expect
      .poll(() => status.textContent(), WAIT)
      .toContain('The draft now reads as this version: 2 clauses changed.');
    const backup = status.getByRole('link', {
      name: /Draft before restoring «Revised draft sent to the Mekong countries/,
    });
    expect(await backup.getAttribute('href')).toMatch(/\/versions\/[A-Za-z0-9_-]+$/);
    expect(await status.getByRole('link', { name: 'Open the framework' }).getAttribute('href')).toBe(
      '/consultations/lmec-2017',
    );

    // The delegate did nothing: the editor shows the version's text.
    await expect.poll(() => clauseText(laos), WAIT).toBe(VERSION_TEXT);
  });
});
