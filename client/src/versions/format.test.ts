import type { DiffPart, FrameworkSnapshot } from '@accord/shared';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../api/apiClient.ts';
import { en } from '../i18n/en.ts';
import { zh } from '../i18n/zh.ts';
import { makeThread } from '../test/threadFactory.ts';
import { makeClauseComparison } from '../test/versionFactory.ts';
import {
  clauseBadges,
  describeVersionAudit,
  describeVersionError,
  describeVersionRestoreAudit,
  localized,
  numberText,
  shownClauses,
  sideName,
  sideParts,
  snapshotOutline,
  snapshotThreads,
  summaryBar,
  versionTitle,
} from './format.ts';

const i18n = i18next.createInstance();
let tEn: TFunction;
let tZh: TFunction;

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  tEn = i18n.getFixedT('en');
  tZh = i18n.getFixedT('zh');
});

const day = (at: number) => `day ${at}`;

describe('titles', () => {
  it('reads the reader’s language, else the other, else says the version is untitled', () => {
    expect(localized({ en: 'Revised draft', zh: '修订稿' }, 'zh')).toEqual({ text: '修订稿', lang: 'zh' });
    expect(localized({ en: 'Revised draft', zh: '  ' }, 'zh')).toEqual({ text: 'Revised draft', lang: 'en' });
    expect(localized({ en: '', zh: '' }, 'en')).toBeNull();
    expect(versionTitle({ en: '', zh: '' }, 'en', tEn)).toEqual({ text: 'Untitled version', lang: 'en' });
    expect(versionTitle({ en: '', zh: '' }, 'zh', tZh)).toEqual({ text: '未命名版本', lang: 'zh' });
  });

  it('names the sides of a comparison', () => {
    const version = { kind: 'version', id: 'v1', title: { en: 'Revised draft', zh: '' }, at: 5 } as const;
    expect(sideName(version, 'en', tEn, day)).toBe('“Revised draft” (day 5)');
    expect(sideName(version, 'zh', tZh, day)).toBe('“Revised draft”（day 5）');
    expect(sideName({ kind: 'draft', at: 9 }, 'en', tEn, day)).toBe('the current draft');
  });
});

describe('sideParts', () => {
  const parts: DiffPart[] = [
    { op: 'same', text: 'the ' },
    { op: 'delete', text: 'rich fragile' },
    { op: 'insert', text: 'environmental' },
    { op: 'same', text: ' condition' },
  ];

  it('keeps the deletions on the from side and the insertions on the to side', () => {
    expect(sideParts(parts, 'from')).toEqual([
      { op: 'same', text: 'the ' },
      { op: 'delete', text: 'rich fragile' },
      { op: 'same', text: ' condition' },
    ]);
    expect(sideParts(parts, 'to')).toEqual([
      { op: 'same', text: 'the ' },
      { op: 'insert', text: 'environmental' },
      { op: 'same', text: ' condition' },
    ]);
  });

  it('joins the kept text around a change the other side alone has', () => {
    const insertOnly: DiffPart[] = [
      { op: 'same', text: '各方' },
      { op: 'insert', text: '共同' },
      { op: 'same', text: '合作。' },
    ];
    expect(sideParts(insertOnly, 'from')).toEqual([{ op: 'same', text: '各方合作。' }]);
    // Each side joins back into its own text.
    const text = (runs: DiffPart[]) => runs.map((run) => run.text).join('');
    expect(text(sideParts(insertOnly, 'to'))).toBe('各方共同合作。');
    expect(sideParts([], 'to')).toEqual([]);
  });

  it('does not change the parts it is given', () => {
    const copy = structuredClone(parts);
    sideParts(parts, 'from');
    expect(parts).toEqual(copy);
  });
});

describe('clauses', () => {
  const unchanged = makeClauseComparison({ clauseId: 'a' });
  const movedOnly = makeClauseComparison({ clauseId: 'b', moved: true, renumbered: true });
  const changed = makeClauseComparison({ clauseId: 'c', status: 'changed', moved: true });
  const added = makeClauseComparison({ clauseId: 'd', status: 'added', from: null });
  const removed = makeClauseComparison({ clauseId: 'e', status: 'removed', to: null });
  const all = [unchanged, movedOnly, changed, added, removed];

  it('shows only clauses whose text changed, or that came or went, unless asked for all', () => {
    expect(shownClauses(all, true).map((c) => c.clauseId)).toEqual(['c', 'd', 'e']);
    expect(shownClauses(all, false).map((c) => c.clauseId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('numbers a clause where it is, and says when it was renumbered', () => {
    expect(numberText({ from: { number: '4.3' }, to: { number: '4.3' } })).toBe('4.3');
    expect(numberText({ from: { number: '4.3' }, to: { number: '4.4' } })).toBe('4.3 → 4.4');
    expect(numberText({ from: null, to: { number: '5.1' } })).toBe('5.1');
    expect(numberText({ from: { number: '2.2' }, to: null })).toBe('2.2');
  });

  it('gives badges in a fixed order, none to a clause left as it was', () => {
    expect(clauseBadges(unchanged)).toEqual([]);
    expect(clauseBadges(movedOnly)).toEqual(['moved', 'renumbered']);
    expect(clauseBadges(changed)).toEqual(['changed', 'moved']);
    expect(clauseBadges(added)).toEqual(['added']);
  });

  it('draws each clause in one segment of the bar, in a fixed order, leaving out empty ones', () => {
    expect(summaryBar(all)).toEqual([
      { kind: 'changed', count: 1 },
      { kind: 'added', count: 1 },
      { kind: 'removed', count: 1 },
      { kind: 'moved', count: 1 },
      { kind: 'unchanged', count: 1 },
    ]);
    expect(summaryBar([unchanged, unchanged, changed])).toEqual([
      { kind: 'changed', count: 1 },
      { kind: 'unchanged', count: 2 },
    ]);
    expect(summaryBar([])).toEqual([]);
  });
});

describe('a version’s framework', () => {
  const framework: FrameworkSnapshot = {
    sections: [
      { id: 's2', parentId: null, position: 1, number: '2', title: { en: 'Areas', zh: '领域' } },
      { id: 's21', parentId: 's2', position: 0, number: '2.1', title: { en: 'Water', zh: '水' } },
      { id: 's1', parentId: null, position: 0, number: '1', title: { en: 'Aims', zh: '目标' } },
      { id: 'lost', parentId: 'gone', position: 5, number: '9', title: { en: 'Orphan', zh: '' } },
    ],
    clauses: [
      { id: 'c2', sectionId: 's1', position: 1, number: '1.2', text: { en: 'B', zh: '乙' } },
      { id: 'c1', sectionId: 's1', position: 0, number: '1.1', text: { en: 'A', zh: '甲' } },
      { id: 'c3', sectionId: 's21', position: 0, number: '2.1.1', text: { en: 'C', zh: '丙' } },
    ],
  };

  it('nests sections by parent and orders sections and clauses by position, keeping the snapshot’s numbers', () => {
    const outline = snapshotOutline(framework);
    expect(outline.map((s) => [s.id, s.number, s.depth])).toEqual([
      ['s1', '1', 0],
      ['s2', '2', 0],
      ['lost', '9', 0],
    ]);
    expect(outline[0]?.clauses.map((c) => c.number)).toEqual(['1.1', '1.2']);
    expect(outline[1]?.children.map((s) => [s.id, s.depth])).toEqual([['s21', 1]]);
    expect(outline[1]?.children[0]?.clauses.map((c) => c.id)).toEqual(['c3']);
  });

  it('groups threads by clause and numbers them in order of creation', () => {
    const { byClause, numbers } = snapshotThreads([
      makeThread({ id: 't3', clauseId: 'c1', createdAt: 30 }),
      makeThread({ id: 't1', clauseId: 'c1', createdAt: 10 }),
      makeThread({ id: 't2', clauseId: 'c3', createdAt: 20 }),
    ]);
    expect(byClause.get('c1')?.map((t) => t.id)).toEqual(['t1', 't3']);
    expect(byClause.get('c3')?.map((t) => t.id)).toEqual(['t2']);
    expect(byClause.get('c2')).toBeUndefined();
    expect([...numbers]).toEqual([
      ['t1', 1],
      ['t2', 2],
      ['t3', 3],
    ]);
  });
});

describe('messages', () => {
  it('says why publishing failed', () => {
    expect(describeVersionError(new ApiRequestError(0, 'network_error', 'x'), tEn)).toBe(
      'Could not reach the server. Check your connection and try again.',
    );
    expect(describeVersionError(new ApiRequestError(403, 'forbidden', 'x', null, 'role'), tEn)).toBe(
      'Not done: Your role does not allow this.',
    );
    expect(describeVersionError(new ApiRequestError(404, 'not_found', 'x'), tZh)).toBe('此版本不存在。');
    expect(describeVersionError(new Error('boom'), tEn)).toBe('Something went wrong. Please try again.');
  });

  it('puts a published version’s audit details in a sentence, when they are as expected', () => {
    const title = { en: 'Revised draft', zh: '修订稿' };
    expect(describeVersionAudit({ title, clauseCount: 42, threadCount: 1 }, 'en', tEn)).toBe(
      '“Revised draft”: 42 clauses, 1 thread',
    );
    expect(describeVersionAudit({ title, clauseCount: 42, threadCount: 17 }, 'zh', tZh)).toBe(
      '“修订稿”：42 条条款，17 项讨论',
    );
    expect(describeVersionAudit({ title }, 'en', tEn)).toBe('“Revised draft”');
    expect(describeVersionAudit({ title: 'Revised draft' }, 'en', tEn)).toBeNull();
    expect(describeVersionAudit({}, 'en', tEn)).toBeNull();
  });

  it('puts a restore’s audit details in a sentence: the version, how many clauses changed and which', () => {
    const title = { en: 'Revised draft', zh: '修订稿' };
    const clausesChanged = [
      { clauseId: 'review-1', number: '2.1', languages: ['en'] },
      { clauseId: 'pa-3-2', number: '5.3.2', languages: ['en', 'zh'] },
    ];
    expect(describeVersionRestoreAudit({ title, clausesChanged }, 'en', tEn)).toBe(
      '“Revised draft” restored: 2 clauses changed (2.1, 5.3.2); the draft before it was kept as a version.',
    );
    expect(describeVersionRestoreAudit({ title, clausesChanged: clausesChanged.slice(1) }, 'zh', tZh)).toBe(
      '已恢复“修订稿”：1 条条款已更改（5.3.2）；恢复前的草稿已保存为一个版本。',
    );
    expect(describeVersionRestoreAudit({ title, clausesChanged: [] }, 'en', tEn)).toBe(
      '“Revised draft” restored: no clause changed; the draft before it was kept as a version.',
    );
    expect(describeVersionRestoreAudit({ title, clausesChanged: [{ clauseId: 'x' }] }, 'en', tEn)).toBeNull();
    expect(describeVersionRestoreAudit({ title }, 'en', tEn)).toBeNull();
  });
});
