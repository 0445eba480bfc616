import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';

/**
 * "Translation out of date" in the browser, on the demo: Lao PDR's accepted wording changed the
 * English of 2.1 after the published version, so its Chinese is out of date. A Thailand delegate
 * filters the framework to such clauses, reads the change and confirms the two languages in
 * line; The Nature Conservancy (a partner, who may not confirm) sees the note go, live.
 */

const WAIT = { timeout: 10_000 };
const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('translation out of date in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }

  it('filters to clauses out of date, shows the change, and a delegate’s confirmation clears it for everyone', async () => {
    const delegate = await signInAs('delegate.thailand@lmec.org');
    const partner = await signInAs('tnc@partners.org');

    const delegateNote = delegate.locator('#clause-review-1 [data-testid="translation-status"]');
    const partnerNote = partner.locator('#clause-review-1 [data-testid="translation-status"]');
    await delegateNote.waitFor(WAIT);
    await partnerNote.waitFor(WAIT);
    expect(await delegateNote.getAttribute('data-state')).toBe('zh_out_of_date');
    expect(await delegateNote.textContent()).toContain('Chinese translation out of date');
    // Only one clause of the demo: 5.3.2 changed in both languages and was confirmed.
    expect(await delegate.locator('[data-testid="translation-status"]').count()).toBe(1);

    // The filter: only 2.1 stays on the page, and the URL says so.
    const filter = delegate.locator('[data-testid="translation-filter"]');
    expect(await filter.textContent()).toContain('1 clause has a translation out of date');
    await filter.getByRole('button', { name: 'Show only these clauses' }).click();
    await delegate.waitForURL(/translation=out-of-date/, WAIT);
    expect(await delegate.locator('fieldset.clause:visible').count()).toBe(1);
    expect(await delegate.locator('#clause-review-1').isVisible()).toBe(true);
    expect(await delegate.locator('#clause-pa-3-2').isVisible()).toBe(false);

    // The change that caused it: the English words Lao PDR's wording brought in.
    await delegateNote.locator('summary').click();
    expect((await delegateNote.locator('ins').allTextContents()).join(' ')).toContain('environmental condition');

    // A partner may read the note but not confirm.
    expect(await partnerNote.getByRole('button').count()).toBe(0);

    await delegateNote.getByRole('button', { name: 'Confirm the two languages are in line' }).click();
    await delegate.getByText('Clause 2.1: the two languages are confirmed in line.').waitFor(WAIT);
    await partnerNote.waitFor({ state: 'detached', ...WAIT });
    expect(await filter.textContent()).toContain('Every clause’s two languages are in line');

    await filter.getByRole('button', { name: 'Show all clauses' }).click();
    await delegate.locator('#clause-pa-3-2').waitFor({ state: 'visible', ...WAIT });
    await delegate.context().close();
    await partner.context().close();
  });
});
