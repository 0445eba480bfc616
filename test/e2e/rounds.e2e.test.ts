import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';

/**
 * The secretariat opens a round for comments, closing in a day, on the Rounds page; a delegate
 * who has the framework open sees the round's banner with the time left, and the clause editors
 * turn read-only (the text is frozen for delegations while comments are open).
 */

const WAIT = { timeout: 10_000 };
const skip = skipWithoutChromium('end-to-end tests');

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (at: number) => {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

describe.skipIf(skip)('consultation rounds in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }

  it('opens a round for comments: the delegate sees the banner and read-only clauses', async () => {
    const delegate = await signInAs('delegate.laos@lmec.org');
    await delegate.locator('[contenteditable="true"]').first().waitFor(WAIT);
    expect(await delegate.locator('[data-testid="round-banner"]').count()).toBe(0);

    const secretariat = await signInAs('secretariat@lmec.org');
    await secretariat.getByRole('link', { name: 'Rounds' }).first().click();
    await secretariat.getByRole('heading', { name: 'New round' }).waitFor(WAIT);
    await secretariat.getByLabel('Title in English').fill('First reading');
    await secretariat.getByLabel('Title in Chinese').fill('一读');
    const now = Date.now();
    await secretariat.getByLabel('Opens at').fill(localInput(now - 60_000));
    await secretariat.getByLabel('Closes at').fill(localInput(now + 24 * 3_600_000 + 120_000));
    await secretariat.getByLabel('Starts in').selectOption('open');
    await secretariat.getByRole('button', { name: 'Create the round' }).click();
    const item = secretariat.locator('[data-testid="round-item"]').first();
    await item.waitFor(WAIT);
    expect(await item.getAttribute('data-state')).toBe('open');
    expect(await item.textContent()).toContain('First reading');

    const banner = delegate.locator('[data-testid="round-banner"]');
    await banner.waitFor(WAIT);
    expect(await banner.getAttribute('data-state')).toBe('open');
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain('First reading');
    expect(text).toContain('Open for comments');
    expect(text).toMatch(/Comments close in (1 day 0 h|2\d h \d+ min)/);
    expect(text).toContain('You can comment; the text is frozen for delegations.');
    await delegate.locator('.clause-editable[contenteditable="false"]').first().waitFor(WAIT);
    expect(await delegate.locator('.clause-editable[contenteditable="true"]').count()).toBe(0);

    // The secretariat renames the round: the delegate's banner follows, live.
    await item.getByRole('button', { name: 'Change the title or dates' }).click();
    await item.getByLabel('Title in English').fill('First reading of the framework');
    await item.getByRole('button', { name: 'Save the changes' }).click();
    await item.getByText('First reading of the framework').waitFor(WAIT);
    await banner.getByText('First reading of the framework').waitFor(WAIT);
  });
});
