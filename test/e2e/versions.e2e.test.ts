import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';

/**
 * A remote partner reviewing asynchronously: The Nature Conservancy opens the Versions page,
 * compares the draft sent out on 14 August 2017 with the current draft, and sees the wording
 * Lao PDR proposed for 2.1 (applied since) highlighted, linked to Lao PDR's thread.
 */

const WAIT = { timeout: 10_000 };
const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('versions and comparison in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }

  it('compares the published version with the draft: the change to 2.1 highlighted, linked to its thread', async () => {
    const partner = await signInAs('tnc@partners.org');
    await partner.getByRole('link', { name: 'Versions' }).first().click();
    const version = partner.locator('[data-testid="version-item"]').first();
    await version.waitFor(WAIT);
    expect(await version.textContent()).toContain('Revised draft sent to the Mekong countries');
    await version.getByRole('link', { name: /compare with the current draft/i }).click();

    const page = partner.locator('[data-testid="compare-page"]');
    await page.waitFor(WAIT);
    const clause = page.locator('[data-testid="compare-clause"][data-clause-id="review-1"]');
    await clause.waitFor(WAIT);
    expect(await clause.getAttribute('data-status')).toBe('changed');
    const inserted = (await clause.locator('ins').allTextContents()).join(' ');
    const deleted = (await clause.locator('del').allTextContents()).join(' ');
    expect(inserted).toContain('environmental condition');
    expect(deleted).toContain('rich fragile');
    // The change links to the thread whose accepted wording made it.
    const link = clause.locator('[data-testid="compare-thread-link"]').first();
    expect(await link.getAttribute('href')).toMatch(/#thread-/);
    // Clauses nobody changed are not listed by default.
    expect(await page.locator('[data-testid="compare-clause"][data-status="unchanged"]').count()).toBe(0);
  });
});
