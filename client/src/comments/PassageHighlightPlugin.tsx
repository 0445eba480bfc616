import { AnchorError, type Language, resolveAnchor } from '@accord/shared';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect, useRef } from 'react';
import {
  type CommentsEnv,
  clauseDocument,
  currentPassage,
  useClauseThreads,
  useOptionalComments,
  usePanel,
} from './commentsContext.ts';
import { domRangeForOffsets, offsetAtClientPoint } from './passageSelection.ts';

/** Names of the CSS highlights (`::highlight(accord-thread)` in comments.css). */
const HIGHLIGHT = 'accord-thread';
const ACTIVE_HIGHLIGHT = 'accord-thread-active';

interface Contribution {
  ranges: Range[];
  active: Range[];
}

/** Every editor's ranges: the highlight registry holds one `Highlight` per name for the page. */
const contributions = new Map<object, Contribution>();

function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

function publish(): void {
  if (!highlightsSupported()) return;
  const ranges: Range[] = [];
  const active: Range[] = [];
  for (const contribution of contributions.values()) {
    ranges.push(...contribution.ranges);
    active.push(...contribution.active);
  }
  CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges));
  const strong = new Highlight(...active);
  strong.priority = 1;
  CSS.highlights.set(ACTIVE_HIGHLIGHT, strong);
}

/** A thread's passage as highlighted now: its plain-text offsets and its DOM range. */
interface Target {
  threadId: string;
  start: number;
  end: number;
  range: Range;
}

function rangeContainsPoint(range: Range, x: number, y: number): boolean {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom) return true;
  }
  return false;
}

/**
 * The thread whose highlighted passage a click at (x, y), at plain-text `offset`, fell in: the
 * shortest such passage. At a passage's edge the caret offset alone cannot tell whether the click
 * was on its first or last character or just outside, so there the highlight's boxes decide.
 */
function threadAt(targets: readonly Target[], offset: number, x: number, y: number): string | null {
  let best: Target | null = null;
  for (const target of targets) {
    if (offset < target.start || offset > target.end) continue;
    const inside = (target.start < offset && offset < target.end) || rangeContainsPoint(target.range, x, y);
    if (inside && (best === null || target.end - target.start < best.end - best.start)) best = target;
  }
  return best?.threadId ?? null;
}

interface HighlightProps {
  clauseId: string;
  language: Language;
}

/**
 * Highlights the passages this clause text's threads are on, where they are now: each passage's
 * Yjs anchor resolved against the live document after every editor update, drawn with the CSS
 * Custom Highlight API (the document is never touched). The thread being looked at, and the
 * passage of a thread being written, stand out. Without the API, nothing is drawn.
 *
 * A plain click inside a highlighted passage (no modifier keys, no text selected) opens the panel
 * on its thread, without taking focus from the editor; the clause's count button stays the way
 * there from the keyboard.
 */
export function PassageHighlightPlugin(props: HighlightProps) {
  const env = useOptionalComments();
  if (env === null || !highlightsSupported()) return null;
  return <PassageHighlights env={env} {...props} />;
}

function PassageHighlights({ env, clauseId, language }: HighlightProps & { env: CommentsEnv }) {
  const [editor] = useLexicalComposerContext();
  const threads = useClauseThreads(env.store, clauseId);
  const panel = usePanel(env.ui);
  const onThisClause = panel?.clauseId === clauseId;
  const activeThreadId = onThisClause ? panel.activeThreadId : null;
  const draft = onThisClause && panel.draft?.passage?.language === language ? panel.draft : null;
  /** The threads' passages as last drawn, for clicks to find. */
  const targets = useRef<Target[]>([]);

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const root = editor.getRootElement();
      const selection = root?.ownerDocument.getSelection();
      if (selection && !selection.isCollapsed) return;
      const offset = offsetAtClientPoint(editor, event.clientX, event.clientY);
      if (offset === null) return;
      const threadId = threadAt(targets.current, offset, event.clientX, event.clientY);
      if (threadId !== null) env.ui.revealThread({ id: threadId, clauseId });
    };
    // Called again with (null, root) when unregistered.
    return editor.registerRootListener((root, previous) => {
      previous?.removeEventListener('click', onClick);
      root?.addEventListener('click', onClick);
    });
  }, [editor, env, clauseId]);

  useEffect(() => {
    const owner = {};
    // Resolved threads are done with: only the one being looked at still shows.
    const shown = threads.filter(
      (t) => t.passage?.language === language && (t.status === 'open' || t.id === activeThreadId),
    );
    let frame = 0;
    const draw = () => {
      frame = 0;
      const doc = clauseDocument(env, clauseId, language);
      const contribution: Contribution = { ranges: [], active: [] };
      const drawn: Target[] = [];
      if (doc !== null) {
        for (const thread of shown) {
          if (thread.passage === null) continue;
          let now: ReturnType<typeof resolveAnchor>;
          try {
            now = resolveAnchor(doc, thread.passage);
          } catch (error) {
            if (error instanceof AnchorError) continue;
            throw error;
          }
          if (now.state !== 'attached') continue;
          const range = domRangeForOffsets(editor, now.start, now.end);
          if (range === null) continue;
          (thread.id === activeThreadId ? contribution.active : contribution.ranges).push(range);
          drawn.push({ threadId: thread.id, start: now.start, end: now.end, range });
        }
      }
      if (draft?.passage) {
        const passage = currentPassage(doc, draft.passage, draft.anchor);
        const range = passage && domRangeForOffsets(editor, passage.start, passage.end);
        if (range) contribution.active.push(range);
      }
      targets.current = drawn;
      contributions.set(owner, contribution);
      publish();
    };
    // After the update is drawn (and synced to Yjs, whose positions are resolved), once a frame.
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    schedule();
    const unregister = editor.registerUpdateListener(schedule);
    return () => {
      unregister();
      if (frame !== 0) cancelAnimationFrame(frame);
      targets.current = [];
      contributions.delete(owner);
      publish();
    };
  }, [editor, env, clauseId, language, threads, activeThreadId, draft]);

  return null;
}
