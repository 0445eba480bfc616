import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeUpdates } from './extensions/DurableUpdatesExtension.ts';
import { clausePlainText, clauseTextUpdate } from './lexicalText.ts';

const docOf = (...updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
};

describe('clause text in Yjs', () => {
  it('writes text as Lexical paragraphs and reads it back', () => {
    const doc = docOf(clauseTextUpdate('在互相理解的基础上\nsecond line'));
    expect(clausePlainText(doc)).toBe('在互相理解的基础上\nsecond line');
    const paragraph = (doc.get('root', Y.XmlText).toDelta() as { insert: Y.XmlText }[])[0]?.insert;
    expect(paragraph?.getAttribute('__type')).toBe('paragraph');
  });

  it('compacts a log into one update with the same content', () => {
    const a = docOf(clauseTextUpdate('Joint research'));
    const log = [Y.encodeStateAsUpdate(a)];
    a.on('update', (u: Uint8Array) => log.push(u));
    const paragraph = (a.get('root', Y.XmlText).toDelta() as { insert: Y.XmlText }[])[0]?.insert as Y.XmlText;
    paragraph.insert(paragraph.length, ' and planning');
    paragraph.delete(1, 6); // "Joint "
    const merged = mergeUpdates(log);
    expect(clausePlainText(docOf(merged))).toBe('research and planning');
    expect(clausePlainText(docOf(merged))).toBe(clausePlainText(a));
  });
});
