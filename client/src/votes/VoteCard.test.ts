import { type Actor, capabilities, type Role, type Stakeholder, type VoteView } from '@accord/shared';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { ballot, makeVote } from '../test/voteFactory.ts';
import { VoteStore } from './useVotes.ts';
import { VoteCard } from './VoteCard.tsx';
import { VoteAnnouncer, VotesContext, type VotesEnv } from './votesContext.ts';

/** The card as markup (no DOM here): the hooks end-to-end tests find, and who gets which controls. */

// The app's i18n module reads the browser's preferences when loaded; here i18next is set up below.
vi.mock('../i18n/useLanguage.ts', async () => {
  const { default: i18n } = await import('i18next');
  return { useLanguage: () => [i18n.language, () => {}] };
});

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    resources: { en: { translation: en }, zh: { translation: zh } },
    interpolation: { escapeValue: false },
  });
});

const stakeholders: Stakeholder[] = [
  { id: 'kh', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } },
  { id: 'cn', kind: 'member_state', name: { en: 'China', zh: '中国' } },
  { id: 'la', kind: 'member_state', name: { en: 'Lao PDR', zh: '老挝' } },
  { id: 'mm', kind: 'member_state', name: { en: 'Myanmar', zh: '缅甸' } },
  { id: 'th', kind: 'member_state', name: { en: 'Thailand', zh: '泰国' } },
  { id: 'vn', kind: 'member_state', name: { en: 'Viet Nam', zh: '越南' } },
  { id: 'tnc', kind: 'partner', name: { en: 'The Nature Conservancy', zh: '大自然保护协会' } },
  { id: 'sec', kind: 'secretariat', name: { en: 'Secretariat', zh: '秘书处' } },
];

function render(vote: VoteView, role: Role, stakeholderId: string | null, language: 'en' | 'zh' = 'en'): string {
  void i18next.changeLanguage(language);
  const actor: Actor = { personId: 'me', role, stakeholderId };
  const env: VotesEnv = {
    consultationId: 'c',
    actor,
    capabilities: capabilities(actor),
    stakeholders,
    memberStateCount: 6,
    clauseNumbers: new Map([['cl1', '4.3']]),
    threads: null,
    store: new VoteStore('c', { fetchVotes: vi.fn(), fetchVote: vi.fn() }),
    place: 'votes',
    announcer: new VoteAnnouncer(),
  };
  return renderToStaticMarkup(createElement(VotesContext, { value: env }, createElement(VoteCard, { vote })));
}

/** Each button's markup, its opening tag and accessible name (hidden children left out). */
const buttons = (html: string) =>
  [...html.matchAll(/(<button[^>]*>)(.*?)<\/button>/g)].map(
    (m) =>
      `${m[1]}${(m[2] ?? '').replace(/<span[^>]*aria-hidden="true"[^>]*>.*?<\/span>/g, '').replace(/<[^>]+>/g, '')}<`,
  );

const openFields = {
  id: 'v1',
  subject: { kind: 'clause', clauseId: 'cl1' },
  ballots: [ballot('kh', 'agree'), ballot('la', 'object'), ballot('th', 'abstain')],
  closesAt: Date.now() + 10 * 60_000,
} satisfies Partial<VoteView>;
const openVote = makeVote(openFields);

describe('VoteCard', () => {
  it('has the hooks end-to-end tests find it by', () => {
    const html = render(openVote, 'observer', null);
    expect(html).toMatch(/<article id="vote-v1" data-testid="vote-card" data-vote-id="v1"/);
    expect(html).toMatch(
      /<svg[^>]*data-testid="vote-chart"[^>]*role="img"[^>]*aria-label="Agree 1, object 1, abstain 1, not voted 3, of 6 member states"/,
    );
    const rows = [...html.matchAll(/data-testid="vote-country" data-stakeholder-id="(\w+)" data-choice="(\w+)"/g)];
    expect(rows.map((m) => `${m[1]}:${m[2]}`)).toEqual([
      'kh:agree',
      'cn:none',
      'la:object',
      'mm:none',
      'th:abstain',
      'vn:none',
    ]);
    expect(html).toContain('data-testid="vote-result" data-outcome="no_quorum" data-state="open"');
    expect(html).toContain('If it closed now: No quorum (3 of 4 needed)');
    expect(html).toContain('On <strong>clause 4.3</strong>');
    expect(html).toContain('Consensus, quorum 4 of 6 member states');
    expect(html).toMatch(/\d+ min \d+ s left/);
    // The tally is read out as it changes.
    expect(html).toContain('<div class="vote-tally" aria-live="polite">');
    // Observers read; they get no controls.
    expect(buttons(html)).toEqual([]);
  });

  it('gives a delegate Agree / Object / Abstain for their country, their delegation’s choice pressed', () => {
    const html = render(openVote, 'delegate', 'la');
    const ballotButtons = buttons(html);
    expect(ballotButtons.map((b) => />([^<]*)</.exec(b)?.[1])).toEqual(['Agree', 'Object', 'Abstain']);
    expect(ballotButtons.map((b) => /aria-pressed="(\w+)"/.exec(b)?.[1])).toEqual(['false', 'true', 'false']);
    expect(html).toContain('Your delegation voted: Object (by Delegate of la)');
    expect(html).not.toContain('Close the vote');
  });

  it('gives the secretariat the close button, and a new vote once closed', () => {
    const open = render(openVote, 'secretariat', 'sec');
    expect(buttons(open).map((b) => />([^<]*)</.exec(b)?.[1])).toEqual(['Close the vote']);
    expect(open).not.toContain('aria-pressed');

    const closed = makeVote({ ...openVote, state: 'closed', closedAt: 5, closedBy: { personId: 's', name: 'Li Wei' } });
    const html = render(closed, 'secretariat', 'sec');
    expect(html).toContain('data-outcome="no_quorum" data-state="closed"');
    expect(html).toContain('Result: No quorum (3 of 4 needed)');
    expect(html).toContain('Closed by Li Wei');
    expect(buttons(html).map((b) => />([^<]*)</.exec(b)?.[1])).toEqual(['Call a new vote']);
    // Nobody votes in a closed vote.
    expect(render(closed, 'delegate', 'la')).not.toContain('aria-pressed');
  });

  it('says when a vote was superseded, and which it replaces', () => {
    const old = makeVote({ id: 'v1', state: 'closed', closedAt: 5, supersededBy: 'v2' });
    const html = render(old, 'secretariat', 'sec');
    expect(html).toContain('Superseded by <a href="#vote-v2">a later vote</a>');
    // Only the standing vote offers a new one.
    expect(html).not.toContain('Call a new vote');
    expect(render(makeVote({ id: 'v2', supersedes: 'v1' }), 'observer', null)).toContain(
      'Replaces <a href="#vote-v1">an earlier vote</a>',
    );
  });

  it('lists partners’ advisory positions apart, and lets partners give theirs only where asked', () => {
    const advisory = makeVote({
      id: 'v3',
      advisory: true,
      advisoryPositions: [{ stakeholderId: 'tnc', choice: 'agree', at: 3, by: null }],
    });
    const html = render(advisory, 'partner', 'tnc');
    expect(html).toContain('Advisory (not counted)');
    expect(html).toContain('Your organisation’s position: Agree');
    expect(buttons(html)).toHaveLength(3);
    // The advisory position is not a member state's row, nor counted.
    expect(html.match(/data-testid="vote-country"/g)).toHaveLength(6);
    expect(html).toContain('data-outcome="no_quorum"');
    expect(buttons(render({ ...advisory, advisory: false }, 'partner', 'tnc'))).toEqual([]);
  });

  it('speaks Chinese, with the member states’ Chinese names', () => {
    const html = render(makeVote({ ...openFields, rule: { kind: 'consensus', quorum: 3 } }), 'delegate', 'la', 'zh');
    expect(buttons(html).map((b) => />([^<]*)</.exec(b)?.[1])).toEqual(['赞成', '反对', '弃权']);
    expect(html).toContain('若此刻结束：未通过（老挝反对）');
    expect(html).toContain('成员国是否同意？');
  });
});
