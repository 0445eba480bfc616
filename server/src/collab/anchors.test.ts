import {
  AnchorError,
  anchorPassage,
  applyProposal,
  clausePlainText,
  type EncodedAnchor,
  type Proposal,
  resolveAnchor,
} from '@accord/shared';
import { createHeadlessEditor } from '@lexical/headless';
import { createYjsBinding, syncYjsChangesToLexical } from '@lexical/yjs';
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createRangeSelection,
  $createTabNode,
  $createTextNode,
  $getRoot,
  $isElementNode,
  $isTextNode,
  $setSelection,
  type ElementNode,
  type LexicalEditor,
  type SerializedLexicalNode,
  type TextNode,
} from 'lexical';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clauseTextUpdate, noCursorProvider, writeLexicalToYjs } from './lexicalText.ts';

/**
 * Anchors are tested on documents written and edited the way the browser does it: a headless
 * Lexical editor bound to each Y.Doc with @lexical/yjs, as `CollaborationPlugin` binds one.
 */

interface Client {
  doc: Y.Doc;
  editor: LexicalEditor;
}

/** A Y.Doc with a Lexical editor bound to it both ways, loaded from `state` if given. */
function lexicalClient(state?: Uint8Array): Client {
  const doc = new Y.Doc();
  const editor = createHeadlessEditor({
    namespace: 'anchors-test',
    onError: (error) => {
      throw error;
    },
  });
  const binding = createYjsBinding({ editor, id: 'client', doc, docMap: new Map([['client', doc]]) });
  binding.root.getSharedType().observeDeep((events, transaction) => {
    if (transaction.origin !== binding)
      syncYjsChangesToLexical(
        binding,
        noCursorProvider,
        events as Parameters<typeof syncYjsChangesToLexical>[2],
        false,
      );
  });
  writeLexicalToYjs(editor, binding);
  if (state) Y.applyUpdate(doc, state);
  flush(editor);
  return { doc, editor };
}

/**
 * Commits what the editor took from Yjs. Lexical commits remote changes in a microtask, as a
 * browser does before the next keystroke; a local edit made before that would be merged into
 * the remote update and never reach Yjs.
 */
const flush = (editor: LexicalEditor) => editor.read(() => {});

/** What the editor shows, in the plain-text model of `clausePlainText`. */
const editorText = (editor: LexicalEditor): string =>
  editor.read(() =>
    $getRoot()
      .getChildren()
      .map((paragraph) => paragraph.getTextContent())
      .join('\n'),
  );

/** The editor's nodes, paragraph by paragraph, as [type, text] pairs (text nodes only). */
const editorNodes = (editor: LexicalEditor) =>
  editor
    .getEditorState()
    .toJSON()
    .root.children.map((paragraph) => {
      const { type, children } = paragraph as SerializedLexicalNode & { children: SerializedLexicalNode[] };
      return {
        type,
        children: children.map((child) => ('text' in child ? [child.type, child.text] : [child.type])),
      };
    });

/** A Lexical point at a plain-text offset of the clause (paragraphs joined by "\n"). */
function $pointAt(offset: number): { key: string; offset: number; type: 'text' | 'element' } {
  let rest = offset;
  for (const paragraph of $getRoot().getChildren()) {
    if (!$isElementNode(paragraph)) continue;
    const size = paragraph.getTextContentSize();
    if (rest > size) {
      rest -= size + 1;
      continue;
    }
    const children = paragraph.getChildren();
    for (const [index, child] of children.entries()) {
      const childSize = child.getTextContentSize();
      if ($isTextNode(child) && rest <= childSize) return { key: child.getKey(), offset: rest, type: 'text' };
      if (rest === 0) return { key: paragraph.getKey(), offset: index, type: 'element' };
      rest -= childSize;
    }
    return { key: paragraph.getKey(), offset: children.length, type: 'element' };
  }
  throw new Error(`offset ${offset} is beyond the text`);
}

/** Selects [from, to) of the clause's plain text and runs `act` on the selection, as typing does. */
function edit(client: Client, from: number, to: number, act: (s: ReturnType<typeof $createRangeSelection>) => void) {
  client.editor.update(
    () => {
      const selection = $createRangeSelection();
      const anchor = $pointAt(from);
      const focus = $pointAt(to);
      selection.anchor.set(anchor.key, anchor.offset, anchor.type);
      selection.focus.set(focus.key, focus.offset, focus.type);
      $setSelection(selection);
      act(selection);
    },
    { discrete: true },
  );
}
const typeAt = (client: Client, at: number, text: string) => edit(client, at, at, (s) => s.insertText(text));
const removeRange = (client: Client, from: number, to: number) => edit(client, from, to, (s) => s.removeText());
const removeParagraph = (client: Client, index: number) =>
  client.editor.update(() => $getRoot().getChildAtIndex(index)?.remove(), { discrete: true });

/** Sends each document what the others have and it lacks, then lets the editors catch up. */
function exchange(...clients: Client[]) {
  for (const from of clients)
    for (const to of clients)
      if (from !== to) Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)));
  for (const client of clients) flush(client.editor);
}

const attached = (start: number, end: number, text: string) => ({
  state: 'attached',
  start,
  end,
  text,
  by: 'position',
});

/** The passage of `quote` (its first occurrence) in the client's text. */
function anchorQuote(doc: Y.Doc, quote: string): EncodedAnchor {
  const start = clausePlainText(doc).indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return anchorPassage(doc, start, start + quote.length);
}

describe('clausePlainText', () => {
  it('joins paragraphs with "\\n", keeping empty ones', () => {
    const doc = lexicalClient(clauseTextUpdate('Joint research\n\n促进次区域可持续发展\nlast')).doc;
    expect(clausePlainText(doc)).toBe('Joint research\n\n促进次区域可持续发展\nlast');
    expect(clausePlainText(new Y.Doc())).toBe('');
  });

  it('reads line breaks as "\\n", tabs as "\\t" and formatted runs as their text', () => {
    const client = lexicalClient();
    client.editor.update(
      () => {
        const bold = $createTextNode('research').toggleFormat('bold');
        $getRoot().append(
          $createParagraphNode().append($createTextNode('Joint '), bold, $createLineBreakNode(), $createTabNode()),
          $createParagraphNode().append($createTextNode('and planning')),
        );
      },
      { discrete: true },
    );
    expect(clausePlainText(client.doc)).toBe('Joint research\n\t\nand planning');
    expect(clausePlainText(client.doc)).toBe(editorText(client.editor));
  });
});

describe('anchorPassage and resolveAnchor', () => {
  const text = 'Joint research and planning\nSecond paragraph';

  it('follows a passage through typing before, inside and after it', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorPassage(client.doc, 6, 14);
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(6, 14, 'research'));

    typeAt(client, 0, 'The ');
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(10, 18, 'research'));
    typeAt(client, 14, '-and-'); // "rese|arch"
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(10, 23, 'rese-and-arch'));
    typeAt(client, 36, ' together'); // after "planning"
    typeAt(client, clausePlainText(client.doc).length, ' too'); // in the next paragraph
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(10, 23, 'rese-and-arch'));
    expect(clausePlainText(client.doc)).toBe('The Joint rese-and-arch and planning together\nSecond paragraph too');
  });

  it('keeps text typed exactly at either edge outside the passage', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorPassage(client.doc, 6, 14);
    typeAt(client, 6, '[');
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(7, 15, 'research'));
    typeAt(client, 15, ']');
    expect(clausePlainText(client.doc).slice(0, 17)).toBe('Joint [research] ');
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(7, 15, 'research'));
  });

  it('keeps edge insertions outside when the paragraph is edited in Yjs directly', () => {
    const doc = lexicalClient(clauseTextUpdate(text)).doc;
    const anchor = anchorPassage(doc, 0, 5); // "Joint", at the very start of the text node
    const paragraph = (doc.get('root', Y.XmlText).toDelta() as { insert: Y.XmlText }[])[0]?.insert as Y.XmlText;
    // Index 0 is the text node's property map; its characters start at 1.
    paragraph.insert(1, '«');
    paragraph.insert(7, '»');
    expect(clausePlainText(doc).slice(0, 8)).toBe('«Joint» ');
    expect(resolveAnchor(doc, anchor)).toEqual(attached(1, 6, 'Joint'));
  });

  it('shrinks when part of the passage is deleted', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorPassage(client.doc, 6, 27); // "research and planning"
    removeRange(client, 4, 9); // "t res"
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(4, 22, 'earch and planning'));
    removeRange(client, 15, 22); // "lanning"
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(4, 15, 'earch and p'));
    removeRange(client, 9, 13); // " and"
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(4, 11, 'earch p'));
  });

  it('is detached once all of the passage is deleted, even if text is typed where it was', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorPassage(client.doc, 6, 14);
    removeRange(client, 5, 15); // " research " around it
    expect(clausePlainText(client.doc).slice(0, 12)).toBe('Jointand pla');
    expect(resolveAnchor(client.doc, anchor)).toEqual({ state: 'detached' });
    typeAt(client, 5, ' research ');
    expect(resolveAnchor(client.doc, anchor)).toEqual({ state: 'detached' });
  });

  it('falls back to the quote when Lexical rewrites the characters the positions stuck to', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const research = { ...anchorPassage(client.doc, 6, 14), quote: 'research' };
    // Making part of the passage bold splits its text node: Lexical re-creates the characters.
    edit(client, 6, 8, (s) => s.formatText('bold'));
    expect(clausePlainText(client.doc)).toBe(text);
    expect(resolveAnchor(client.doc, { start: research.start, end: research.end })).not.toEqual(
      attached(6, 14, 'research'),
    );
    expect(resolveAnchor(client.doc, research)).toEqual({
      state: 'attached',
      start: 6,
      end: 14,
      text: 'research',
      by: 'quote',
    });

    // Deleted and typed again elsewhere: found again by its quote; typed nowhere: detached.
    const planning = { ...anchorQuote(client.doc, 'planning'), quote: 'planning' };
    removeRange(client, 19, 27);
    typeAt(client, 0, 'planning: ');
    expect(resolveAnchor(client.doc, planning)).toEqual({
      state: 'attached',
      start: 0,
      end: 8,
      text: 'planning',
      by: 'quote',
    });
    const second = { ...anchorQuote(client.doc, 'Second'), quote: 'Second' };
    removeParagraph(client, 1);
    expect(resolveAnchor(client.doc, second)).toEqual({ state: 'detached' });
  });

  it('is detached when its paragraph is deleted, while passages elsewhere follow', () => {
    const client = lexicalClient(clauseTextUpdate(`First one\n${text}`));
    const inFirst = anchorQuote(client.doc, 'First');
    const inSecond = anchorQuote(client.doc, 'research');
    const inThird = anchorQuote(client.doc, 'paragraph');
    const fromSecondToThird = anchorQuote(client.doc, 'planning\nSecond');
    removeParagraph(client, 1);
    expect(clausePlainText(client.doc)).toBe('First one\nSecond paragraph');
    expect(resolveAnchor(client.doc, inSecond)).toEqual({ state: 'detached' });
    // A passage whose first paragraph is gone is detached too, though its end is still there.
    expect(resolveAnchor(client.doc, fromSecondToThird)).toEqual({ state: 'detached' });
    expect(resolveAnchor(client.doc, inFirst)).toEqual(attached(0, 5, 'First'));
    expect(resolveAnchor(client.doc, inThird)).toEqual(attached(17, 26, 'paragraph'));
  });

  it('resolves a passage spanning two paragraphs, including the separator', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorPassage(client.doc, 19, 34); // "planning\nSecond"
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(19, 34, 'planning\nSecond'));
    typeAt(client, 0, '1. ');
    typeAt(client, 37, ' (new)'); // right after "Second": the passage's end edge
    typeAt(client, 29, 'ly'); // "plannin|g"
    expect(clausePlainText(client.doc)).toBe('1. Joint research and planninlyg\nSecond (new) paragraph');
    expect(resolveAnchor(client.doc, anchor)).toEqual(attached(22, 39, 'planninlyg\nSecond'));
    // A selection that starts on the separator anchors to the text after it.
    const fromSeparator = anchorPassage(client.doc, 32, 39);
    expect(resolveAnchor(client.doc, fromSeparator)).toEqual(attached(33, 39, 'Second'));
  });

  it('anchors a point to the character before it', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const point = anchorPassage(client.doc, 5, 5); // after "Joint"
    expect(resolveAnchor(client.doc, point)).toEqual(attached(5, 5, ''));
    typeAt(client, 0, 'The ');
    typeAt(client, 9, ' and'); // typed at the point itself: it stays before it
    expect(resolveAnchor(client.doc, point)).toEqual(attached(9, 9, ''));
  });

  it('refuses passages beyond the text or made only of paragraph separators', () => {
    const doc = lexicalClient(clauseTextUpdate('ab\n\ncd')).doc;
    expect(() => anchorPassage(doc, 5, 7)).toThrow(AnchorError);
    expect(() => anchorPassage(doc, 2, 4)).toThrow(AnchorError); // "\n\n"
    expect(() => anchorPassage(doc, 0, 0)).not.toThrow();
    expect(() =>
      resolveAnchor(doc, { start: 'not base64!', end: anchorPassage(doc, 0, 1).end } as EncodedAnchor),
    ).toThrow(AnchorError);
  });

  it('resolves the same once the document is reloaded from its compacted log', () => {
    const client = lexicalClient(clauseTextUpdate(`First one\n${text}`));
    const log = [Y.encodeStateAsUpdate(client.doc)];
    client.doc.on('update', (update: Uint8Array) => log.push(update));
    const anchors = ['First', 'research', 'and planning\nSecond', 'one'].map((q) => anchorQuote(client.doc, q));
    removeParagraph(client, 0);
    typeAt(client, 10, 'X'); // "rese|arch"
    removeRange(client, 14, 19); // "h and"
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.mergeUpdates(log));
    expect(clausePlainText(reloaded)).toBe('Joint reseXarc planning\nSecond paragraph');
    const resolved = anchors.map((anchor) => resolveAnchor(reloaded, anchor));
    expect(resolved).toEqual([
      { state: 'detached' },
      attached(6, 14, 'reseXarc'),
      attached(14, 30, ' planning\nSecond'),
      { state: 'detached' },
    ]);
    expect(anchors.map((anchor) => resolveAnchor(client.doc, anchor))).toEqual(resolved);
  });

  it('resolves the same in every copy once concurrent edits are merged', () => {
    const initial = clauseTextUpdate(text);
    const server = lexicalClient(initial);
    const a = lexicalClient(initial);
    const b = lexicalClient(initial);
    const anchor = anchorPassage(server.doc, 6, 27); // "research and planning"

    // Concurrently, without seeing each other's edits:
    typeAt(a, 10, 'X'); // inside: "rese|arch"
    removeRange(a, 0, 6); // "Joint "
    typeAt(b, 27, ' together'); // at the end edge
    typeAt(b, 6, 'joint '); // at the start edge
    removeRange(b, 20, 24); // " and" (shifted by "joint ")
    exchange(server, a, b);

    const expected = 'joint reseXarch planning together\nSecond paragraph';
    for (const client of [server, a, b]) {
      expect(clausePlainText(client.doc)).toBe(expected);
      expect(editorText(client.editor)).toBe(expected);
      expect(resolveAnchor(client.doc, anchor)).toEqual(attached(6, 24, 'reseXarch planning'));
    }

    // An anchor made on one copy on text the others have not seen yet resolves there once synced.
    typeAt(a, 0, 'Close ');
    const onNewText = anchorPassage(a.doc, 0, 11); // "Close joint"
    expect(resolveAnchor(b.doc, onNewText)).toEqual({ state: 'detached' });
    exchange(a, b);
    expect(resolveAnchor(b.doc, onNewText)).toEqual(attached(0, 11, 'Close joint'));
  });
});

describe('applyProposal', () => {
  const text = 'Joint research and planning\nSecond paragraph';

  /** Applies on a server copy and checks the result as plain text, in a bound editor and in a fresh one. */
  function applyAndCheck(
    quote: string,
    proposal: Proposal,
    expected: string,
    client = lexicalClient(clauseTextUpdate(text)),
  ) {
    const server = lexicalClient(Y.encodeStateAsUpdate(client.doc));
    const anchor = anchorQuote(server.doc, quote);
    const result = applyProposal(server.doc, anchor, proposal);
    expect(clausePlainText(server.doc)).toBe(expected);
    // A client that was editing receives the change; one that opens the clause afterwards loads it.
    exchange(server, client);
    const fresh = lexicalClient(Y.encodeStateAsUpdate(server.doc));
    for (const editor of [server.editor, client.editor, fresh.editor]) expect(editorText(editor)).toBe(expected);
    return { server, client, fresh, anchor, result };
  }

  it('replaces the passage and anchors the new wording', () => {
    const { server, client, anchor, result } = applyAndCheck(
      'research',
      { action: 'replace', text: '研究与合作' },
      'Joint 研究与合作 and planning\nSecond paragraph',
    );
    expect(resolveAnchor(server.doc, result)).toEqual(attached(6, 11, '研究与合作'));
    expect(resolveAnchor(server.doc, anchor)).toEqual({ state: 'detached' });
    // The new wording is a passage like any other: typing at its edges stays outside.
    typeAt(client, 6, '«');
    typeAt(client, 12, '»');
    exchange(server, client);
    expect(resolveAnchor(server.doc, result)).toEqual(attached(7, 12, '研究与合作'));
  });

  it('inserts after the passage and anchors the inserted text', () => {
    const { server, result } = applyAndCheck(
      'research',
      { action: 'insert', text: ' and development' },
      'Joint research and development and planning\nSecond paragraph',
    );
    expect(resolveAnchor(server.doc, result)).toEqual(attached(14, 30, ' and development'));
  });

  it('inserts at a point', () => {
    const server = lexicalClient(clauseTextUpdate(text));
    const point = anchorPassage(server.doc, 27, 27); // end of the first paragraph
    const result = applyProposal(server.doc, point, { action: 'insert', text: ' together' });
    expect(clausePlainText(server.doc)).toBe('Joint research and planning together\nSecond paragraph');
    expect(resolveAnchor(server.doc, result)).toEqual(attached(27, 36, ' together'));
    expect(editorText(lexicalClient(Y.encodeStateAsUpdate(server.doc)).editor)).toBe(clausePlainText(server.doc));
  });

  it('deletes the passage and anchors the point where it was', () => {
    const { server, result } = applyAndCheck(
      ' research',
      { action: 'delete', text: '' },
      'Joint and planning\nSecond paragraph',
    );
    expect(resolveAnchor(server.doc, result)).toEqual(attached(5, 5, ''));
  });

  it('deletes a whole paragraph’s text, leaving an editor that still takes typing', () => {
    const { server, client, fresh } = applyAndCheck(
      'Joint research and planning',
      { action: 'delete', text: '' },
      '\nSecond paragraph',
    );
    expect(editorNodes(fresh.editor)).toEqual([
      { type: 'paragraph', children: [] },
      { type: 'paragraph', children: [['text', 'Second paragraph']] },
    ]);
    typeAt(client, 0, 'New');
    typeAt(fresh, 0, 'Brand ');
    exchange(server, client, fresh);
    for (const c of [server, client, fresh]) expect(editorText(c.editor)).toBe(clausePlainText(server.doc));
    expect(clausePlainText(server.doc)).toMatch(/^(New|Brand )(New|Brand )\nSecond paragraph$/);
  });

  it('replaces across formatted runs and a line break of one paragraph, keeping the structure Lexical reads', () => {
    const client = lexicalClient();
    client.editor.update(
      () => {
        $getRoot().append(
          $createParagraphNode().append(
            $createTextNode('Joint '),
            $createTextNode('research').toggleFormat('bold'),
            $createLineBreakNode(),
            $createTextNode('and planning'),
          ),
          $createParagraphNode().append($createTextNode('Second paragraph')),
        );
      },
      { discrete: true },
    );
    const { fresh, server, result } = applyAndCheck(
      'research\nand',
      { action: 'replace', text: 'study or' },
      'Joint study or planning\nSecond paragraph',
      client,
    );
    expect(resolveAnchor(server.doc, result)).toEqual(attached(6, 14, 'study or'));
    // The wording joins the run its passage started in; the emptied runs and the break are gone.
    expect(editorNodes(fresh.editor)).toEqual([
      {
        type: 'paragraph',
        children: [
          ['text', 'Joint '],
          ['text', 'study or'],
          ['text', ' planning'],
        ],
      },
      { type: 'paragraph', children: [['text', 'Second paragraph']] },
    ]);
    const bold = fresh.editor.read(() =>
      $getRoot().getFirstChildOrThrow<ElementNode>().getChildAtIndex<TextNode>(1)?.hasFormat('bold'),
    );
    expect(bold).toBe(true);
  });

  it('converges with a client typing in the passage at the same time', () => {
    const initial = clauseTextUpdate(text);
    const server = lexicalClient(initial);
    const client = lexicalClient(initial);
    const anchor = anchorQuote(server.doc, 'research');
    typeAt(client, 10, 'X'); // "rese|arch", not yet seen by the server
    typeAt(client, 0, 'The ');
    const result = applyProposal(server.doc, anchor, { action: 'replace', text: 'study' });
    exchange(server, client);
    // The wording goes after the deleted characters, so the concurrent "X" ends up before it.
    const expected = 'The Joint Xstudy and planning\nSecond paragraph';
    for (const c of [server, client]) {
      expect(clausePlainText(c.doc)).toBe(expected);
      expect(editorText(c.editor)).toBe(expected);
    }
    expect(resolveAnchor(client.doc, result)).toEqual(attached(11, 16, 'study'));
  });

  it('refuses a passage spanning paragraphs, leaving the document unchanged', () => {
    const server = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorPassage(server.doc, 19, 34); // "planning\nSecond"
    const before = Y.encodeStateVector(server.doc);
    for (const action of ['replace', 'insert', 'delete'] as const)
      expect(() => applyProposal(server.doc, anchor, { action, text: action === 'delete' ? '' : 'x' })).toThrow(
        AnchorError,
      );
    expect(Y.encodeStateVector(server.doc)).toEqual(before);
    expect(clausePlainText(server.doc)).toBe(text);
  });

  it('refuses to put wording outside any text node, leaving the document unchanged', () => {
    const client = lexicalClient();
    client.editor.update(
      () => {
        $getRoot().append(
          $createParagraphNode().append($createLineBreakNode(), $createTextNode('after a break')),
          $createParagraphNode(),
        );
      },
      { discrete: true },
    );
    expect(clausePlainText(client.doc)).toBe('\nafter a break\n');
    const before = Y.encodeStateVector(client.doc);
    // A passage starting with the paragraph's opening line break, and a point in an empty paragraph.
    expect(() => applyProposal(client.doc, anchorPassage(client.doc, 0, 6), { action: 'replace', text: 'x' })).toThrow(
      AnchorError,
    );
    expect(() => applyProposal(client.doc, anchorPassage(client.doc, 15, 15), { action: 'insert', text: 'x' })).toThrow(
      AnchorError,
    );
    expect(Y.encodeStateVector(client.doc)).toEqual(before);
  });

  it('refuses a detached passage, leaving the document unchanged', () => {
    const client = lexicalClient(clauseTextUpdate(text));
    const anchor = anchorQuote(client.doc, 'research');
    const inRemovedParagraph = anchorQuote(client.doc, 'Second');
    removeRange(client, 5, 15);
    removeParagraph(client, 1);
    const before = Y.encodeStateVector(client.doc);
    expect(() => applyProposal(client.doc, anchor, { action: 'replace', text: 'study' })).toThrow(AnchorError);
    expect(() => applyProposal(client.doc, inRemovedParagraph, { action: 'insert', text: 'x' })).toThrow(AnchorError);
    expect(Y.encodeStateVector(client.doc)).toEqual(before);
    expect(clausePlainText(client.doc)).toBe('Jointand planning');
  });
});

describe('applyProposal refusals', () => {
  it('refuses a wording of several paragraphs, changing nothing', () => {
    const client = lexicalClient(clauseTextUpdate('Joint research and planning'));
    const anchor = anchorQuote(client.doc, 'research');
    const before = Y.encodeStateVector(client.doc);
    expect(() => applyProposal(client.doc, anchor, { action: 'replace', text: 'study\nand more' })).toThrow(
      AnchorError,
    );
    expect(Y.encodeStateVector(client.doc)).toEqual(before);
  });
});
