import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ServerAndBrowser,
  signInThroughForm,
  skipWithoutChromium,
  startServerAndBrowser,
} from '../support/browser.ts';

/**
 * A workshop vote in the browser: the secretariat calls a consensus vote on its response to
 * Lao PDR's 2017 comment on clause 1.1; China, Thailand and Viet Nam vote from three browsers;
 * every browser sees the tally move as each ballot lands; Viet Nam's objection makes the
 * consensus fail; the secretariat closes it and the comments matrix shows the result.
 */

const WAIT = { timeout: 10_000 };
const THREAD_TEXT = 'name the 2030 Agenda in full';

const skip = skipWithoutChromium('end-to-end tests');

describe.skipIf(skip)('live votes of the member states in the browser', () => {
  let app: ServerAndBrowser;
  beforeAll(async () => {
    app = await startServerAndBrowser();
  });
  afterAll(() => app?.close());

  async function signInAs(email: string): Promise<Page> {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    return signInThroughForm(context, app.server.url, email);
  }

  const panel = (page: Page) => page.getByRole('complementary', { name: 'Comments on clause 1.1' });
  const voteCard = (page: Page, voteId: string): Locator =>
    page.locator(`[data-testid="vote-card"][data-vote-id="${voteId}"]`);
  const choiceOf = (card: Locator, stakeholderId: string) =>
    card.locator(`[data-testid="vote-country"][data-stakeholder-id="${stakeholderId}"]`).getAttribute('data-choice');
  const resultOf = async (card: Locator) => {
    const result = card.locator('[data-testid="vote-result"]');
    return `${await result.getAttribute('data-state')} ${await result.getAttribute('data-outcome')}`;
  };

  it('calls a consensus vote, three delegations vote live, one objection fails it, the matrix shows the result', async () => {
    const secretariat = await signInAs('secretariat@lmec.org');
    await secretariat
      .getByRole('group', { name: 'Clause 1.1', exact: true })
      .getByRole('button', { name: /comments? on clause 1\.1/ })
      .click();
    const thread = panel(secretariat).getByRole('article').filter({ hasText: THREAD_TEXT }).first();
    await thread.waitFor(WAIT);
    await thread.getByRole('button', { name: 'Call a vote on this response' }).click();
    // Consensus is the default; three delegations are in the room, so the quorum is 3.
    await thread.getByLabel('Quorum').fill('3');
    await thread.getByRole('button', { name: 'Open the vote' }).click();
    const opened = thread.locator('[data-testid="vote-card"]');
    await opened.waitFor(WAIT);
    const voteId = await opened.getAttribute('data-vote-id');
    if (!voteId) throw new Error('the vote card has no id');
    expect(await resultOf(opened)).toBe('open no_quorum');

    const votesUrl = `${app.server.url}/consultations/lmec-2017/votes`;
    const delegations: [string, Page][] = [];
    for (const state of ['china', 'thailand', 'vietnam']) {
      const page = await signInAs(`delegate.${state}@lmec.org`);
      await page.goto(votesUrl);
      await voteCard(page, voteId).waitFor(WAIT);
      delegations.push([state, page]);
    }
    const everyone = [secretariat, ...delegations.map(([, page]) => page)];

    const ballots: [string, 'Agree' | 'Object', string][] = [
      ['china', 'Agree', 'agree'],
      ['thailand', 'Agree', 'agree'],
      ['vietnam', 'Object', 'object'],
    ];
    for (const [state, button, choice] of ballots) {
      const page = delegations.find(([s]) => s === state)?.[1];
      if (!page) throw new Error(state);
      await voteCard(page, voteId).getByRole('button', { name: button, exact: true }).click();
      // Every browser sees the country's vote without reloading.
      for (const other of everyone)
        await expect.poll(() => choiceOf(voteCard(other, voteId), state), WAIT).toBe(choice);
    }
    for (const page of everyone) {
      const card = voteCard(page, voteId);
      expect(await resultOf(card)).toBe('open not_adopted');
      expect(await card.locator('[data-testid="vote-chart"]').getAttribute('aria-label')).toContain(
        'Agree 2, object 1, abstain 0, not voted 3',
      );
      expect(await choiceOf(card, 'laos')).toBe('none');
    }
    // The delegation sees its own vote marked.
    const vietnam = voteCard(delegations[2]![1], voteId);
    expect(await vietnam.getByRole('button', { name: 'Object', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    await opened.getByRole('button', { name: 'Close the vote' }).click();
    await opened.getByRole('button', { name: 'Confirm closing' }).click();
    for (const page of everyone)
      await expect.poll(() => resultOf(voteCard(page, voteId)), WAIT).toBe('closed not_adopted');
    // A closed vote takes no more ballots: the buttons are gone.
    expect(await vietnam.getByRole('button', { name: 'Agree', exact: true }).count()).toBe(0);
    expect(await vietnam.textContent()).toContain('Viet Nam objected');

    await secretariat.getByRole('link', { name: 'Comments matrix' }).first().click();
    const row = secretariat.getByRole('row').filter({ hasText: THREAD_TEXT });
    await row.waitFor(WAIT);
    await expect.poll(async () => (await row.textContent()) ?? '', WAIT).toContain('Vote: Not adopted');
  });
});
