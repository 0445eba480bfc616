import type { DiffPart, SinceLastVisit } from '@accord/shared';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { makeClauseComparison } from '../test/versionFactory.ts';
import { makeSummary } from '../test/visitFactory.ts';
import type { SinceEnv } from './SinceItems.tsx';
import { SinceLastVisitPanel, type SinceLastVisitPanelProps } from './SinceLastVisitPanel.tsx';

/** The panel as markup (no DOM here): the hooks end-to-end tests find, the counts, the sentences. */

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

const enParts: DiffPart[] = [
  { op: 'same', text: 'Joint ' },
  { op: 'delete', text: 'national' },
  { op: 'insert', text: 'cross-border' },
  { op: 'same', text: ' monitoring.' },
];

const at = Date.UTC(2025, 2, 5, 12, 0);
const summary = makeSummary({
  clauses: [
    makeClauseComparison({
      clauseId: 'pa-3-1',
      status: 'changed',
      text: {
        en: { changed: true, parts: enParts },
        zh: { changed: false, parts: [{ op: 'same', text: '联合监测。' }] },
      },
      threadIds: ['t7'],
    }),
  ],
  responsesToMine: [{ threadId: 't7', clauseId: 'pa-3-1', status: 'accepted', at }],
  newThreads: [
    {
      threadId: 't8',
      clauseId: 'pa-3-2',
      kind: 'question',
      author: { personId: 'p', name: 'Wang Fang' },
      stakeholderId: 'cn',
      createdAt: at,
    },
  ],
  newReplies: [{ threadId: 't7', clauseId: 'pa-3-1', count: 2, latestAt: at, mine: true }],
  votes: [
    {
      voteId: 'v1',
      subject: { kind: 'clause', clauseId: 'pa-3-1' },
      question: { en: 'Do the member states agree?', zh: '成员国是否同意？' },
      event: 'closed',
      at,
      outcome: 'adopted',
    },
  ],
});

const env: SinceEnv = {
  consultationId: 'c1',
  clauseNumber: (clauseId) => ({ 'pa-3-1': '5.3.1', 'pa-3-2': '5.3.2' })[clauseId] ?? null,
  thread: (threadId) => (threadId === 't7' ? { number: 12, clauseId: 'pa-3-1' } : { number: null, clauseId: null }),
  personLabel: (name, stakeholderId) => (stakeholderId === 'cn' ? `${name} (China)` : name),
};

function render(shown: SinceLastVisit, language: 'en' | 'zh' = 'en', props: Partial<SinceLastVisitPanelProps> = {}) {
  void i18next.changeLanguage(language);
  return renderToStaticMarkup(
    createElement(SinceLastVisitPanel, {
      summary: shown,
      env,
      pending: null,
      error: null,
      takeMarked: () => null,
      markedNonce: 0,
      onMarkClause: () => {},
      onMarkAll: () => {},
      onRefresh: () => {},
      ...props,
    }),
  );
}

/** Each button's accessible name: its aria-label, else its text. */
const buttonNames = (html: string) =>
  [...html.matchAll(/<button([^>]*)>(.*?)<\/button>/g)].map(
    (m) => /aria-label="([^"]+)"/.exec(m[1] ?? '')?.[1] ?? (m[2] ?? '').replace(/<[^>]+>/g, ''),
  );
const texts = (html: string) =>
  html.replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '');

describe('SinceLastVisitPanel', () => {
  it('has the hooks end-to-end tests find it by', () => {
    const html = render(summary);
    expect(html).toMatch(
      /^<section class="since" data-testid="since-last-visit" data-state="changes" aria-labelledby="([^"]+)">/,
    );
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`<h2 id="${labelledBy}" tabindex="-1">Since your last visit</h2>`);
    expect(html).toMatch(
      /<li id="since-clause-pa-3-1" class="since-item since-clause compare-kind-changed" tabindex="-1" data-since-item="" aria-labelledby="[^"]+" data-testid="since-clause" data-clause-id="pa-3-1" data-status="changed">/,
    );
    expect(html).toMatch(
      /<li id="since-response-t7"[^>]* data-testid="since-response" data-thread-id="t7" data-status="accepted">/,
    );
    expect(buttonNames(html)).toEqual([
      'Previous change',
      'Next change',
      'Hide the changes',
      'Refresh',
      'Mark all as seen',
      'Mark as seen: clause 5.3.1',
    ]);
    expect(html).not.toContain('since-up-to-date');
  });

  it('says since when, and counts what changed in the heading', () => {
    const html = render(summary);
    expect(texts(html)).toContain('Changes since 14 Aug 2017 (the version “Revised draft”)');
    const chips = [...html.matchAll(/<li class="since-chip since-chip-(\w+)"[^>]*>(.*?)<\/li>/g)].map(
      (m) => `${m[1]}: ${m[2]}`,
    );
    expect(chips).toEqual([
      'clauses: 1 clause changed',
      'responses: 1 response',
      'threads: 1 new thread',
      'replies: 2 new replies',
      'votes: 1 vote',
    ]);
    expect(texts(html)).toContain('5 changes');

    const visit = render({ ...summary, baseline: { kind: 'visit' }, since: summary.generatedAt - 3 * 86_400_000 });
    expect(texts(visit)).toContain('Changes since you last marked changes seen, 3 days ago');

    const chinese = render(summary, 'zh');
    expect(texts(chinese)).toContain('自您上次访问以来');
    expect(texts(chinese)).toContain('自2017年8月14日（版本“修订稿”）以来的修改');
    expect(chinese).toContain('1 条条款有修改');
    expect(buttonNames(chinese)).toContain('全部标记为已读');
  });

  it('shows each changed clause by its number on the page, with its word diff and what changed it', () => {
    const html = render(summary);
    expect(html).toMatch(/<h4 id="[^"]+">Clause 5.3.1<\/h4>/);
    expect(html).toContain('<li class="compare-badge compare-kind-changed">Changed</li>');
    expect(html).toContain('<ins class="diff-insert">cross-border</ins>');
    expect(html).toContain('<del class="diff-delete">national</del>');
    expect(html).toContain('<div class="diff-text" lang="en">Joint ');
    // The Chinese text did not change: said, not shown.
    expect(html).toContain('<p class="since-language-unchanged">Chinese: no change</p>');
    expect(html).not.toContain('联合监测');
    expect(html).toContain('Changed by the accepted wording of <a href="#thread-t7">#12</a>');
    expect(html).toContain('<a href="#clause-pa-3-1">Go to clause 5.3.1</a>');
  });

  it('says who answered, started and replied, and what the votes did, each linked', () => {
    const html = texts(render(summary));
    expect(html).toContain('The secretariat answered #12 on clause 5.3.1: Accepted');
    expect(html).toContain('a thread — Question by Wang Fang (China) on clause 5.3.2');
    expect(html).toContain('2 new replies in #12 on clause 5.3.1 in your thread');
    expect(html).toContain('Vote closed on clause 5.3.1 — Adopted: Do the member states agree?');
    const markup = render(summary);
    expect(markup).toContain('<a href="/consultations/c1/votes#vote-v1" lang="en">Do the member states agree?</a>');
    expect(markup).toContain('data-testid="since-replies" data-thread-id="t7" data-mine="true"');

    const chinese = texts(render(summary, 'zh'));
    expect(chinese).toContain('秘书处已答复第 5.3.1 条上的#12：采纳');
    expect(chinese).toContain('成员国是否同意？');
  });

  it('groups the items under headings one level below the panel’s, only those there are', () => {
    const html = render(makeSummary({ responsesToMine: summary.responsesToMine }));
    const headings = [...html.matchAll(/<h(\d)[^>]*>(.*?)<\/h\d>/g)].map((m) => `h${m[1]} ${m[2]}`);
    expect(headings).toEqual(['h2 Since your last visit', 'h3 Responses to your comments']);
  });

  it('says the reader is up to date when nothing is listed, and shows nothing with nothing to compare with', () => {
    const html = render(makeSummary({ baseline: { kind: 'visit' }, since: 1 }));
    expect(html).toMatch(/^<div class="since-done" data-testid="since-last-visit" data-state="up-to-date">/);
    expect(html).toContain('data-testid="since-up-to-date"');
    expect(texts(html)).toContain('You are up to date');
    expect(buttonNames(html)).toEqual(['Refresh']);
    expect(texts(render(makeSummary()))).toContain(
      'You are up to date: nothing changed since the version “Revised draft”.',
    );
    expect(texts(render(makeSummary(), 'zh'))).toContain('自版本“修订稿”以来没有新的修改');
    expect(render(makeSummary({ baseline: { kind: 'none' }, since: null }))).toBe('');
  });

  it('says a request is under way, and why one failed', () => {
    const html = render(summary, 'en', { pending: { kind: 'all' }, error: 'Not done: slow down' });
    expect(html).toContain('aria-disabled="true" aria-busy="true">Mark all as seen</button>');
    expect(html).toContain('Marking as seen…');
    expect(html).toContain('<p role="alert" class="form-error">Not done: slow down</p>');
  });
});
