import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';
import { signIn } from '../support/clients.ts';

/**
 * A partner told of what concerns it, live: The Nature Conservancy asks a question on 5.3.1 and
 * stays on the framework page; the secretariat replies in the thread and then answers it. TNC's
 * bell counts each as it happens; the panel says each in a sentence; following the answer opens
 * the thread and marks it read; "Mark all as read" leaves nothing unread. Escape closes the panel
 * and gives focus back to the bell.
 */

const WAIT = { timeout: 10_000 };
const CONSULTATION = 'lmec-2017';
const CLAUSE_ID = 'pa-3-1';

const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('notifications in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }

  const bell = (page: Page) => page.getByRole('button', { name: /^Notifications, / });
  const unread = async (page: Page) =>
    Number(await page.locator('[data-testid="notifications-bell"]').getAttribute('data-unread'));
  const panel = (page: Page) => page.getByRole('region', { name: 'Notifications' });
  const item = (page: Page, kind: string) => panel(page).locator(`[data-testid="notification"][data-kind="${kind}"]`);

  it('counts the secretariat’s reply and answer live, opens the thread from the panel, and marks all read', async () => {
    const tnc = await signInAs('tnc@partners.org');
    await bell(tnc).waitFor(WAIT);
    await expect.poll(() => bell(tnc).getAttribute('aria-label'), WAIT).toMatch(/^Notifications, (none|\d+) unread$/);
    const before = await unread(tnc);

    // TNC asks a question on 5.3.1, with its browser's session.
    const posted = await tnc.request.post(`${app.server.url}/api/consultations/${CONSULTATION}/threads`, {
      data: { clauseId: CLAUSE_ID, kind: 'question', body: 'Does the joint research cover groundwater too?' },
    });
    expect(posted.status()).toBe(201);
    const threadId = ((await posted.json()) as { id: string }).id;

    // The secretariat replies in TNC's thread: the bell counts it without a reload.
    const secretariat = apiClient(app.server.url, await signIn(app.server.url, 'secretariat@lmec.org'));
    const replied = await secretariat.post(`/api/consultations/${CONSULTATION}/threads/${threadId}/replies`, {
      body: 'It does: the basin’s aquifers are part of it.',
    });
    expect(replied.status).toBe(201);
    await expect.poll(() => unread(tnc), WAIT).toBe(before + 1);
    expect(await bell(tnc).getAttribute('aria-label')).toBe(`Notifications, ${before + 1} unread`);

    // …and answers it: one more.
    const answered = await secretariat.put(`/api/consultations/${CONSULTATION}/threads/${threadId}/response`, {
      status: 'accepted',
      explanation: { en: 'Accepted: groundwater is named in 5.3.1.', zh: '' },
    });
    expect(answered.status).toBe(200);
    await expect.poll(() => unread(tnc), WAIT).toBe(before + 2);

    // The panel: newest first, each a sentence, unread ones marked in words.
    await bell(tnc).click();
    expect(await bell(tnc).getAttribute('aria-expanded')).toBe('true');
    await panel(tnc).waitFor(WAIT);
    // Focus moves to the panel's heading.
    await expect.poll(() => tnc.evaluate(() => document.activeElement?.textContent), WAIT).toBe('Notifications');
    const answer = item(tnc, 'thread.response').first();
    const reply = item(tnc, 'thread.reply').first();
    await answer.waitFor(WAIT);
    const ids = await panel(tnc)
      .locator('[data-testid="notification"]')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(ids.slice(0, 2)).toEqual(['thread.response', 'thread.reply']);
    expect(await answer.getAttribute('data-unread')).toBe('true');
    const answerLink = answer.getByRole('link');
    expect(await answerLink.textContent()).toBe('New: The secretariat answered your comment on clause 5.3.1: Accepted');
    expect(await reply.getByRole('link').textContent()).toBe(
      'New: Chen Jing (LMEC Secretariat) replied in your thread on clause 5.3.1',
    );
    expect(await reply.textContent()).toContain('It does: the basin’s aquifers are part of it.');
    expect(await answerLink.getAttribute('href')).toBe(`/consultations/${CONSULTATION}#thread-${threadId}`);
    // No mail server in the tests: the e-mail choice says so, its options disabled.
    await panel(tnc).locator('[data-testid="notifications-email-unavailable"]').waitFor(WAIT);
    expect(
      await panel(tnc)
        .getByRole('radio', { name: /Daily digest/ })
        .isDisabled(),
    ).toBe(true);

    // Escape closes the panel, focus back on the bell.
    await tnc.keyboard.press('Escape');
    await panel(tnc).waitFor({ state: 'detached', ...WAIT });
    expect(await tnc.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('notifications-bell');

    // Following the answer: the thread opens on the page (same page, no reload), the answer is read.
    await bell(tnc).click();
    await answerLink.click();
    await tnc.locator(`[id="thread-${threadId}"]`).waitFor(WAIT);
    expect(new URL(tnc.url()).hash).toBe(`#thread-${threadId}`);
    await expect.poll(() => unread(tnc), WAIT).toBe(before + 1);
    await bell(tnc).click();
    await expect.poll(() => item(tnc, 'thread.response').first().getAttribute('data-unread'), WAIT).toBe('false');
    expect(await item(tnc, 'thread.reply').first().getAttribute('data-unread')).toBe('true');

    // "Mark all as read": nothing unread.
    await panel(tnc).getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => unread(tnc), WAIT).toBe(0);
    expect(await bell(tnc).getAttribute('aria-label')).toBe('Notifications, none unread');
    expect(await panel(tnc).locator('[data-testid="notification"][data-unread="true"]').count()).toBe(0);
    expect(await panel(tnc).locator('[data-testid="notifications-count"]').textContent()).toBe('All read');

    // On another page the bell keeps the count (its own fetch: no realtime event needed).
    await tnc.getByRole('link', { name: 'Votes', exact: true }).click();
    await tnc.getByRole('heading', { level: 1 }).waitFor(WAIT);
    await expect.poll(() => bell(tnc).getAttribute('aria-label'), WAIT).toBe('Notifications, none unread');
  });
});
