import { describe, expect, it } from 'vitest';
import { compareFrameworks, diffWords, tokenize } from './compare.ts';
import type { ClauseComparison, DiffPart, FrameworkSnapshot } from './versions.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Deterministic PRNG (mulberry32): the random cases are the same on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;

const ENGLISH = ['cooperation', 'and', 'the', 'parties', 'shall', 'mutual', 'benefit', 'sharing', 'access', 'water'];
const CHINESE = ['共', '建', '享', '互', '利', '合', '作', '获', '取', '与', '惠', '益', '分', '澜湄', '𠀀'];
const PUNCTUATION = ['、', '，', '。', ',', '.', ';', '-', '(', ')', '"', '《', '》'];
const SPACES = [' ', ' ', ' ', '  ', '\n', '\t', '\u3000'];
const ODD = ['2030', 'café', 'e\u0301', 'สวัสดี', '👍', '👨‍👩‍👧', '\u0301', '\ud800'];

function randomPiece(r: Random): string {
  const roll = r.next();
  if (roll < 0.3) return r.pick(ENGLISH);
  if (roll < 0.6) return r.pick(CHINESE);
  if (roll < 0.75) return r.pick(PUNCTUATION);
  if (roll < 0.95) return r.pick(SPACES);
  return r.pick(ODD);
}

function randomText(r: Random, maxPieces: number): string {
  let text = '';
  for (let n = r.int(maxPieces + 1); n > 0; n--) text += randomPiece(r);
  return text;
}

/** An edited copy: some token runs deleted, replaced or inserted, so the two texts share a lot. */
function edit(r: Random, text: string): string {
  const tokens = tokenize(text);
  for (let n = r.int(5); n > 0; n--) {
    const at = r.int(tokens.length + 1);
    const removed = r.int(4);
    const inserted = Array.from({ length: r.int(4) }, () => randomPiece(r));
    tokens.splice(at, removed, ...inserted);
  }
  return tokens.join('');
}

const side = (parts: DiffPart[], which: 'from' | 'to') =>
  parts
    .filter((p) => p.op === 'same' || p.op === (which === 'from' ? 'delete' : 'insert'))
    .map((p) => p.text)
    .join('');

const tokenCount = (parts: DiffPart[], op: DiffPart['op'], keep: (token: string) => boolean = () => true) =>
  parts.filter((p) => p.op === op).reduce((n, p) => n + tokenize(p.text).filter(keep).length, 0);

/** Length of the longest common subsequence of two token lists (plain dynamic programming). */
function lcsLength(a: string[], b: string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    b.forEach((y, j) => {
      next.push(x === y ? row[j]! + 1 : Math.max(row[j + 1]!, next[j]!));
    });
    row = next;
  }
  return row[b.length]!;
}

/** The structural promises of every diff. */
function expectWellFormed(parts: DiffPart[], from: string, to: string) {
  expect(side(parts, 'from')).toBe(from);
  expect(side(parts, 'to')).toBe(to);
  parts.forEach((part, i) => {
    expect(part.text).not.toBe('');
    const next = parts[i + 1];
    if (next) {
      expect(next.op).not.toBe(part.op);
      // A replacement is reported deletion first.
      expect(part.op === 'insert' && next.op === 'delete').toBe(false);
    }
  });
  if (from === to) expect(parts.every((p) => p.op === 'same')).toBe(true);
}

type ClauseSpec = string | { id: string; en?: string; zh?: string };
type SectionSpec = { id: string; en?: string; zh?: string; clauses: ClauseSpec[]; children?: SectionSpec[] };

/** Builds a snapshot as the server would: sections depth-first, numbers by position. */
function snapshot(sections: SectionSpec[]): FrameworkSnapshot {
  const out: FrameworkSnapshot = { sections: [], clauses: [] };
  const walk = (list: SectionSpec[], parentId: string | null, prefix: string) => {
    list.forEach((section, i) => {
      const number = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
      out.sections.push({
        id: section.id,
        parentId,
        position: i,
        number,
        title: { en: section.en ?? `Section ${section.id}`, zh: section.zh ?? `${section.id}节` },
      });
      section.clauses.forEach((spec, j) => {
        const c = typeof spec === 'string' ? { id: spec } : spec;
        out.clauses.push({
          id: c.id,
          sectionId: section.id,
          position: j,
          number: `${number}.${j + 1}`,
          text: { en: c.en ?? `Text of clause ${c.id}.`, zh: c.zh ?? `条款${c.id}的文本。` },
        });
      });
      walk(section.children ?? [], section.id, number);
    });
  };
  walk(sections, null, '');
  return out;
}

const byId = (clauses: ClauseComparison[]) => new Map(clauses.map((c) => [c.clauseId, c]));
const flags = (clauses: ClauseComparison[]) =>
  clauses.map((c) => `${c.clauseId}:${c.status}${c.moved ? ',moved' : ''}${c.renumbered ? ',renumbered' : ''}`);

// ---------------------------------------------------------------------------------------------

describe('tokenize', () => {
  it('keeps words whole and gives each punctuation mark and whitespace run its own token', () => {
    expect(tokenize('access and benefit-sharing,  on a basis\n\nof 2030')).toEqual([
      'access',
      ' ',
      'and',
      ' ',
      'benefit',
      '-',
      'sharing',
      ',',
      '  ',
      'on',
      ' ',
      'a',
      ' ',
      'basis',
      '\n\n',
      'of',
      ' ',
      '2030',
    ]);
    expect(tokenize('"(x)".')).toEqual(['"', '(', 'x', ')', '"', '.']);
    expect(tokenize('')).toEqual([]);
  });

  it('makes every Han character a token, with Chinese punctuation and embedded digits apart', () => {
    expect(tokenize('共建、共享、互利')).toEqual(['共', '建', '、', '共', '享', '、', '互', '利']);
    expect(tokenize('第3条《澜湄合作》')).toEqual(['第', '3', '条', '《', '澜', '湄', '合', '作', '》']);
    expect(tokenize('合作cooperation合作')).toEqual(['合', '作', 'cooperation', '合', '作']);
    // A supplementary-plane ideograph is one token, not two surrogates.
    expect(tokenize('𠀀𠀁')).toEqual(['𠀀', '𠀁']);
  });

  it('keeps combining marks, scripts without spaces and emoji sequences together', () => {
    expect(tokenize('cafe\u0301 naïve')).toEqual(['cafe\u0301', ' ', 'naïve']);
    expect(tokenize('สวัสดีครับ ok')).toEqual(['สวัสดีครับ', ' ', 'ok']);
    expect(tokenize('a👨‍👩‍👧b👍')).toEqual(['a', '👨‍👩‍👧', 'b', '👍']);
    expect(tokenize('Ж\u0301ить Ελλάδα')).toEqual(['Ж\u0301ить', ' ', 'Ελλάδα']);
  });

  it('gives the text back when the tokens are joined (random texts, lone surrogates included)', () => {
    const r = random(1);
    for (let i = 0; i < 1000; i++) {
      const text = randomText(r, 40);
      const tokens = tokenize(text);
      expect(tokens.join('')).toBe(text);
      expect(tokens.every((t) => t !== '')).toBe(true);
    }
  });
});

describe('diffWords', () => {
  it('reports identical texts as one unchanged run, and empty texts as nothing', () => {
    expect(diffWords('合作 cooperation', '合作 cooperation')).toEqual([{ op: 'same', text: '合作 cooperation' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('reports an empty side as one insertion or one deletion', () => {
    expect(diffWords('', 'access and benefit-sharing')).toEqual([{ op: 'insert', text: 'access and benefit-sharing' }]);
    expect(diffWords('共建、共享', '')).toEqual([{ op: 'delete', text: '共建、共享' }]);
  });

  it('diffs English by words, deletion before insertion', () => {
    expect(
      diffWords('sharing and mutual benefit', 'access and benefit-sharing on a basis of mutual understanding'),
    ).toEqual([
      { op: 'delete', text: 'sharing' },
      { op: 'insert', text: 'access' },
      { op: 'same', text: ' and' },
      { op: 'insert', text: ' benefit-sharing on' },
      { op: 'same', text: ' ' },
      { op: 'insert', text: 'a basis of ' },
      { op: 'same', text: 'mutual ' },
      { op: 'delete', text: 'benefit' },
      { op: 'insert', text: 'understanding' },
    ]);
    // Never a part of a word: "benefit" is not matched inside "benefit-sharing" as "benefit" + "-sharing".
    expect(diffWords('mutual benefits', 'mutual benefit')).toEqual([
      { op: 'same', text: 'mutual ' },
      { op: 'delete', text: 'benefits' },
      { op: 'insert', text: 'benefit' },
    ]);
  });

  it('diffs Chinese character by character', () => {
    expect(diffWords('共建、共享、互利', '共建、获取与惠益分享、互利')).toEqual([
      { op: 'same', text: '共建、' },
      { op: 'delete', text: '共' },
      { op: 'insert', text: '获取与惠益分' },
      { op: 'same', text: '享、互利' },
    ]);
    expect(diffWords('共建、共享、互利', '共建、互利')).toEqual([
      { op: 'same', text: '共建、' },
      { op: 'delete', text: '共享、' },
      { op: 'same', text: '互利' },
    ]);
    expect(diffWords('加强合作', '加强务实合作')).toEqual([
      { op: 'same', text: '加强' },
      { op: 'insert', text: '务实' },
      { op: 'same', text: '合作' },
    ]);
  });

  it('diffs mixed Chinese and English text', () => {
    expect(diffWords('第3条 Article 3：水资源 cooperation', '第4条 Article 4：水资源 and climate cooperation')).toEqual(
      [
        { op: 'same', text: '第' },
        { op: 'delete', text: '3' },
        { op: 'insert', text: '4' },
        { op: 'same', text: '条 Article ' },
        { op: 'delete', text: '3' },
        { op: 'insert', text: '4' },
        { op: 'same', text: '：水资源' },
        { op: 'insert', text: ' and climate' },
        { op: 'same', text: ' cooperation' },
      ],
    );
  });

  it('sees punctuation-only and whitespace-only changes', () => {
    expect(diffWords('benefit, and access', 'benefit; and access')).toEqual([
      { op: 'same', text: 'benefit' },
      { op: 'delete', text: ',' },
      { op: 'insert', text: ';' },
      { op: 'same', text: ' and access' },
    ]);
    expect(diffWords('共建，共享', '共建、共享')).toEqual([
      { op: 'same', text: '共建' },
      { op: 'delete', text: '，' },
      { op: 'insert', text: '、' },
      { op: 'same', text: '共享' },
    ]);
    expect(diffWords('mutual benefit', 'mutual  benefit')).toEqual([
      { op: 'same', text: 'mutual' },
      { op: 'delete', text: ' ' },
      { op: 'insert', text: '  ' },
      { op: 'same', text: 'benefit' },
    ]);
    expect(diffWords('first paragraph\nsecond', 'first paragraph\n\nsecond')).toEqual([
      { op: 'same', text: 'first paragraph' },
      { op: 'delete', text: '\n' },
      { op: 'insert', text: '\n\n' },
      { op: 'same', text: 'second' },
    ]);
    expect(diffWords('end', 'end.')).toEqual([
      { op: 'same', text: 'end' },
      { op: 'insert', text: '.' },
    ]);
  });

  it('folds the spaces between replaced words into one replacement (and can be told not to)', () => {
    const from = 'the parties shall promote trade';
    const to = 'each party may encourage trade';
    expect(diffWords(from, to)).toEqual([
      { op: 'delete', text: 'the parties shall promote' },
      { op: 'insert', text: 'each party may encourage' },
      { op: 'same', text: ' trade' },
    ]);
    expect(diffWords(from, to, { foldWhitespace: false })).toEqual([
      { op: 'delete', text: 'the' },
      { op: 'insert', text: 'each' },
      { op: 'same', text: ' ' },
      { op: 'delete', text: 'parties' },
      { op: 'insert', text: 'party' },
      { op: 'same', text: ' ' },
      { op: 'delete', text: 'shall' },
      { op: 'insert', text: 'may' },
      { op: 'same', text: ' ' },
      { op: 'delete', text: 'promote' },
      { op: 'insert', text: 'encourage' },
      { op: 'same', text: ' trade' },
    ]);
    // Between two deletions only, the space stays kept: folding would invent an insertion.
    expect(diffWords('one two', ' ')).toEqual([
      { op: 'delete', text: 'one' },
      { op: 'same', text: ' ' },
      { op: 'delete', text: 'two' },
    ]);
    expect(diffWords(' ', 'one two')).toEqual([
      { op: 'insert', text: 'one' },
      { op: 'same', text: ' ' },
      { op: 'insert', text: 'two' },
    ]);
    // A double space is another token than a single one: that is a replacement, folded.
    expect(diffWords('keep one two keep', 'keep  keep')).toEqual([
      { op: 'same', text: 'keep' },
      { op: 'delete', text: ' one two ' },
      { op: 'insert', text: '  ' },
      { op: 'same', text: 'keep' },
    ]);
    expect(diffWords('a x b y c', 'a c')).toEqual([
      { op: 'same', text: 'a ' },
      { op: 'delete', text: 'x b y ' },
      { op: 'same', text: 'c' },
    ]);
  });

  it('rebuilds both texts from the parts, for 1,500 random pairs of mixed English and Chinese', () => {
    const r = random(42);
    for (let i = 0; i < 1500; i++) {
      const from = randomText(r, 30);
      // Mostly edits of each other, sometimes unrelated, sometimes identical.
      const to = i % 10 === 0 ? randomText(r, 30) : i % 25 === 1 ? from : edit(r, from);
      expectWellFormed(diffWords(from, to), from, to);
      expectWellFormed(diffWords(from, to, { foldWhitespace: false }), from, to);
    }
  });

  it('is minimal: tokens kept equal the longest common subsequence (random small cases)', () => {
    const r = random(7);
    // A small alphabet makes many equally good alignments, where a wrong split would show.
    const alphabet = ['a', 'b', 'c', ' ', '共', '享', '、'];
    for (let i = 0; i < 800; i++) {
      const make = () => Array.from({ length: r.int(14) }, () => r.pick(alphabet)).join('');
      const from = i % 2 ? make() : randomText(r, 12);
      const to = i % 3 ? make() : edit(r, from);
      const a = tokenize(from);
      const b = tokenize(to);
      const lcs = lcsLength(a, b);
      const raw = diffWords(from, to, { foldWhitespace: false });
      expect(tokenCount(raw, 'same')).toBe(lcs);
      expect(tokenCount(raw, 'delete')).toBe(a.length - lcs);
      expect(tokenCount(raw, 'insert')).toBe(b.length - lcs);
      // Folding only moves kept whitespace into a change: the words changed are the same.
      const words = (t: string) => !/^\s+$/u.test(t);
      const folded = diffWords(from, to);
      expect(tokenCount(folded, 'delete', words)).toBe(tokenCount(raw, 'delete', words));
      expect(tokenCount(folded, 'insert', words)).toBe(tokenCount(raw, 'insert', words));
    }
  });

  it('finds a few edits in a long text exactly', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
    const from = words.join(' ');
    const to = [...words.slice(0, 5000), 'NEW', ...words.slice(5000, 12_000), ...words.slice(12_001)].join(' ');
    const parts = diffWords(from, to);
    expectWellFormed(parts, from, to);
    expect(parts.filter((p) => p.op !== 'same')).toEqual([
      { op: 'insert', text: 'NEW ' },
      { op: 'delete', text: ' w12000' },
    ]);
  });

  it('stays correct (if coarse) on huge unrelated texts', () => {
    const from = Array.from({ length: 30_000 }, (_, i) => `a${i}`).join(' ');
    const to = Array.from({ length: 30_000 }, (_, i) => `b${i}`).join(' ');
    const started = performance.now();
    const parts = diffWords(from, to);
    console.log(`diffWords on two unrelated 60,000-token texts: ${(performance.now() - started).toFixed(0)} ms`);
    expectWellFormed(parts, from, to);
  });
});

describe('compareFrameworks', () => {
  const base = () =>
    snapshot([
      { id: 'obj', clauses: ['o1', 'o2', 'o3'] },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['w1', 'w2', 'w3', 'w4'] }] },
    ]);

  it('reports identical frameworks as unchanged, with every text kept', () => {
    const result = compareFrameworks(base(), base());
    expect(flags(result.clauses)).toEqual([
      'o1:unchanged',
      'o2:unchanged',
      'o3:unchanged',
      'w1:unchanged',
      'w2:unchanged',
      'w3:unchanged',
      'w4:unchanged',
    ]);
    expect(result.summary).toEqual({ changed: 0, added: 0, removed: 0, moved: 0, renumbered: 0, unchanged: 7 });
    expect(result.sections).toEqual([]);
    const o1 = result.clauses[0]!;
    expect(o1).toEqual({
      clauseId: 'o1',
      status: 'unchanged',
      from: { number: '1.1', sectionId: 'obj' },
      to: { number: '1.1', sectionId: 'obj' },
      moved: false,
      renumbered: false,
      text: {
        en: { changed: false, parts: [{ op: 'same', text: 'Text of clause o1.' }] },
        zh: { changed: false, parts: [{ op: 'same', text: '条款o1的文本。' }] },
      },
      threadIds: [],
    });
  });

  it('diffs each language on its own', () => {
    const to = snapshot([
      {
        id: 'obj',
        clauses: [{ id: 'o1', en: 'Text of clause o1, revised.' }, { id: 'o2', zh: '条款o2的新文本。' }, 'o3'],
      },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['w1', 'w2', 'w3', 'w4'] }] },
    ]);
    const result = byId(compareFrameworks(base(), to).clauses);
    const o1 = result.get('o1')!;
    expect(o1.status).toBe('changed');
    expect(o1.text.en).toEqual({
      changed: true,
      parts: [
        { op: 'same', text: 'Text of clause o1' },
        { op: 'insert', text: ', revised' },
        { op: 'same', text: '.' },
      ],
    });
    expect(o1.text.zh).toEqual({ changed: false, parts: [{ op: 'same', text: '条款o1的文本。' }] });
    const o2 = result.get('o2')!;
    expect(o2.status).toBe('changed');
    expect(o2.text.en.changed).toBe(false);
    expect(o2.text.zh).toEqual({
      changed: true,
      parts: [
        { op: 'same', text: '条款o2的' },
        { op: 'insert', text: '新' },
        { op: 'same', text: '文本。' },
      ],
    });
    expect(result.get('o3')!.status).toBe('unchanged');
  });

  it('reports an added clause as all inserted, and the clauses after it renumbered, not moved', () => {
    const to = snapshot([
      { id: 'obj', clauses: ['o1', { id: 'new', en: 'A new clause.', zh: '新条款。' }, 'o2', 'o3'] },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['w1', 'w2', 'w3', 'w4'] }] },
    ]);
    const result = compareFrameworks(base(), to);
    expect(flags(result.clauses)).toEqual([
      'o1:unchanged',
      'new:added',
      'o2:unchanged,renumbered',
      'o3:unchanged,renumbered',
      'w1:unchanged',
      'w2:unchanged',
      'w3:unchanged',
      'w4:unchanged',
    ]);
    const added = result.clauses[1]!;
    expect(added.from).toBeNull();
    expect(added.to).toEqual({ number: '1.2', sectionId: 'obj' });
    expect(added.text).toEqual({
      en: { changed: true, parts: [{ op: 'insert', text: 'A new clause.' }] },
      zh: { changed: true, parts: [{ op: 'insert', text: '新条款。' }] },
    });
    expect(result.summary).toEqual({ changed: 0, added: 1, removed: 0, moved: 0, renumbered: 2, unchanged: 7 });
  });

  it('reports a removed clause as all deleted, right where it was, and later clauses renumbered, not moved', () => {
    const to = snapshot([
      { id: 'obj', clauses: ['o1', 'o3'] },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['w1', 'w2', 'w3', 'w4'] }] },
    ]);
    const result = compareFrameworks(base(), to);
    expect(flags(result.clauses)).toEqual([
      'o1:unchanged',
      'o2:removed',
      'o3:unchanged,renumbered',
      'w1:unchanged',
      'w2:unchanged',
      'w3:unchanged',
      'w4:unchanged',
    ]);
    const removed = result.clauses[1]!;
    expect(removed.from).toEqual({ number: '1.2', sectionId: 'obj' });
    expect(removed.to).toBeNull();
    expect(removed.moved).toBe(false);
    expect(removed.text).toEqual({
      en: { changed: true, parts: [{ op: 'delete', text: 'Text of clause o2.' }] },
      zh: { changed: true, parts: [{ op: 'delete', text: '条款o2的文本。' }] },
    });
    expect(result.summary).toEqual({ changed: 0, added: 0, removed: 1, moved: 0, renumbered: 1, unchanged: 6 });
  });

  it('places removed clauses after the clause they followed: first ones first, runs together, after a moved anchor', () => {
    const from = snapshot([
      { id: 's1', clauses: ['a', 'b', 'c', 'd', 'e'] },
      { id: 's2', clauses: ['f', 'g', 'h'] },
    ]);
    // a removed (it was first), c and d removed (after b), g removed (after f); b moved to s2's end.
    const to = snapshot([
      { id: 's1', clauses: [{ id: 'new' }, 'e'] },
      { id: 's2', clauses: ['f', 'h', 'b'] },
    ]);
    const result = compareFrameworks(from, to);
    expect(result.clauses.map((c) => c.clauseId)).toEqual(['a', 'new', 'e', 'f', 'g', 'h', 'b', 'c', 'd']);
    expect(flags(result.clauses)).toEqual([
      'a:removed',
      'new:added',
      'e:unchanged,renumbered',
      'f:unchanged',
      'g:removed',
      'h:unchanged,renumbered',
      'b:unchanged,moved,renumbered',
      'c:removed',
      'd:removed',
    ]);
    // Every clause of either side appears exactly once.
    expect(result.clauses).toHaveLength(new Set(result.clauses.map((c) => c.clauseId)).size);
  });

  it('marks a clause moved to another section as moved (and renumbered), and nothing else', () => {
    const to = snapshot([
      { id: 'obj', clauses: ['o1', 'o3'] },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['w1', 'o2', 'w2', 'w3', 'w4'] }] },
    ]);
    const result = compareFrameworks(base(), to);
    expect(flags(result.clauses)).toEqual([
      'o1:unchanged',
      'o3:unchanged,renumbered',
      'w1:unchanged',
      'o2:unchanged,moved,renumbered',
      'w2:unchanged,renumbered',
      'w3:unchanged,renumbered',
      'w4:unchanged,renumbered',
    ]);
    const o2 = byId(result.clauses).get('o2')!;
    expect(o2.from).toEqual({ number: '1.2', sectionId: 'obj' });
    expect(o2.to).toEqual({ number: '2.1.2', sectionId: 'water' });
    expect(result.summary).toEqual({ changed: 0, added: 0, removed: 0, moved: 1, renumbered: 5, unchanged: 7 });
  });

  it('marks a clause moved to another section even when the reading order is the same', () => {
    // o3 is the last clause of "obj", then the first of "water": same place in the reading order.
    const to = snapshot([
      { id: 'obj', clauses: ['o1', 'o2'] },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['o3', 'w1', 'w2', 'w3', 'w4'] }] },
    ]);
    const result = byId(compareFrameworks(base(), to).clauses);
    expect(result.get('o3')!.moved).toBe(true);
    expect([...result.values()].filter((c) => c.moved).map((c) => c.clauseId)).toEqual(['o3']);
  });

  it('marks a clause moved within its section, and not the one it swapped with', () => {
    const to = snapshot([
      { id: 'obj', clauses: ['o1', 'o3', 'o2'] },
      { id: 'areas', clauses: [], children: [{ id: 'water', clauses: ['w1', 'w2', 'w3', 'w4'] }] },
    ]);
    const result = compareFrameworks(base(), to);
    expect(result.clauses.filter((c) => c.moved).map((c) => c.clauseId)).toHaveLength(1);
    expect(result.summary.moved).toBe(1);
    expect(result.summary.renumbered).toBe(2);
    expect(result.summary.unchanged).toBe(7);
  });

  it('marks only the clause that moved up, not every clause it jumped over', () => {
    const from = snapshot([{ id: 's', clauses: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'] }]);
    const up = snapshot([{ id: 's', clauses: ['c1', 'c7', 'c2', 'c3', 'c4', 'c5', 'c6', 'c8'] }]);
    expect(flags(compareFrameworks(from, up).clauses)).toEqual([
      'c1:unchanged',
      'c7:unchanged,moved,renumbered',
      'c2:unchanged,renumbered',
      'c3:unchanged,renumbered',
      'c4:unchanged,renumbered',
      'c5:unchanged,renumbered',
      'c6:unchanged,renumbered',
      'c8:unchanged',
    ]);
    const down = snapshot([{ id: 's', clauses: ['c1', 'c3', 'c4', 'c5', 'c6', 'c7', 'c2', 'c8'] }]);
    const result = compareFrameworks(from, down);
    expect(result.clauses.filter((c) => c.moved).map((c) => c.clauseId)).toEqual(['c2']);
    expect(result.summary.moved).toBe(1);
  });

  it('counts a clause both changed and moved in both counts', () => {
    const to = snapshot([
      { id: 'obj', clauses: ['o1', 'o3'] },
      {
        id: 'areas',
        clauses: [],
        children: [{ id: 'water', clauses: ['w1', 'w2', 'w3', 'w4', { id: 'o2', en: 'Moved and reworded.' }] }],
      },
    ]);
    const result = compareFrameworks(base(), to);
    const o2 = byId(result.clauses).get('o2')!;
    expect([o2.status, o2.moved, o2.renumbered]).toEqual(['changed', true, true]);
    expect(result.summary).toEqual({ changed: 1, added: 0, removed: 0, moved: 1, renumbered: 2, unchanged: 6 });
  });

  it('counts a mixed set of changes', () => {
    const from = snapshot([
      { id: 's1', clauses: ['a', 'b', 'c', 'd'] },
      { id: 's2', clauses: ['e', 'f', 'g'] },
    ]);
    const to = snapshot([
      // b removed, d moved up and reworded, x added, e moved in from s2.
      { id: 's1', clauses: ['a', { id: 'd', zh: '改写。' }, 'c', { id: 'x' }, 'e'] },
      // f changed in English, g unchanged.
      { id: 's2', clauses: [{ id: 'f', en: 'Changed.' }, 'g'] },
    ]);
    const result = compareFrameworks(from, to);
    expect(flags(result.clauses)).toEqual([
      'a:unchanged',
      'b:removed',
      'd:changed,moved,renumbered',
      'c:unchanged',
      'x:added',
      'e:unchanged,moved,renumbered',
      'f:changed,renumbered',
      'g:unchanged,renumbered',
    ]);
    expect(result.summary).toEqual({ changed: 2, added: 1, removed: 1, moved: 2, renumbered: 4, unchanged: 4 });
    // The counts add up to the clauses: each clause has exactly one status.
    const { changed, added, removed, unchanged } = result.summary;
    expect(changed + added + removed + unchanged).toBe(result.clauses.length);
  });

  it('lists sections retitled in either language, added or removed, and omits the rest', () => {
    const from = snapshot([
      { id: 'obj', en: 'Objectives', zh: '合作目标', clauses: [] },
      { id: 'areas', en: 'Priority Areas', zh: '优先领域', clauses: [] },
      { id: 'old', en: 'Old', zh: '旧', clauses: [] },
      { id: 'fin', en: 'Final Provisions', zh: '最后条款', clauses: [] },
    ]);
    const to = snapshot([
      { id: 'obj', en: 'Objectives', zh: '合作目标', clauses: [] },
      { id: 'areas', en: 'Priority Areas', zh: '优先合作领域', clauses: [] },
      { id: 'fin', en: 'Final provisions', zh: '最后条款', clauses: [] },
      { id: 'new', en: 'Institutions', zh: '机制建设', clauses: [] },
    ]);
    const result = compareFrameworks(from, to);
    expect(
      result.sections.map((s) => [s.sectionId, s.titleChanged, s.from?.number ?? null, s.to?.number ?? null]),
    ).toEqual([
      ['areas', true, '2', '2'],
      ['old', false, '3', null],
      ['fin', true, '4', '3'],
      ['new', false, null, '4'],
    ]);
    expect(result.sections[0]!.from!.title).toEqual({ en: 'Priority Areas', zh: '优先领域' });
    expect(result.sections[0]!.to!.title).toEqual({ en: 'Priority Areas', zh: '优先合作领域' });
  });

  it('compares two 300-clause frameworks quickly (timing logged, not asserted)', () => {
    const r = random(300);
    const sentence = (n: number) =>
      Array.from({ length: n }, () => r.pick([...ENGLISH, 'development', 'region', 'river', 'Mekong'])).join(' ');
    const chinese = (n: number) =>
      Array.from({ length: n }, () => r.pick([...CHINESE, '，', '发', '展', '流', '域'])).join('');
    const sections: SectionSpec[] = Array.from({ length: 20 }, (_, s) => ({
      id: `s${s}`,
      clauses: Array.from({ length: 15 }, (_, c) => ({
        id: `c${s}-${c}`,
        en: `${sentence(60)}.`,
        zh: `${chinese(120)}。`,
      })),
    }));
    const from = snapshot(sections);
    let edited = 0;
    const to = snapshot(
      sections.map((section, s) => ({
        ...section,
        clauses: section.clauses.map((spec, i) => {
          if (typeof spec === 'string' || (s * 15 + i) % 10 !== 3) return spec;
          edited++;
          // An edit that happens to change nothing still counts: make sure it changes something.
          const en = edit(r, spec.en!);
          return { ...spec, en: en === spec.en ? `${en} Amended.` : en, zh: edit(r, spec.zh!) };
        }),
      })),
    );
    expect(from.clauses).toHaveLength(300);
    expect(edited).toBe(30);
    const started = performance.now();
    const result = compareFrameworks(from, to);
    const ms = performance.now() - started;
    console.log(
      `compareFrameworks, 300 clauses (60 words + 120 characters each), ${edited} edited: ${ms.toFixed(1)} ms`,
    );
    expect(result.clauses).toHaveLength(300);
    expect(result.summary).toMatchObject({ changed: 30, unchanged: 270, added: 0, removed: 0, moved: 0 });
    for (const clause of result.clauses) {
      const f = from.clauses.find((c) => c.id === clause.clauseId)!;
      const t = to.clauses.find((c) => c.id === clause.clauseId)!;
      expect(side(clause.text.en.parts, 'from')).toBe(f.text.en);
      expect(side(clause.text.en.parts, 'to')).toBe(t.text.en);
    }
  });
});
