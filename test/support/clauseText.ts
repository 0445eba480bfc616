import * as Y from 'yjs';

export { clausePlainText } from '@accord/server';

/** The first paragraph of a clause document, as Lexical's Yjs binding lays it out. */
function firstParagraph(doc: Y.Doc): Y.XmlText {
  const root = doc.get('root', Y.XmlText);
  const first = (root.toDelta() as { insert: unknown }[])[0]?.insert;
  if (!(first instanceof Y.XmlText)) throw new Error('clause document has no paragraph');
  return first;
}

/** Types `text` at the end of the clause's first paragraph, in one Yjs transaction. */
export function appendToClause(doc: Y.Doc, text: string): void {
  const paragraph = firstParagraph(doc);
  paragraph.insert(paragraph.length, text);
}

/** Types `text` at the start of the clause's first paragraph text (after its node marker). */
export function prependToClause(doc: Y.Doc, text: string): void {
  firstParagraph(doc).insert(1, text);
}
