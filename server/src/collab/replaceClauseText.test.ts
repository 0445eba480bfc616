import { createHeadlessEditor } from '@lexical/headless';
import { createYjsBinding, syncYjsChangesToLexical } from '@lexical/yjs';
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTabNode,
  $createTextNode,
  $getRoot,
  type ElementNode,
  type LexicalEditor,
} from 'lexical';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clauseUpdateProblem } from './clauseSchema.ts';
import {
  clausePlainText,
  clauseTextUpdate,
  noCursorProvider,
  replaceClauseText,
  writeLexicalToYjs,
} from './lexicalText.ts';

/**
 * `replaceClauseText` must leave a clause document exactly as Lexical writes one: the same Yjs
 * structure as `clauseTextUpdate` (which a Lexical editor wrote), and an editor bound to the
 * document shows the new text.
 */

const docOf = (...updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
};

/**
 * The document as a tree, without Yjs ids: each XmlText's attributes and children in order,
 * a text node's or line break's property map, runs of characters as strings.
 */
type Node = string | { map: Record<string, unknown> } | { attributes: Record<string, unknown>; children: Node[] };
function structureOf(type: Y.XmlText): Node {
  const children = (type.toDelta() as { insert: unknown }[]).map(({ insert }): Node => {
    if (typeof insert === 'string') return insert;
    if (insert instanceof Y.XmlText) return structureOf(insert);
    if (insert instanceof Y.Map) return { map: insert.toJSON() };
    throw new Error(`unexpected ${String(insert)}`);
  });
  return { attributes: type.getAttributes(), children };
}
const structure = (doc: Y.Doc) => structureOf(doc.get('root', Y.XmlText));
const expected = (text: string) => structure(docOf(clauseTextUpdate(text)));

interface Client {
  doc: Y.Doc;
  editor: LexicalEditor;
}

/** A Y.Doc with a headless Lexical editor bound both ways, as `CollaborationPlugin` binds one. */
function lexicalClient(state?: Uint8Array): Client {
  const doc = new Y.Doc();
  const editor = createHeadlessEditor({
    namespace: 'replace-test',
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
  editor.read(() => {});
  return { doc, editor };
}

/** What the editor shows, paragraphs joined by "\n" (as `clausePlainText` reads the document). */
const editorText = (editor: LexicalEditor) =>
  editor.read(() =>
    $getRoot()
      .getChildren()
      .map((paragraph) => paragraph.getTextContent())
      .join('\n'),
  );

/** Sends `to` what `from` has and it lacks; returns the update sent. */
function send(from: Y.Doc, to: Y.Doc): Uint8Array {
  const update = Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));
  Y.applyUpdate(to, update);
  return update;
}

describe('replaceClauseText', () => {
  const cases: [string, string, string][] = [
    ['one paragraph by another', 'Joint research', 'Joint research and planning of the basin'],
    ['one paragraph by several', 'Joint research', 'First paragraph\nSecond paragraph\n\nFourth, after an empty one'],
    ['several paragraphs by one', 'a\nb\nc', '在互相理解的基础上'],
    ['a text by nothing', 'Joint research\nand more', ''],
    ['nothing by a text', '', '加强\n合作'],
    ['a text with empty paragraphs at both ends', 'x', '\nmiddle\n'],
  ];

  it.each(cases)('replaces %s: the same plain text and the same structure as clauseTextUpdate', (_, before, after) => {
    const doc = docOf(clauseTextUpdate(before));
    expect(replaceClauseText(doc, after)).toBe(true);
    expect(clausePlainText(doc)).toBe(after);
    expect(structure(doc)).toEqual(expected(after));
  });

  it('changes nothing when the text already reads the same', () => {
    const doc = docOf(clauseTextUpdate('Joint research\nsecond'));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(replaceClauseText(doc, 'Joint research\nsecond')).toBe(false);
    expect(updates).toEqual([]);
  });

  it('replaces a text an editor wrote with line breaks, tabs and formatting, as one update the sync server accepts', () => {
    const writer = lexicalClient(clauseTextUpdate('Joint research'));
    writer.editor.update(
      () => {
        const root = $getRoot();
        root.clear();
        root.append(
          $createParagraphNode().append(
            $createTextNode('Bold').toggleFormat('bold'),
            $createTextNode(' plain'),
            $createLineBreakNode(),
            $createTabNode(),
            $createTextNode('after a tab'),
          ),
          $createParagraphNode(),
          $createParagraphNode().append($createTextNode('last').toggleFormat('italic')),
        );
      },
      { discrete: true },
    );
    expect(clausePlainText(writer.doc)).toBe('Bold plain\n\tafter a tab\n\nlast');

    const server = docOf(Y.encodeStateAsUpdate(writer.doc));
    const updates: Uint8Array[] = [];
    server.on('update', (update: Uint8Array) => updates.push(update));
    server.transact(() => replaceClauseText(server, 'Restored first\nRestored second'));
    expect(clausePlainText(server)).toBe('Restored first\nRestored second');
    expect(structure(server)).toEqual(expected('Restored first\nRestored second'));
    expect(updates).toHaveLength(1);
    expect(clauseUpdateProblem(updates[0] as Uint8Array)).toBeNull();
  });

  it('shows the new text in a Lexical editor bound to the document, which then edits it as usual', () => {
    const server = docOf(clauseTextUpdate('Joint research'));
    const reader = lexicalClient(Y.encodeStateAsUpdate(server));
    expect(editorText(reader.editor)).toBe('Joint research');

    replaceClauseText(server, 'Joint research and planning\nA second paragraph\n');
    send(server, reader.doc);
    expect(editorText(reader.editor)).toBe('Joint research and planning\nA second paragraph\n');
    expect(clausePlainText(reader.doc)).toBe('Joint research and planning\nA second paragraph\n');

    // The editor's nodes are what Lexical makes of such a document: paragraphs of text nodes.
    const nodes = reader.editor.getEditorState().toJSON().root.children;
    expect(nodes.map((node) => node.type)).toEqual(['paragraph', 'paragraph', 'paragraph']);

    // Typing in the editor goes back to the document, and from there to the server.
    reader.editor.update(
      () => {
        $getRoot().getFirstChildOrThrow<ElementNode>().append($createTextNode(' of the basin'));
      },
      { discrete: true },
    );
    send(reader.doc, server);
    expect(clausePlainText(server)).toBe('Joint research and planning of the basin\nA second paragraph\n');

    // Emptied, the editor shows one empty paragraph, as Lexical keeps one.
    replaceClauseText(server, '');
    send(server, reader.doc);
    expect(editorText(reader.editor)).toBe('');
    expect(clausePlainText(server)).toBe('');
  });

  it('keeps an editor in step when another client typed concurrently in the replaced text', () => {
    const server = docOf(clauseTextUpdate('Joint research'));
    const typist = lexicalClient(Y.encodeStateAsUpdate(server));
    typist.editor.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().append($createTextNode(' (typing)')), {
      discrete: true,
    });

    replaceClauseText(server, 'Restored');
    send(server, typist.doc);
    send(typist.doc, server);
    // The concurrent characters were in a deleted paragraph: both sides agree they are gone.
    expect(clausePlainText(server)).toBe('Restored');
    expect(clausePlainText(typist.doc)).toBe('Restored');
    expect(editorText(typist.editor)).toBe('Restored');
  });
});
