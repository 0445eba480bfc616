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
 * A remote partner coming back: The Nature Conservancy marks the changes seen and asks a
 * question on 5.3.1; meanwhile a Thailand delegate changes the English text of 5.3.1 in the
 * browser and the secretariat accepts TNC's question. When TNC signs in again, "Since your last
 * visit" lists both (the typed words inserted, the answer "Accepted"), and the comparison of the
 * published version with the draft highlights the same change.
 */

const WAIT = { timeout: 10_000 };
const CONSULTATION = 'lmec-2017';
const CLAUSE_ID = 'pa-3-1';
const CLAUSE_EN = 'Clause 5.3.1 — English';
const TYPED = ' across the whole basin';

const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('since your last visit in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }

  const panelWithChanges = (page: Page) => page.locator('[data-testid="since-last-visit"][data-state="changes"]');
  const listedClauses = (page: Page) =>
    panelWithChanges(page)
      .locator('[data-testid="since-clause"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-clause-id')));
  const activeTestId = (page: Page) =>
    page.evaluate(() => {
      const active = document.activeElement;
      return active
        ? `${active.getAttribute('data-testid')} ${active.getAttribute('data-clause-id') ?? ''}`.trim()
        : '';
    });

  it('shows a returning partner the delegate’s change to 5.3.1 and the answer to its question, and the comparison highlights the change', async () => {
    // 1. TNC's first visit: what changed since the version sent out in 2017. It marks it all seen.
    const tnc = await signInAs('tnc@partners.org');
    const first = panelWithChanges(tnc);
    await first.waitFor(WAIT);
    expect(await first.getByRole('heading', { level: 2 }).textContent()).toBe('Since your last visit');
    expect(await first.textContent()).toContain('Revised draft sent to the Mekong countries');
    // The demo's changes since then: Lao PDR's wording for 2.1, the delegate's edit of 5.3.2.
    expect(await listedClauses(tnc)).toEqual(expect.arrayContaining(['review-1', 'pa-3-2']));
    expect(await listedClauses(tnc)).not.toContain(CLAUSE_ID);
    await first.getByRole('button', { name: 'Mark all as seen', exact: true }).click();
    const upToDate = tnc.locator('[data-testid="since-up-to-date"]');
    await upToDate.waitFor(WAIT);
    expect(await upToDate.textContent()).toContain('You are up to date');
    // Focus stays with the panel, on what replaced the button.
    await expect.poll(() => activeTestId(tnc), WAIT).toBe('since-up-to-date');

    // TNC asks a question on 5.3.1, with its browser's session.
    const posted = await tnc.request.post(`${app.server.url}/api/consultations/${CONSULTATION}/threads`, {
      data: { clauseId: CLAUSE_ID, kind: 'question', body: 'Will the joint research cover the whole basin?' },
    });
    expect(posted.status()).toBe(201);
    const threadId = ((await posted.json()) as { id: string }).id;
    await tnc.context().close();

    // 2. A Thailand delegate adds to the English text of 5.3.1 in the browser…
    const thailand = await signInAs('delegate.thailand@lmec.org');
    await thailand.getByRole('group', { name: 'Clause 5.3.1', exact: true }).scrollIntoViewIfNeeded();
    const editor = thailand.getByRole('textbox', { name: CLAUSE_EN });
    await editor.waitFor(WAIT);
    const original = (await editor.textContent()) ?? '';
    await editor.click();
    await thailand.keyboard.press('Control+End');
    await thailand.keyboard.type(TYPED);
    await expect.poll(() => editor.textContent(), WAIT).toBe(`${original}${TYPED}`);
    await expect.poll(() => thailand.getByRole('status').textContent(), WAIT).toBe('Connected — all changes saved');
    await thailand.context().close();

    // …and the secretariat accepts TNC's question.
    const secretariat = apiClient(app.server.url, await signIn(app.server.url, 'secretariat@lmec.org'));
    const answered = await secretariat.put(`/api/consultations/${CONSULTATION}/threads/${threadId}/response`, {
      status: 'accepted',
      explanation: { en: 'Accepted: 5.3.1 now covers the whole basin.', zh: '' },
    });
    expect(answered.status).toBe(200);

    // 3. TNC comes back: the summary lists exactly the change to 5.3.1 and the answer.
    const back = await signInAs('tnc@partners.org');
    const panel = panelWithChanges(back);
    await panel.waitFor(WAIT);
    const clause = panel.locator(`[data-testid="since-clause"][data-clause-id="${CLAUSE_ID}"]`);
    await clause.waitFor(WAIT);
    expect(await listedClauses(back)).toEqual([CLAUSE_ID]);
    expect(await clause.getAttribute('data-status')).toBe('changed');
    expect(await clause.getByRole('heading', { level: 4 }).textContent()).toBe('Clause 5.3.1');
    expect((await clause.locator('ins').allTextContents()).join('')).toContain(TYPED.trim());
    expect(await clause.locator('del').count()).toBe(0);

    const response = panel.locator(`[data-testid="since-response"][data-thread-id="${threadId}"]`);
    await response.waitFor(WAIT);
    expect(await response.getAttribute('data-status')).toBe('accepted');
    // "#N" once the threads have loaded.
    await expect
      .poll(() => response.textContent(), WAIT)
      .toMatch(/^The secretariat answered #\d+ on clause 5\.3\.1: Accepted/);
    expect(await panel.locator('.since-chip').allTextContents()).toEqual(['1 clause changed', '1 response']);
    expect(await panel.textContent()).toContain('Changes since you last marked changes seen');

    // Stepping through: the clause, then the response; focus follows.
    await panel.getByRole('button', { name: 'Next change' }).click();
    await expect.poll(() => activeTestId(back), WAIT).toBe(`since-clause ${CLAUSE_ID}`);
    expect(await panel.locator('[data-testid="since-step-position"]').textContent()).toBe('1 of 2');
    await panel.getByRole('button', { name: 'Next change' }).click();
    await expect.poll(() => activeTestId(back), WAIT).toBe('since-response');
    expect(await panel.locator('[data-testid="since-step-position"]').textContent()).toBe('2 of 2');

    // The clause links to its row on the page: scrolled into view, and focus moves there.
    await clause.getByRole('link', { name: 'Go to clause 5.3.1' }).click();
    await expect
      .poll(() => back.evaluate(() => document.activeElement?.getAttribute('aria-label')), WAIT)
      .toBe('Clause 5.3.1');
    const rowInView = await back.getByRole('group', { name: 'Clause 5.3.1', exact: true }).evaluate((row) => {
      const { top, bottom } = row.getBoundingClientRect();
      return top >= 0 && bottom <= window.innerHeight;
    });
    expect(rowInView).toBe(true);

    // The answer links to the thread: the thread panel opens on it.
    await response.getByRole('link').click();
    const threadCard = back
      .getByRole('complementary', { name: 'Comments on clause 5.3.1' })
      .locator(`[id="thread-${threadId}"]`);
    await threadCard.waitFor(WAIT);

    // 4. The comparison of the published version with the draft highlights the same change.
    await back.getByRole('link', { name: 'See what changed since' }).click();
    const compare = back.locator('[data-testid="compare-page"]');
    await compare.waitFor(WAIT);
    const compared = compare.locator(`[data-testid="compare-clause"][data-clause-id="${CLAUSE_ID}"]`);
    await compared.waitFor(WAIT);
    expect(await compared.getAttribute('data-status')).toBe('changed');
    expect((await compared.locator('ins').allTextContents()).join('')).toContain(TYPED.trim());
  });
});
