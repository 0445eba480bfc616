import type { Language, PassageSelection } from '@accord/shared';
import {
  $getNearestNodeFromDOMNode,
  $getRoot,
  $isElementNode,
  $isLineBreakNode,
  $isTextNode,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
} from 'lexical';

/**
 * Passages of a clause editor as plain-text offsets, both ways.
 *
 * The plain text of a clause (see `anchors.ts` in @accord/shared) is its paragraphs joined by
 * "\n", a line break "\n", text (tabs included) as is. The server anchors a passage by offsets
 * into that text, so a selection in an editor becomes offsets here (`passageFromDomRange`),
 * and a passage's live offsets become a DOM `Range` to highlight (`domRangeForOffsets`).
 *
 * The `$` functions read the editor state: call them inside `editor.read()` (or an update).
 */

export type SpanKind = 'text' | 'linebreak' | 'block' | 'inline' | 'other';

/** Where a Lexical node's text sits in the plain text: [start, end). */
export interface PlainSpan {
  key: NodeKey;
  start: number;
  end: number;
  kind: SpanKind;
}

export interface PlainLayout {
  text: string;
  /** Every node below the root, by key. */
  spans: Map<NodeKey, PlainSpan>;
  /** Text nodes and line breaks (and any other leaf), in reading order. */
  leaves: PlainSpan[];
  /** The root's children (paragraphs), in order. */
  blocks: PlainSpan[];
}

/** The plain text of the editor's current state and where each node sits in it. */
export function $plainLayout(): PlainLayout {
  let text = '';
  const spans = new Map<NodeKey, PlainSpan>();
  const leaves: PlainSpan[] = [];
  const blocks: PlainSpan[] = [];

  const leaf = (node: LexicalNode, kind: SpanKind, content: string): PlainSpan => {
    const span: PlainSpan = { key: node.getKey(), start: text.length, end: text.length + content.length, kind };
    text += content;
    spans.set(span.key, span);
    leaves.push(span);
    return span;
  };
  const visitInline = (node: LexicalNode): void => {
    if ($isLineBreakNode(node)) leaf(node, 'linebreak', '\n');
    else if ($isTextNode(node)) leaf(node, 'text', node.getTextContent());
    else if ($isElementNode(node)) {
      const span: PlainSpan = { key: node.getKey(), start: text.length, end: text.length, kind: 'inline' };
      for (const child of node.getChildren()) visitInline(child);
      span.end = text.length;
      spans.set(span.key, span);
    } else leaf(node, 'other', node.getTextContent());
  };

  $getRoot()
    .getChildren()
    .forEach((block, index) => {
      if (index > 0) text += '\n';
      if (!$isElementNode(block)) {
        blocks.push(leaf(block, 'other', block.getTextContent()));
        return;
      }
      const span: PlainSpan = { key: block.getKey(), start: text.length, end: text.length, kind: 'block' };
      for (const child of block.getChildren()) visitInline(child);
      span.end = text.length;
      spans.set(span.key, span);
      blocks.push(span);
    });
  return { text, spans, leaves, blocks };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Plain-text offset of a Lexical point: `offset` characters into a text node, or before the
 * `offset`-th child of an element (`type: 'element'`), as a `RangeSelection`'s points say.
 */
export function $offsetOfPoint(layout: PlainLayout, node: LexicalNode, offset: number): number {
  if (node.getKey() === 'root' || node === $getRoot()) {
    const block = layout.blocks[offset];
    return block === undefined ? layout.text.length : block.start;
  }
  const span = layout.spans.get(node.getKey());
  if (span === undefined) return 0;
  if ($isTextNode(node)) return span.start + clamp(offset, 0, span.end - span.start);
  if ($isElementNode(node)) {
    const child = node.getChildAtIndex(offset);
    const childSpan = child === null ? undefined : layout.spans.get(child.getKey());
    return childSpan === undefined ? span.end : childSpan.start;
  }
  return offset <= 0 ? span.start : span.end;
}

/** The span of the node a DOM node belongs to, or of its nearest keyed ancestor. */
function $spanOfDom(layout: PlainLayout, dom: Node): { node: LexicalNode; span: PlainSpan | null } | null {
  const node = $getNearestNodeFromDOMNode(dom);
  if (node === null) return null;
  return { node, span: node.getKey() === 'root' ? null : (layout.spans.get(node.getKey()) ?? null) };
}

/** Characters of `container`'s text before the DOM point (`dom`, `offset`) inside it. */
function textLengthBefore(container: Node, dom: Node, offset: number): number {
  const range = container.ownerDocument?.createRange();
  if (range === undefined) return 0;
  range.setStart(container, 0);
  range.setEnd(dom, offset);
  return range.toString().length;
}

/**
 * Plain-text offset of a DOM point inside the editor's root element (a `Range` boundary: a
 * character offset in a DOM text node, or a child index in an element). Null outside the editor.
 */
export function $offsetOfDomPoint(
  editor: LexicalEditor,
  layout: PlainLayout,
  dom: Node,
  offset: number,
): number | null {
  const rootElement = editor.getRootElement();
  if (rootElement === null || !rootElement.contains(dom)) return null;
  if (dom === rootElement) {
    const child = rootElement.childNodes[offset];
    if (child === undefined) return layout.text.length;
    const found = $spanOfDom(layout, child);
    return found?.span?.start ?? 0;
  }
  const found = $spanOfDom(layout, dom);
  if (found === null) return null;
  const { node, span } = found;
  if (span === null) return $offsetOfDomPoint(editor, layout, rootElement, offset === 0 ? 0 : Number.MAX_SAFE_INTEGER);
  const nodeElement = editor.getElementByKey(node.getKey());

  if ($isTextNode(node)) {
    // The node's DOM may wrap its text in format tags (<strong><em>…): count characters before.
    const before = dom.nodeType === 3 && nodeElement === dom.parentNode ? offset : null;
    const chars = before ?? (nodeElement ? textLengthBefore(nodeElement, dom, offset) : 0);
    return span.start + clamp(chars, 0, span.end - span.start);
  }
  if (dom !== nodeElement || dom.nodeType !== 1) {
    // Inside something of the node's own (a line break's <br>, a placeholder): its start or end.
    return offset === 0 ? span.start : span.end;
  }
  // An element's DOM: the point is before its `offset`-th DOM child. A keyed child starts there;
  // an unkeyed one (Lexical's placeholder <br> in an empty or trailing line) follows the last
  // keyed child before it.
  const children = dom.childNodes;
  const child = children[offset];
  if (child !== undefined) {
    const childFound = $spanOfDom(layout, child);
    if (childFound?.span && childFound.node !== node) return childFound.span.start;
  }
  for (let i = Math.min(offset, children.length) - 1; i >= 0; i--) {
    const previous = children[i];
    if (previous === undefined) continue;
    const previousFound = $spanOfDom(layout, previous);
    if (previousFound?.span && previousFound.node !== node) return previousFound.span.end;
  }
  return span.start;
}

/** Moves [start, end) inwards past white space at either edge (a triple click takes the "\n"). */
export function trimPassage(text: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text.charAt(from))) from += 1;
  while (to > from && /\s/.test(text.charAt(to - 1))) to -= 1;
  return { start: from, end: to };
}

/** A passage from plain-text offsets: trimmed, with its quote; null when nothing is left. */
export function passageFromOffsets(
  text: string,
  language: Language,
  start: number,
  end: number,
): PassageSelection | null {
  const lo = clamp(Math.min(start, end), 0, text.length);
  const hi = clamp(Math.max(start, end), 0, text.length);
  const trimmed = trimPassage(text, lo, hi);
  if (trimmed.start >= trimmed.end) return null;
  return { language, start: trimmed.start, end: trimmed.end, quote: text.slice(trimmed.start, trimmed.end) };
}

interface DomRangeLike {
  startContainer: Node;
  startOffset: number;
  endContainer: Node;
  endOffset: number;
  collapsed: boolean;
}

/**
 * The passage a DOM range selects in the editor: offsets into the clause's plain text and the
 * text between them. A range reaching out of the editor is cut at the editor's edge. Null when
 * the range is collapsed, outside the editor, or holds only white space. Works in read-only
 * editors too: it maps DOM points, not Lexical's selection (which it may not track then).
 */
export function passageFromDomRange(
  editor: LexicalEditor,
  range: DomRangeLike,
  language: Language,
): PassageSelection | null {
  if (range.collapsed) return null;
  return editor.read(() => {
    const rootElement = editor.getRootElement();
    if (rootElement === null) return null;
    const startInside = rootElement.contains(range.startContainer);
    const endInside = rootElement.contains(range.endContainer);
    if (!startInside && !endInside) return null;
    const layout = $plainLayout();
    const start = startInside ? $offsetOfDomPoint(editor, layout, range.startContainer, range.startOffset) : 0;
    const end = endInside ? $offsetOfDomPoint(editor, layout, range.endContainer, range.endOffset) : layout.text.length;
    if (start === null || end === null) return null;
    return passageFromOffsets(layout.text, language, start, end);
  });
}

/** A boundary point in the DOM: a character in a text node, or a child index in an element. */
export interface DomPoint {
  node: Node;
  offset: number;
}

/** The first DOM text node inside `element` (a Lexical text node renders exactly one). */
function firstTextNode(element: Node): Text | null {
  if (element.nodeType === 3) return element as Text;
  for (const child of element.childNodes) {
    const found = firstTextNode(child);
    if (found !== null) return found;
  }
  return null;
}

function pointBefore(element: Node): DomPoint | null {
  const parent = element.parentNode;
  if (parent === null) return null;
  return { node: parent, offset: Array.prototype.indexOf.call(parent.childNodes, element) };
}

function pointAfter(element: Node): DomPoint | null {
  const before = pointBefore(element);
  return before && { node: before.node, offset: before.offset + 1 };
}

/**
 * The DOM point of a plain-text offset. `side` says which way to lean at a boundary between two
 * nodes: a passage's start goes into the node after it, its end into the node before it, so a
 * range never starts at the end of a line or ends at the start of the next.
 */
export function $domPointAt(
  editor: LexicalEditor,
  layout: PlainLayout,
  offset: number,
  side: 'start' | 'end',
): DomPoint | null {
  const at = clamp(offset, 0, layout.text.length);
  const leaf = layout.leaves.find((s) =>
    side === 'start' ? s.start <= at && at < s.end : s.start < at && at <= s.end,
  );
  if (leaf !== undefined) {
    const element = editor.getElementByKey(leaf.key);
    if (element !== null) {
      if (leaf.kind === 'text') {
        const textNode = firstTextNode(element);
        if (textNode !== null) return { node: textNode, offset: clamp(at - leaf.start, 0, textNode.length) };
      }
      if (leaf.kind === 'text' || leaf.kind === 'other') {
        return at === leaf.start ? pointBefore(element) : pointAfter(element);
      }
      return side === 'start' ? pointBefore(element) : pointAfter(element);
    }
  }
  // No character on that side: an empty paragraph, or the edge of one.
  const block = layout.blocks.find((b) => b.start <= at && at <= b.end) ?? layout.blocks.at(-1);
  if (block === undefined) {
    const rootElement = editor.getRootElement();
    return rootElement && { node: rootElement, offset: 0 };
  }
  const element = editor.getElementByKey(block.key);
  if (element === null) return null;
  return { node: element, offset: at <= block.start ? 0 : element.childNodes.length };
}

/**
 * A DOM range over the plain-text passage [start, end) of the editor as it is rendered now,
 * e.g. to highlight a thread's passage; null if the editor is not in the page or nothing is in
 * between. Offsets past the end of the text are cut to it.
 */
export function domRangeForOffsets(editor: LexicalEditor, start: number, end: number): Range | null {
  if (end <= start) return null;
  const rootElement = editor.getRootElement();
  if (rootElement === null) return null;
  return editor.read(() => {
    const layout = $plainLayout();
    const from = $domPointAt(editor, layout, start, 'start');
    const to = $domPointAt(editor, layout, end, 'end');
    if (from === null || to === null) return null;
    const range = rootElement.ownerDocument.createRange();
    try {
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
    } catch {
      return null;
    }
    return range.collapsed ? null : range;
  });
}

/**
 * The plain-text offset under a point of the viewport (a click's `clientX`/`clientY`), if that is
 * text of the editor; null elsewhere, or where the browser cannot say.
 */
export function offsetAtClientPoint(editor: LexicalEditor, x: number, y: number): number | null {
  const rootElement = editor.getRootElement();
  if (rootElement === null) return null;
  const doc = rootElement.ownerDocument;
  if (!('caretPositionFromPoint' in doc)) return null;
  const position = doc.caretPositionFromPoint(x, y);
  if (position === null || !rootElement.contains(position.offsetNode)) return null;
  return editor.read(() => $offsetOfDomPoint(editor, $plainLayout(), position.offsetNode, position.offset));
}
