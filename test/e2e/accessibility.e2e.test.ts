import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { type ServerAndBrowser, skipWithoutChromium, startServerAndBrowser } from '../support/browser.ts';
import { signIn } from '../support/clients.ts';

/**
 * axe-core's automated checks (WCAG 2.x A/AA rules it can decide) on the sign-in and
 * consultation pages, in English and Chinese. Automated checks catch a part of what matters;
 * the other tests find everything by role and label, as a screen reader would.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const skip = skipWithoutChromium('accessibility tests');

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return (found as Violation[]).map(
    (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}

describe.skipIf(skip)('accessibility (axe-core)', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  it.each(['en', 'zh'])('finds no violations on the sign-in and consultation pages (%s)', async (language) => {
    // axe is injected as a script: the app's Content-Security-Policy would rightly refuse it.
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await context.addInitScript((lang) => localStorage.setItem('accord.language', lang), language);
    const page = await context.newPage();
    await page.goto(app.server.url);
    const email = page.locator('input[name="email"]');
    await email.waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    expect(await violations(page)).toEqual([]);

    await email.fill('delegate.laos@lmec.org');
    await page.locator('input[name="password"]').fill('accord-demo');
    await page.locator('button[type="submit"]').click();
    await page.locator('[contenteditable="true"]').first().waitFor();
    // With the demo's translation note under 2.1 (its change shown) and the filter above.
    const note = page.locator('[data-testid="translation-status"]').first();
    await note.waitFor();
    await page.locator('[data-testid="translation-filter"]').waitFor();
    await note.locator('summary').click();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('finds no violations in a delegate’s ballot controls, on the votes page and under a clause', async () => {
    // A vote on a clause of a top-level section (its card sits under an h2).
    const secretariat = apiClient(app.server.url, await signIn(app.server.url, 'secretariat@lmec.org'));
    const opened = await secretariat.post('/api/consultations/lmec-2017/votes', {
      subject: { kind: 'clause', clauseId: 'objective-1' },
      question: { en: 'Do the member states agree with the objective?', zh: '成员国是否同意该目标？' },
      rule: { kind: 'consensus', quorum: 4 },
      advisory: true,
    });
    expect(opened.status).toBe(201);
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.locator('input[name="email"]').fill('delegate.thailand@lmec.org');
    await page.locator('input[name="password"]').fill('accord-demo');
    await page.locator('button[type="submit"]').click();
    await page.locator('[contenteditable="true"]').first().waitFor();
    await page.locator('.clause-votes [data-testid="vote-card"]').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.goto(`${app.server.url}/consultations/lmec-2017/votes`);
    await page.getByRole('button', { name: 'Agree', exact: true }).first().waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it.each(['en', 'zh'])(
    'finds no violations in the secretariat’s comments panel, the matrix, the audit log, votes, versions and rounds (%s)',
    async (language) => {
      const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
      await context.addInitScript((lang) => localStorage.setItem('accord.language', lang), language);
      const page = await context.newPage();
      await page.goto(app.server.url);
      await page.locator('input[name="email"]').fill('secretariat@lmec.org');
      await page.locator('input[name="password"]').fill('accord-demo');
      await page.locator('button[type="submit"]').click();
      await page.locator('[contenteditable="true"]').first().waitFor();

      // A deep link opens the panel on the thread, with the response and moderation controls.
      const response = await page.request.get(`${app.server.url}/api/consultations/lmec-2017/threads`);
      const threads = (await response.json()) as {
        threads: { id: string; clauseId: string }[];
      };
      const thread = threads.threads.find((t) => t.clauseId === 'principle-3');
      if (!thread) throw new Error('the demo has no thread on clause 4.3');
      await page.goto(`${app.server.url}/consultations/lmec-2017#thread-${thread.id}`);
      await page.locator(`[id="thread-${thread.id}"]`).waitFor();
      expect(await violations(page)).toEqual([]);

      await page.goto(`${app.server.url}/consultations/lmec-2017/matrix`);
      await page.locator('tr.matrix-row').first().waitFor();
      expect(await violations(page)).toEqual([]);

      await page.goto(`${app.server.url}/consultations/lmec-2017/audit`);
      await page.locator('table').first().waitFor();
      expect(await violations(page)).toEqual([]);

      // The votes, with the form that calls one open.
      await page.goto(`${app.server.url}/consultations/lmec-2017/votes`);
      await page.locator('[data-testid="vote-card"]').first().waitFor();
      await page.locator('.vote-calls button').first().click();
      await page.locator('form.vote-form').waitFor();
      expect(await violations(page)).toEqual([]);

      // The versions, with the publish form; a version with the restore asking to confirm.
      await page.goto(`${app.server.url}/consultations/lmec-2017/versions`);
      const item = page.locator('[data-testid="version-item"]').first();
      await item.waitFor();
      expect(await violations(page)).toEqual([]);
      const versionId = await item.getAttribute('data-version-id');
      await page.goto(`${app.server.url}/consultations/lmec-2017/versions/${versionId}`);
      await page.locator('.version-restore button').first().click();
      await page.locator('.version-restore-question').waitFor();
      expect(await violations(page)).toEqual([]);

      // The rounds page with its form (no round is created: the demo runs as a workshop).
      await page.goto(`${app.server.url}/consultations/lmec-2017/rounds`);
      await page.locator('form').first().waitFor();
      expect(await violations(page)).toEqual([]);
      await context.close();
    },
  );

  it.each(['en', 'zh'])('finds no violations in the notifications bell and its open panel (%s)', async (language) => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await context.addInitScript((lang) => localStorage.setItem('accord.language', lang), language);
    const page = await context.newPage();
    await page.goto(app.server.url);
    await page.locator('input[name="email"]').fill('tnc@partners.org');
    await page.locator('input[name="password"]').fill('accord-demo');
    await page.locator('button[type="submit"]').click();
    // A partner's editors are read-only: wait for the clause rows instead.
    await page.locator('[contenteditable]').first().waitFor();

    // Something to list: the secretariat replies in a thread The Nature Conservancy opened.
    const posted = await page.request.post(`${app.server.url}/api/consultations/lmec-2017/threads`, {
      data: { clauseId: 'pa-3-1', kind: 'question', body: 'Does this cover groundwater?' },
    });
    expect(posted.status()).toBe(201);
    const threadId = ((await posted.json()) as { id: string }).id;
    const secretariat = apiClient(app.server.url, await signIn(app.server.url, 'secretariat@lmec.org'));
    const replied = await secretariat.post(`/api/consultations/lmec-2017/threads/${threadId}/replies`, {
      body: 'It does.',
    });
    expect(replied.status).toBe(201);

    const bell = page.locator('[data-testid="notifications-bell"]');
    await page.locator('[data-testid="notifications-bell"]:not([data-unread="0"])').waitFor();
    expect(await violations(page)).toEqual([]);
    await bell.click();
    await page.locator('[data-testid="notifications-panel"] [data-testid="notification"]').first().waitFor();
    await page.locator('[data-testid="notifications-email"]').waitFor();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});
