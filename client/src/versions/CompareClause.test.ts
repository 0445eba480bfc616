import type { Comparison, DiffPart } from '@accord/shared';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { makeClauseComparison } from '../test/versionFactory.ts';
import { CompareClause, type CompareClauseProps } from './CompareClause.tsx';
import { CompareSummary } from './CompareSummary.tsx';

/** The comparison's clauses and summary as markup (no DOM here): the hooks end-to-end tests find, and the marks. */

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
  { op: 'same', text: 'Protect the ' },
  { op: 'delete', text: 'rich fragile ecological environment' },
  { op: 'insert', text: 'environmental condition' },
  { op: 'same', text: ' of the basin.' },
];
const zhParts: DiffPart[] = [
  { op: 'same', text: '保护流域' },
  { op: 'delete', text: '脆弱' },
  { op: 'insert', text: '环境' },
  { op: 'same', text: '状况。' },
];

const changed = makeClauseComparison({
  clauseId: 'review-1',
  status: 'changed',
  from: { number: '2.1', sectionId: 's2' },
  to: { number: '2.2', sectionId: 's2' },
  renumbered: true,
  text: { en: { changed: true, parts: enParts }, zh: { changed: true, parts: zhParts } },
  threadIds: ['t7', 't8'],
});

function render(props: Partial<CompareClauseProps> = {}, language: 'en' | 'zh' = 'en'): string {
  void i18next.changeLanguage(language);
  return renderToStaticMarkup(
    createElement(CompareClause, {
      clause: changed,
      view: 'inline',
      consultationId: 'c1',
      fromName: 'Revised draft',
      toName: 'Current draft',
      threadNumber: (id) => (id === 't7' ? 3 : null),
      ...props,
    }),
  );
}

const texts = (html: string, tag: 'ins' | 'del') =>
  [...html.matchAll(new RegExp(`<${tag}[^>]*>(.*?)</${tag}>`, 'g'))].map((m) => m[1]);

describe('CompareClause', () => {
  it('has the hooks end-to-end tests find it by', () => {
    const html = render();
    expect(html).toMatch(
      /^<article class="compare-clause compare-clause-changed" data-testid="compare-clause" data-clause-id="review-1" data-status="changed" data-moved="false" data-renumbered="true"/,
    );
    const moved = render({ clause: { ...changed, moved: true, renumbered: false, status: 'unchanged' } });
    expect(moved).toContain('data-status="unchanged" data-moved="true" data-renumbered="false"');
  });

  it('names the clause by its numbers and says what happened to it', () => {
    const html = render();
    expect(html).toMatch(/<h4 id="[^"]+">Clause 2.1 → 2.2<\/h4>/);
    expect(html).toContain(
      '<ul class="compare-badges" aria-label="What changed"><li class="compare-badge compare-kind-changed">Changed</li><li class="compare-badge compare-kind-renumbered">Renumbered</li></ul>',
    );
    expect(render({}, 'zh')).toContain('第 2.1 → 2.2 条');
  });

  it('inline: one text per language, deletions in <del> and insertions in <ins>, Chinese first', () => {
    const html = render({ view: 'inline' });
    expect(texts(html, 'del')).toEqual(['脆弱', 'rich fragile ecological environment']);
    expect(texts(html, 'ins')).toEqual(['环境', 'environmental condition']);
    expect(html).toContain('<div class="diff-text" lang="zh">保护流域');
    expect(html).not.toContain('compare-sides');
  });

  it('side by side: the from side with its deletions, the to side with its insertions', () => {
    const html = render({ view: 'side' });
    const sides = [...html.matchAll(/<div class="compare-side compare-side-(from|to)">(.*?)<\/div><\/div>/g)];
    expect(sides.map((m) => m[1])).toEqual(['from', 'to', 'from', 'to']);
    const [zhFrom, zhTo, enFrom, enTo] = sides.map((m) => m[2] ?? '');
    expect(zhFrom).toContain('From: Revised draft');
    expect(texts(zhFrom ?? '', 'del')).toEqual(['脆弱']);
    expect(texts(zhFrom ?? '', 'ins')).toEqual([]);
    expect(texts(zhTo ?? '', 'ins')).toEqual(['环境']);
    expect(enTo).toContain('To: Current draft');
    expect(texts(enFrom ?? '', 'del')).toEqual(['rich fragile ecological environment']);
    expect(texts(enTo ?? '', 'del')).toEqual([]);
  });

  it('says each change in words too, outside the marked text', () => {
    const html = render({ view: 'inline' });
    expect(html).toContain(
      '<span class="visually-hidden">insertion: </span><ins class="diff-insert">environmental condition</ins><span class="visually-hidden"> end of insertion </span>',
    );
    expect(html).toContain(
      '<span class="visually-hidden">deletion: </span><del class="diff-delete">rich fragile ecological environment</del>',
    );
    expect(render({ view: 'inline' }, 'zh')).toContain(
      '<span class="visually-hidden">插入： </span><ins class="diff-insert">环境</ins>',
    );
  });

  it('links each change to the thread whose accepted wording made it, by number when known', () => {
    const html = render();
    expect(html).toContain(
      'Changed by the accepted wording of <a href="/consultations/c1#thread-t7" data-testid="compare-thread-link">#3</a>',
    );
    expect(html).toContain(
      'Changed by <a href="/consultations/c1#thread-t8" data-testid="compare-thread-link">a comment’s accepted wording</a>',
    );
    expect(render({ clause: { ...changed, threadIds: [] } })).not.toContain('compare-thread-link');
  });

  it('shows a text that did not change once, plain, and an added clause’s text as inserted', () => {
    const oneLanguage = render({
      view: 'side',
      clause: {
        ...changed,
        text: { ...changed.text, zh: { changed: false, parts: [{ op: 'same', text: '各方合作。' }] } },
      },
    });
    expect(oneLanguage).toContain('Chinese<span class="compare-unchanged-note"> · No change</span>');
    expect(oneLanguage).toContain('<div class="diff-text" lang="zh">各方合作。</div>');
    const added = render({
      view: 'side',
      clause: makeClauseComparison({
        clauseId: 'new',
        status: 'added',
        from: null,
        to: { number: '5.1', sectionId: 's5' },
        text: {
          en: { changed: true, parts: [{ op: 'insert', text: 'New text.' }] },
          zh: { changed: false, parts: [] },
        },
      }),
    });
    expect(added).toContain('data-status="added"');
    expect(added).toContain('Clause 5.1');
    expect(texts(added, 'ins')).toEqual(['New text.']);
    expect(added).not.toContain('compare-sides');
    expect(added).toContain('<div class="diff-text diff-blank">No text</div>');
  });
});

describe('CompareSummary', () => {
  it('counts every kind of change in words, beside a bar drawn for the eyes only', () => {
    void i18next.changeLanguage('en');
    const comparison: Comparison = {
      from: { kind: 'version', id: 'v1', title: { en: 'Revised draft', zh: '' }, at: 1 },
      to: { kind: 'draft', at: 2 },
      clauses: [changed, makeClauseComparison({ clauseId: 'a' }), makeClauseComparison({ clauseId: 'b', moved: true })],
      summary: { changed: 1, added: 0, removed: 0, moved: 1, renumbered: 1, unchanged: 2 },
      sections: [],
    };
    const html = renderToStaticMarkup(createElement(CompareSummary, { comparison }));
    expect(html).toContain('3 clauses compared');
    const chips = [...html.matchAll(/<li class="compare-chip ([^"]+)"><span[^>]*><\/span>(.*?)<\/li>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(chips).toEqual([
      'compare-kind-changed Changed: 1',
      'compare-kind-added is-zero Added: 0',
      'compare-kind-removed is-zero Removed: 0',
      'compare-kind-moved Moved: 1',
      'compare-kind-renumbered Renumbered: 1',
      'compare-kind-unchanged Unchanged: 2',
    ]);
    expect(html).toMatch(/<div class="compare-bar" data-testid="compare-summary-bar" aria-hidden="true">/);
    const segments = [...html.matchAll(/compare-bar-segment compare-kind-(\w+)" style="flex-grow:(\d+)"/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(segments).toEqual(['changed:1', 'moved:1', 'unchanged:1']);
  });
});
