// @vitest-environment happy-dom
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTabNode,
  $createTextNode,
  $getRoot,
  createEditor,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import {
  $offsetOfPoint,
  $plainLayout,
  domRangeForOffsets,
  type PlainLayout,
  passageFromDomRange,
  passageFromOffsets,
  trimPassage,
} from './passageSelection.ts';

/**
 * The clause below, as Lexical holds it: two paragraphs, the first with a bold run, a tab and a
 * line break, the last empty. Its plain text (what passage offsets count in, as `anchors.ts`
 * on the server defines it) is "Both Parties shall\tcooperate\non trade.\nReview yearly.\n".
 */
const PLAIN = 'Both Parties shall\tcooperate\non trade.\nReview yearly.\n';

interface Keys {
  both: string;
  parties: string;
  shall: string;
  tab: string;
  cooperate: string;
  lineBreak: string;
  onTrade: string;
  review: string;
  first: string;
  second: string;
  empty: string;
}

function fill(editor: LexicalEditor): Keys {
  let keys: Keys | undefined;
  editor.update(
    () => {
      const root = $getRoot();
      root.clear();
      const both = $createTextNode('Both ');
      const parties = $createTextNode('Parties').setFormat('bold');
      const shall = $createTextNode(' shall');
      const tab = $createTabNode();
      const cooperate = $createTextNode('cooperate');
      const lineBreak = $createLineBreakNode();
      const onTrade = $createTextNode('on trade.');
      const first = $createParagraphNode().append(both, parties, shall, tab, cooperate, lineBreak, onTrade);
      const review = $createTextNode('Review yearly.');
      const second = $createParagraphNode().append(review);
      const empty = $createParagraphNode();
      root.append(first, second, empty);
      const key = (node: LexicalNode) => node.getKey();
      keys = {
        both: key(both),
        parties: key(parties),
        shall: key(shall),
        tab: key(tab),
        cooperate: key(cooperate),
        lineBreak: key(lineBreak),
        onTrade: key(onTrade),
        review: key(review),
        first: key(first),
        second: key(second),
        empty: key(empty),
      };
    },
    { discrete: true },
  );
  if (keys === undefined) throw new Error('update did not run');
  return keys;
}

function newEditor(): LexicalEditor {
  return createEditor({
    namespace: 'test',
    onError: (error) => {
      throw error;
    },
  });
}

describe('plain-text layout of a clause editor', () => {
  it('joins paragraphs with "\\n" and counts line breaks and tabs as one character', () => {
    const editor = newEditor();
    const keys = fill(editor);
    const layout = editor.read(() => $plainLayout());
    expect(layout.text).toBe(PLAIN);
    const span = (key: string) => {
      const s = layout.spans.get(key);
      return s && [s.start, s.end];
    };
    expect(span(keys.parties)).toEqual([5, 12]);
    expect(span(keys.tab)).toEqual([18, 19]);
    expect(span(keys.lineBreak)).toEqual([28, 29]);
    expect(span(keys.onTrade)).toEqual([29, 38]);
    expect(span(keys.second)).toEqual([39, 53]);
    expect(span(keys.empty)).toEqual([54, 54]);
  });

  it('maps Lexical points (text and element) to offsets', () => {
    const editor = newEditor();
    const keys = fill(editor);
    editor.read(() => {
      const layout: PlainLayout = $plainLayout();
      const node = (key: string) => {
        const found = $getRoot()
          .getAllTextNodes()
          .find((n) => n.getKey() === key);
        return (
          found ??
          $getRoot()
            .getChildren()
            .find((n) => n.getKey() === key)!
        );
      };
      expect($offsetOfPoint(layout, node(keys.parties), 3)).toBe(8);
      expect($offsetOfPoint(layout, node(keys.review), 0)).toBe(39);
      expect($offsetOfPoint(layout, node(keys.review), 99)).toBe(53);
      // Element points: before the n-th child.
      expect($offsetOfPoint(layout, node(keys.first), 0)).toBe(0);
      expect($offsetOfPoint(layout, node(keys.first), 6)).toBe(29);
      expect($offsetOfPoint(layout, node(keys.first), 7)).toBe(38);
      expect($offsetOfPoint(layout, node(keys.empty), 0)).toBe(54);
      expect($offsetOfPoint(layout, $getRoot(), 1)).toBe(39);
      expect($offsetOfPoint(layout, $getRoot(), 3)).toBe(PLAIN.length);
    });
  });
});

describe('passage offsets', () => {
  it('trims white space at the edges and quotes the text between', () => {
    expect(trimPassage(' a b\n', 0, 5)).toEqual({ start: 1, end: 4 });
    expect(passageFromOffsets(PLAIN, 'en', 29, 39)).toEqual({ language: 'en', start: 29, end: 38, quote: 'on trade.' });
    expect(passageFromOffsets(PLAIN, 'zh', 12, 5)).toEqual({ language: 'zh', start: 5, end: 12, quote: 'Parties' });
    expect(passageFromOffsets(PLAIN, 'en', 38, 39)).toBeNull();
    expect(passageFromOffsets(PLAIN, 'en', 50, 500)).toEqual({ language: 'en', start: 50, end: 53, quote: 'ly.' });
  });
});

describe('DOM selections and ranges', () => {
  let root: HTMLElement | null = null;
  afterEach(() => {
    root?.remove();
    root = null;
  });

  function mounted(): { editor: LexicalEditor; keys: Keys; root: HTMLElement } {
    const editor = newEditor();
    root = document.createElement('div');
    root.contentEditable = 'false';
    document.body.append(root);
    editor.setRootElement(root);
    const keys = fill(editor);
    return { editor, keys, root };
  }

  const textIn = (editor: LexicalEditor, key: string): Text => {
    const element = editor.getElementByKey(key);
    const text = element?.firstChild?.nodeType === 3 ? element.firstChild : element?.firstChild?.firstChild;
    if (text?.nodeType !== 3) throw new Error(`no text DOM for ${key}`);
    return text as Text;
  };

  it('maps a selection inside text nodes, across formats and paragraphs', () => {
    const { editor, keys } = mounted();
    const range = document.createRange();
    range.setStart(textIn(editor, keys.parties), 2);
    range.setEnd(textIn(editor, keys.review), 6);
    expect(passageFromDomRange(editor, range, 'en')).toEqual({
      language: 'en',
      start: 7,
      end: 45,
      quote: 'rties shall\tcooperate\non trade.\nReview',
    });
  });

  it('maps element boundary points and cuts ranges at the editor edge', () => {
    const { editor, keys, root } = mounted();
    const second = editor.getElementByKey(keys.second)!;
    const range = document.createRange();
    range.setStart(second, 0);
    range.setEnd(second, second.childNodes.length);
    expect(passageFromDomRange(editor, range, 'en')?.quote).toBe('Review yearly.');

    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    const reaching = document.createRange();
    reaching.setStart(textIn(editor, keys.onTrade), 3);
    reaching.setEnd(outside.firstChild!, 4);
    expect(passageFromDomRange(editor, reaching, 'en')).toEqual({
      language: 'en',
      start: 32,
      end: 53,
      quote: 'trade.\nReview yearly.',
    });
    outside.remove();

    const collapsed = document.createRange();
    collapsed.setStart(textIn(editor, keys.review), 2);
    expect(passageFromDomRange(editor, collapsed, 'en')).toBeNull();
    const whole = document.createRange();
    whole.selectNodeContents(root);
    expect(passageFromDomRange(editor, whole, 'en')?.quote).toBe(PLAIN.trim());
  });

  it('turns offsets back into a DOM range over the same text', () => {
    const { editor } = mounted();
    const cases: [number, number][] = [
      [0, 4],
      [5, 12],
      [7, 45],
      [13, 29],
      [28, 38],
      [39, 53],
      [0, PLAIN.length],
    ];
    for (const [start, end] of cases) {
      const range = domRangeForOffsets(editor, start, end);
      expect(range, `${start}-${end}`).not.toBeNull();
      // The DOM has no "\n" between paragraphs or for a <br>: compare without separators.
      const expected = PLAIN.slice(start, end).replace(/\n/g, '');
      expect(range?.toString().replace(/\n/g, ''), `${start}-${end}`).toBe(expected);
      // And the range maps back to the same passage (trimmed).
      if (range) expect(passageFromDomRange(editor, range, 'en')).toEqual(passageFromOffsets(PLAIN, 'en', start, end));
    }
    expect(domRangeForOffsets(editor, 10, 10)).toBeNull();
  });
});
