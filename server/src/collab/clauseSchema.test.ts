import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clauseUpdateProblem } from './clauseSchema.ts';
import { clauseTextUpdate } from './lexicalText.ts';

/** An update made by `change` on a clause document that already holds `text`. */
function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, clauseTextUpdate('Joint research'));
  const before = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, before);
}
const paragraph = (doc: Y.Doc) =>
  (doc.get('root', Y.XmlText).toDelta() as { insert: Y.XmlText }[])[0]?.insert as Y.XmlText;

describe('clauseUpdateProblem', () => {
  it('accepts what the Lexical binding writes: a seeded clause, typing, a new paragraph', () => {
    expect(clauseUpdateProblem(clauseTextUpdate('在互相理解的基础上\nsecond line'))).toBeNull();
    expect(
      clauseUpdateProblem(updateOf((doc) => paragraph(doc).insert(paragraph(doc).length, ' and planning'))),
    ).toBeNull();
    const newParagraph = updateOf((doc) => {
      const block = new Y.XmlText();
      doc.get('root', Y.XmlText).insertEmbed(1, block);
      block.setAttribute('__type', 'paragraph');
      const text = new Y.Map();
      block.insertEmbed(0, text);
      text.set('__type', 'text');
      block.insert(1, 'More');
    });
    expect(clauseUpdateProblem(newParagraph)).toBeNull();
  });

  it('refuses nodes the editors do not know, other top-level types and opaque content', () => {
    const bogus = updateOf((doc) => {
      const block = new Y.XmlText();
      doc.get('root', Y.XmlText).insertEmbed(1, block);
      block.setAttribute('__type', 'bogus');
    });
    expect(clauseUpdateProblem(bogus)).toBe('node type "bogus" is not allowed');
    const untyped = updateOf((doc) => doc.get('root', Y.XmlText).insertEmbed(1, new Y.XmlText()));
    expect(clauseUpdateProblem(untyped)).toBe('a node without a type');
    expect(clauseUpdateProblem(updateOf((doc) => doc.getMap('evil').set('x', 1)))).toMatch(/top-level type "evil"/);
    expect(clauseUpdateProblem(updateOf((doc) => doc.get('root', Y.XmlText).insertEmbed(1, new Y.Doc())))).toMatch(
      /ContentEmbed|ContentDoc/,
    );
    expect(clauseUpdateProblem(updateOf((doc) => doc.get('root', Y.XmlText).insertEmbed(1, new Y.Array())))).toMatch(
      /is not a clause node/,
    );
    expect(clauseUpdateProblem(Uint8Array.from([1, 2, 3]))).toBe('not a Yjs update');
  });
});
