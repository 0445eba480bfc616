import { buildMatrix, type Framework, type Stakeholder, type ThreadView, type VoteView } from '@accord/shared';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ballot, makeVote } from '../test/voteFactory.ts';
import { votesEn } from '../votes/i18n.en.ts';
import { votesZh } from '../votes/i18n.zh.ts';
import { matrixEn } from './i18n.en.ts';
import { matrixZh } from './i18n.zh.ts';
import { MatrixTable } from './MatrixTable.tsx';

/** The table as markup (no DOM here): its structure and the sentences it writes. */

// The app's i18n module reads the browser's preferences when loaded; here i18next is set up below.
vi.mock('../i18n/useLanguage.ts', async () => {
  const { default: i18n } = await import('i18next');
  return { useLanguage: () => [i18n.language, () => {}] };
});

const framework: Framework = {
  consultationId: 'c',
  sections: [{ id: 's1', parentId: null, position: 0, title: { en: 'Priority Areas', zh: '优先领域' } }],
  clauses: [{ id: 'cl1', sectionId: 's1', position: 0 }],
};
const stakeholders: Stakeholder[] = [
  { id: 'kh', kind: 'member_state', name: { en: 'Cambodia', zh: '柬埔寨' } },
  { id: 'la', kind: 'member_state', name: { en: 'Laos', zh: '老挝' } },
];
const thread: ThreadView = {
  id: 't1',
  consultationId: 'c',
  clauseId: 'cl1',
  passage: { language: 'en', quote: 'shall', start: '', end: '', now: { state: 'detached' } },
  kind: 'proposal',
  proposal: { action: 'replace', text: 'should' },
  author: { personId: 'p', name: 'Sok Dara' },
  stakeholderId: 'kh',
  status: 'open',
  locked: false,
  duplicateOf: null,
  comments: [
    {
      id: 'c1',
      threadId: 't1',
      author: { personId: 'p', name: 'Sok Dara' },
      stakeholderId: 'kh',
      body: 'Softer, please.',
      createdAt: 1,
      editedAt: null,
      withdrawnAt: null,
      hidden: null,
    },
  ],
  response: {
    status: 'partially_accepted',
    explanation: { en: 'Agreed in part.', zh: '' },
    by: { personId: 's', name: 'Li Wei' },
    at: 2,
  },
  applied: { by: { personId: 's', name: 'Li Wei' }, at: 3 },
  createdAt: 1,
  updatedAt: 3,
};

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    lng: 'en',
    resources: {
      en: { translation: { ...matrixEn, ...votesEn, language: { en: 'English', zh: 'Chinese' } } },
      zh: { translation: { ...matrixZh, ...votesZh, language: { en: '英文', zh: '中文' } } },
    },
    interpolation: { escapeValue: false },
  });
});

function render(language: 'en' | 'zh', votes: VoteView[] = []): string {
  void i18next.changeLanguage(language);
  const view = buildMatrix(
    {
      threads: [thread],
      framework,
      stakeholders,
      reviewStatuses: [{ stakeholderId: 'la', status: 'no_comments', by: null, at: null }],
      votes,
    },
    {},
  );
  return renderToStaticMarkup(createElement(MatrixTable, { view, consultationId: 'c', filtered: false }));
}

describe('MatrixTable', () => {
  it('groups rows by stakeholder under header rows, with column and row headers', () => {
    const html = render('en');
    expect(html).toContain('<caption');
    expect(html.match(/<th scope="col">/g)).toHaveLength(4);
    expect(html).toContain('<th scope="rowgroup" colSpan="4">');
    expect(html).toContain('<th scope="row" class="matrix-stakeholder">Cambodia</th>');
    // Laos has no comments: its group says so.
    expect(html).toMatch(/Laos.*No comments.*No comments/);
  });

  it('writes the row as sentences: passage, proposal, response', () => {
    const html = render('en');
    expect(html).toContain('href="/consultations/c#thread-t1"');
    expect(html).toContain('Clause 1.1');
    expect(html).toContain('passage deleted');
    expect(html).toContain('Replace “shall” with “should”');
    expect(html).toContain('No replies');
    expect(html).toContain('Partially accepted');
    expect(html).toContain('Applied to the text');
  });

  it('falls back to the other language for the explanation, marking it', () => {
    const html = render('zh');
    expect(html).toContain('柬埔寨');
    expect(html).toContain('将“shall”改为“should”');
    expect(html).toContain('仅有英文');
    expect(html).toContain('<p class="matrix-explanation" lang="en">Agreed in part.</p>');
  });

  it('shows the standing vote on the thread’s response, linking to it', () => {
    expect(render('en')).not.toContain('Vote');
    const ballots = [...['kh', 'cn', 'la', 'mm', 'th'].map((id) => ballot(id, 'agree')), ballot('vn', 'abstain')];
    const closedAt = Date.UTC(2025, 10, 25, 12);
    const closed = makeVote({
      id: 'v1',
      subject: { kind: 'response', threadId: 't1' },
      ballots,
      state: 'closed',
      closedAt,
    });
    const html = render('en', [closed]);
    expect(html).toContain('href="/consultations/c/votes#vote-v1"');
    expect(html).toContain('Vote: Adopted by consensus — 5 agree, 0 object, 1 abstain (closed 25 Nov)');

    const open = makeVote({ id: 'v2', subject: { kind: 'response', threadId: 't1' }, ballots: ballots.slice(0, 3) });
    expect(render('en', [open])).toContain('Vote open: 3 of 6 voted');
    expect(render('zh', [open])).toContain('表决进行中：已有 3 / 6 个成员国投票');
  });
});
