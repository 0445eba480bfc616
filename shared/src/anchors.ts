import * as Y from 'yjs';
import type { RefusalReason } from './api.ts';
import { CLAUSE_ROOT } from './clauseText.ts';
import type { AnchorState, Proposal } from './comments.ts';

/**
 * Passages of a clause text, as Yjs sees them.
 *
 * Lexical's Yjs binding stores a clause as a root `XmlText` holding one `XmlText` per paragraph;
 * inside a paragraph each text node is a `Y.Map` of its properties followed by its characters,
 * a line break is a `Y.Map` alone. The *plain text* of a clause is its paragraphs joined by "\n",
 * line breaks as "\n", text as is. Clients select passages as plain-text offsets; the server
 * turns them into Yjs relative positions, which follow the characters through everyone's edits.
 */

/** A run of plain text and where it sits in the Yjs document. */
interface Piece {
  /** Offset of the piece's first character in the plain text. */
  plainStart: number;
  /** Plain text of the piece: a text node's characters, or "\n" for a line break. */
  text: string;
  /** The paragraph's `XmlText` and the piece's index in it. */
  type: Y.XmlText;
  index: number;
  /** Text characters are addressed one by one; a line break is one embed. */
  kind: 'text' | 'linebreak';
}

interface Paragraph {
  type: Y.XmlText;
  plainStart: number;
  plainEnd: number;
  pieces: Piece[];
  /** Indexes right after each text node's property map: where an empty text node's text goes. */
  textNodeStarts: number[];
}

interface Layout {
  text: string;
  paragraphs: Paragraph[];
}

function layoutOf(doc: Y.Doc): Layout {
  const root = doc.get(CLAUSE_ROOT, Y.XmlText);
  const paragraphs: Paragraph[] = [];
  let plain = '';
  for (const item of root.toDelta() as { insert: unknown }[]) {
    if (!(item.insert instanceof Y.XmlText)) continue;
    if (paragraphs.length > 0) plain += '\n';
    const paragraph: Paragraph = {
      type: item.insert,
      plainStart: plain.length,
      plainEnd: plain.length,
      pieces: [],
      textNodeStarts: [],
    };
    let index = 0;
    for (const child of item.insert.toDelta() as { insert: unknown }[]) {
      const { insert } = child;
      if (typeof insert === 'string') {
        paragraph.pieces.push({ plainStart: plain.length, text: insert, type: item.insert, index, kind: 'text' });
        plain += insert;
        index += insert.length;
        continue;
      }
      if (insert instanceof Y.Map) {
        const nodeType = insert.get('__type');
        if (nodeType === 'linebreak') {
          paragraph.pieces.push({ plainStart: plain.length, text: '\n', type: item.insert, index, kind: 'linebreak' });
          plain += '\n';
        } else if (nodeType === 'text' || nodeType === 'tab') {
          paragraph.textNodeStarts.push(index + 1);
        }
      }
      index += 1;
    }
    paragraph.plainEnd = plain.length;
    paragraphs.push(paragraph);
  }
  return { text: plain, paragraphs };
}

/** The plain text of a clause document (paragraphs joined by "\n"). */
export function clausePlainText(doc: Y.Doc): string {
  return layoutOf(doc).text;
}

/** The piece holding the character at `offset`, or undefined for a paragraph separator. */
function pieceAt(layout: Layout, offset: number): Piece | undefined {
  for (const paragraph of layout.paragraphs) {
    if (offset < paragraph.plainStart || offset >= paragraph.plainEnd) continue;
    return paragraph.pieces.find((p) => offset >= p.plainStart && offset < p.plainStart + p.text.length);
  }
  return undefined;
}

/** Yjs index of the character at `offset` inside its piece. */
const indexIn = (piece: Piece, offset: number) => piece.index + (piece.kind === 'text' ? offset - piece.plainStart : 0);

export interface EncodedAnchor {
  /** Base64 of `Y.encodeRelativePosition`. */
  start: string;
  end: string;
}

/**
 * A passage that cannot be anchored or a wording that cannot be applied. `reason` says which,
 * for the server's refusal: the selection must be made again, or the wording applied by hand.
 */
export class AnchorError extends Error {
  constructor(
    message: string,
    readonly reason: Extract<RefusalReason, 'passage_changed' | 'apply_by_hand'>,
  ) {
    super(message);
    this.name = 'AnchorError';
  }
}

/**
 * Relative positions for the passage [start, end) of the plain text. The start sticks to the
 * passage's first character and the end to its last, so text typed at either edge stays
 * outside and text typed inside is included. A point (start = end) sticks to the character
 * before it (or after it at the start of a paragraph).
 */
export function anchorPassage(doc: Y.Doc, start: number, end: number): EncodedAnchor {
  const layout = layoutOf(doc);
  if (end > layout.text.length) throw new AnchorError('The passage is beyond the end of the text.', 'passage_changed');
  if (start === end) {
    const position = pointPosition(layout, start);
    const encoded = encodeRelativePosition(position);
    return { start: encoded, end: encoded };
  }
  // Paragraph separators have no Yjs item of their own: move inwards to the nearest character.
  let first = start;
  while (first < end && pieceAt(layout, first) === undefined) first += 1;
  let last = end - 1;
  while (last >= first && pieceAt(layout, last) === undefined) last -= 1;
  const firstPiece = pieceAt(layout, first);
  const lastPiece = pieceAt(layout, last);
  if (first > last || firstPiece === undefined || lastPiece === undefined)
    throw new AnchorError('The passage holds no text.', 'passage_changed');
  return {
    start: encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(firstPiece.type, indexIn(firstPiece, first), 0),
    ),
    end: encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(lastPiece.type, indexIn(lastPiece, last) + 1, -1),
    ),
  };
}

function pointPosition(layout: Layout, offset: number): Y.RelativePosition {
  const paragraph = layout.paragraphs.find((p) => offset >= p.plainStart && offset <= p.plainEnd);
  if (paragraph === undefined) throw new AnchorError('The position is outside the text.', 'passage_changed');
  const before = offset > paragraph.plainStart ? pieceAt(layout, offset - 1) : undefined;
  if (before !== undefined)
    return Y.createRelativePositionFromTypeIndex(before.type, indexIn(before, offset - 1) + 1, -1);
  const after = offset < paragraph.plainEnd ? pieceAt(layout, offset) : undefined;
  if (after !== undefined) return Y.createRelativePositionFromTypeIndex(after.type, indexIn(after, offset), 0);
  // An empty paragraph: after its (empty) text node's properties, if it has one.
  return Y.createRelativePositionFromTypeIndex(paragraph.type, paragraph.textNodeStarts[0] ?? 0, 0);
}

/** Plain-text offset of an absolute Yjs position, or null if its paragraph is gone. */
function plainOffsetOf(layout: Layout, position: Y.AbsolutePosition): number | null {
  const paragraph = layout.paragraphs.find((p) => p.type === position.type);
  if (paragraph === undefined) return null;
  let offset = paragraph.plainStart;
  for (const piece of paragraph.pieces) {
    const size = piece.kind === 'text' ? piece.text.length : 1;
    if (position.index >= piece.index + size) offset = piece.plainStart + piece.text.length;
    else {
      if (position.index > piece.index) offset = piece.plainStart + (position.index - piece.index);
      break;
    }
  }
  return offset;
}

/**
 * Where an anchored passage is now: its offsets and text, or detached if it was deleted.
 *
 * Lexical rewrites some edits as delete + insert (splitting a text node to make part of it
 * bold, merging two paragraphs), which moves the characters the positions stuck to. So when
 * the positions no longer hold a passage and the anchor carries its `quote`, the quote is looked
 * for in the text as it now is: found, the passage is attached there (`by: 'quote'`).
 */
export function resolveAnchor(doc: Y.Doc, anchor: EncodedAnchor & { quote?: string }): AnchorState {
  const layout = layoutOf(doc);
  const quote = anchor.quote ?? '';
  const byPosition = resolvePositions(doc, layout, anchor);
  if (byPosition !== null) {
    const text = layout.text.slice(byPosition.start, byPosition.end);
    // Positions cut short by a rewrite (part of the passage made bold): the quote, intact
    // around what the positions kept, is the passage.
    if (quote !== '' && text !== quote) {
      const around = occurrences(layout.text, quote).find(
        (at) => at <= byPosition.start && byPosition.end <= at + quote.length,
      );
      if (around !== undefined)
        return { state: 'attached', start: around, end: around + quote.length, text: quote, by: 'quote' };
    }
    return { state: 'attached', ...byPosition, text, by: 'position' };
  }
  const found = quote === '' ? undefined : occurrences(layout.text, quote)[0];
  if (found === undefined) return { state: 'detached' };
  return { state: 'attached', start: found, end: found + quote.length, text: quote, by: 'quote' };
}

function occurrences(text: string, quote: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) found.push(at);
  return found;
}

function resolvePositions(doc: Y.Doc, layout: Layout, anchor: EncodedAnchor): { start: number; end: number } | null {
  const resolve = (encoded: string) => {
    const position = Y.createAbsolutePositionFromRelativePosition(decodeRelativePosition(encoded), doc);
    return position === null ? null : plainOffsetOf(layout, position);
  };
  const start = resolve(anchor.start);
  const end = resolve(anchor.end);
  if (start === null || end === null || end < start) return null;
  // A passage whose every character was deleted collapses to a point.
  if (start === end && anchor.start !== anchor.end) return null;
  return { start, end };
}

/**
 * Applies a proposed wording to its passage, in one Yjs transaction on `doc`: replace the
 * passage's characters by the text, delete them, or insert the text after the passage. Only
 * within one paragraph: wording across paragraphs is applied by hand. Returns the anchor of the
 * text as it now stands (the new wording; for a deletion, the point where it was).
 */
export function applyProposal(
  doc: Y.Doc,
  anchor: EncodedAnchor & { quote?: string },
  proposal: Proposal,
): EncodedAnchor {
  if (proposal.text.includes('\n'))
    throw new AnchorError('The wording has several paragraphs: apply it by hand.', 'apply_by_hand');
  const now = resolveAnchor(doc, anchor);
  if (now.state === 'detached')
    throw new AnchorError('The passage was deleted: apply the wording by hand.', 'apply_by_hand');
  const layout = layoutOf(doc);
  const startPiece = pieceAt(layout, now.start);
  const paragraph = layout.paragraphs.find((p) => now.start >= p.plainStart && now.end <= p.plainEnd);
  if (paragraph === undefined)
    throw new AnchorError('The passage spans several paragraphs: apply the wording by hand.', 'apply_by_hand');

  // Yjs index range of the passage's characters within the paragraph.
  const indexOf = (offset: number): number => {
    for (const piece of paragraph.pieces) {
      if (offset >= piece.plainStart && offset < piece.plainStart + piece.text.length) return indexIn(piece, offset);
      if (offset === piece.plainStart + piece.text.length && piece.kind === 'text')
        return piece.index + piece.text.length;
    }
    return paragraph.textNodeStarts[0] ?? -1;
  };
  const from = now.start === now.end ? indexOf(now.start) : startPiece ? indexIn(startPiece, now.start) : -1;
  const to = now.start === now.end ? from : indexOf(now.end - 1) + 1;
  const insertAt = proposal.action === 'insert' ? to : from;
  const insideText =
    paragraph.pieces.some((p) => p.kind === 'text' && insertAt >= p.index && insertAt <= p.index + p.text.length) ||
    paragraph.textNodeStarts.includes(insertAt);
  if (from < 0 || !insideText)
    throw new AnchorError('The wording cannot be placed there: apply it by hand.', 'apply_by_hand');

  const type = paragraph.type;
  let inserted = { at: insertAt, length: 0 };
  doc.transact(() => {
    if (proposal.action !== 'insert') {
      // Delete the passage's characters and line breaks, back to front so indexes stay valid;
      // text nodes' property maps stay (an emptied text node is Lexical's to normalise).
      const deletions = paragraph.pieces
        .map((piece) => {
          const size = piece.kind === 'text' ? piece.text.length : 1;
          const lo = Math.max(from, piece.index);
          const hi = Math.min(to, piece.index + size);
          return { lo, hi };
        })
        .filter(({ lo, hi }) => hi > lo)
        .reverse();
      for (const { lo, hi } of deletions) type.delete(lo, hi - lo);
    }
    if (proposal.action !== 'delete' && proposal.text !== '') {
      type.insert(insertAt, proposal.text);
      inserted = { at: insertAt, length: proposal.text.length };
    }
  });

  if (inserted.length === 0) {
    const point = encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, inserted.at, 0));
    return { start: point, end: point };
  }
  return {
    start: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, inserted.at, 0)),
    end: encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, inserted.at + inserted.length, -1)),
  };
}

function encodeRelativePosition(position: Y.RelativePosition): string {
  const bytes = Y.encodeRelativePosition(position);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeRelativePosition(encoded: string): Y.RelativePosition {
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    throw new AnchorError('Malformed anchor.', 'apply_by_hand');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return Y.decodeRelativePosition(bytes);
}
