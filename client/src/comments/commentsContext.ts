import {
  type Action,
  type Actor,
  AnchorError,
  anchorPassage,
  clauseDocumentName,
  type EncodedAnchor,
  type Language,
  type PassageSelection,
  resolveAnchor,
  type Stakeholder,
  type ThreadView,
} from '@accord/shared';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { Doc } from 'yjs';
import type { CollabSession } from '../collab/CollabSession.ts';
import type { ThreadStore, ThreadsStatus } from './useThreads.ts';

/** Element ids: a clause's row (to scroll to) and a thread's card (the `#thread-<id>` deep link). */
export const clauseElementId = (clauseId: string) => `clause-${clauseId}`;
export const threadElementId = (threadId: string) => `thread-${threadId}`;
const THREAD_HASH = /^#thread-(.+)$/;

/** The thread a `#thread-<id>` URL fragment points at, if any. */
export function threadIdFromHash(hash: string): string | null {
  const match = THREAD_HASH.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** A passage someone selected in a clause editor, kept when focus moves on to a button. */
export interface CapturedSelection {
  clauseId: string;
  passage: PassageSelection;
  /** Yjs relative positions of the passage, to follow it through edits until it is used. */
  anchor: EncodedAnchor | null;
}

/** The new-thread form: on a passage, or on the clause as a whole (`passage: null`). */
export interface ThreadDraft {
  passage: PassageSelection | null;
  anchor: EncodedAnchor | null;
  /** Changes each time someone starts a thread, to move focus into the form again. */
  nonce: number;
}

/**
 * Where focus goes when the panel opens or changes: its heading, a thread's card, the new-thread
 * form, or nowhere (`reveal`: the thread's card is only scrolled into view; focus stays put).
 */
export type PanelFocus =
  | { target: 'heading' }
  | { target: 'thread'; threadId: string }
  | { target: 'form' }
  | { target: 'reveal'; threadId: string };

/** The thread panel, when open: on one clause. */
export interface PanelState {
  clauseId: string;
  /** The thread being looked at: its passage is highlighted more strongly. */
  activeThreadId: string | null;
  draft: ThreadDraft | null;
  /** Where focus goes; `focusNonce` changes whenever it should go there (again). */
  focus: PanelFocus;
  focusNonce: number;
}

/**
 * What the page shows of comments beyond the threads themselves: the selection captured in the
 * clause editors and the thread panel. An external store, so that each clause row redraws only
 * when what it shows changes.
 */
export class CommentsUi {
  private selection: CapturedSelection | null = null;
  private panel: PanelState | null = null;
  private opener: HTMLElement | null = null;
  private announcement = '';
  private nonce = 0;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSelection = (): CapturedSelection | null => this.selection;
  readonly getPanel = (): PanelState | null => this.panel;
  /** A short sentence for screen readers about the last action (a polite live region says it). */
  readonly getAnnouncement = (): string => this.announcement;

  /** A non-collapsed selection in a clause editor: the one "Comment on selection" uses. */
  capture(selection: CapturedSelection): void {
    const current = this.selection;
    if (
      current !== null &&
      current.clauseId === selection.clauseId &&
      current.passage.language === selection.passage.language &&
      current.passage.start === selection.passage.start &&
      current.passage.end === selection.passage.end &&
      current.passage.quote === selection.passage.quote
    )
      return;
    this.selection = selection;
    this.notify();
  }

  /** The selection in that clause text collapsed (or went): nothing to comment on there now. */
  release(clauseId: string, language: Language): void {
    if (this.selection?.clauseId !== clauseId || this.selection.passage.language !== language) return;
    this.selection = null;
    this.notify();
  }

  /** Opens the panel on a clause's threads. `opener` gets focus back when the panel closes. */
  openClause(clauseId: string, opener: HTMLElement | null): void {
    this.opener = opener;
    const keepDraft = this.panel?.clauseId === clauseId ? this.panel.draft : null;
    this.setPanel({ clauseId, activeThreadId: null, draft: keepDraft, focus: { target: 'heading' } });
  }

  /** Opens the new-thread form for a clause, on a passage or on the whole clause. */
  startThread(
    clauseId: string,
    passage: PassageSelection | null,
    anchor: EncodedAnchor | null,
    opener: HTMLElement | null,
  ): void {
    this.opener = opener;
    this.nonce += 1;
    this.setPanel({
      clauseId,
      activeThreadId: null,
      draft: { passage, anchor, nonce: this.nonce },
      focus: { target: 'form' },
    });
  }

  /** Opens the panel on a thread's clause and moves focus to the thread (a deep link). */
  showThread(thread: Pick<ThreadView, 'id' | 'clauseId'>): void {
    const keepDraft = this.panel?.clauseId === thread.clauseId ? this.panel.draft : null;
    this.setPanel({
      clauseId: thread.clauseId,
      activeThreadId: thread.id,
      draft: keepDraft,
      focus: { target: 'thread', threadId: thread.id },
    });
  }

  /**
   * Opens the panel on a thread and shows its card, leaving focus where it is (a click on its
   * passage in a clause editor, where someone may be about to type).
   */
  revealThread(thread: Pick<ThreadView, 'id' | 'clauseId'>): void {
    const sameClause = this.panel?.clauseId === thread.clauseId;
    // Closing the panel then returns focus to what opened it before, or to the clause's count button.
    if (!sameClause) this.opener = null;
    this.setPanel({
      clauseId: thread.clauseId,
      activeThreadId: thread.id,
      draft: sameClause ? (this.panel?.draft ?? null) : null,
      focus: { target: 'reveal', threadId: thread.id },
    });
  }

  /** The thread someone is looking at (focus or a click inside its card); focus stays. */
  setActiveThread(threadId: string | null): void {
    if (this.panel === null || this.panel.activeThreadId === threadId) return;
    this.panel = { ...this.panel, activeThreadId: threadId };
    this.notify();
  }

  /** The new-thread form is done: posted (focus goes to the new thread) or cancelled. */
  endDraft(createdThreadId: string | null): void {
    if (this.panel === null) return;
    const { clauseId } = this.panel;
    if (createdThreadId !== null && this.selection?.clauseId === clauseId) this.selection = null;
    this.setPanel({
      clauseId,
      activeThreadId: createdThreadId ?? this.panel.activeThreadId,
      draft: null,
      focus: createdThreadId === null ? { target: 'heading' } : { target: 'thread', threadId: createdThreadId },
    });
  }

  /** Closes the panel; returns the element that opened it, to move focus back there. */
  close(): HTMLElement | null {
    const opener = this.opener;
    this.opener = null;
    if (this.panel === null) return opener;
    this.panel = null;
    this.notify();
    return opener;
  }

  announce(text: string): void {
    this.announcement = text;
    this.notify();
  }

  private setPanel(panel: Omit<PanelState, 'focusNonce'>): void {
    this.panel = { ...panel, focusNonce: (this.panel?.focusNonce ?? 0) + 1 };
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Everything the comment components share on a consultation page. */
export interface CommentsEnv {
  consultationId: string;
  actor: Actor;
  capabilities: Record<Action, boolean>;
  stakeholders: Stakeholder[];
  /** Display numbers ("4.3") by clause id. */
  clauseNumbers: ReadonlyMap<string, string>;
  store: ThreadStore;
  ui: CommentsUi;
  session: CollabSession;
}

export const CommentsContext = createContext<CommentsEnv | null>(null);

export function useComments(): CommentsEnv {
  const env = useContext(CommentsContext);
  if (env === null) throw new Error('Comment components need a <CommentsProvider> above them');
  return env;
}

/** The comments environment, or null where there is none (an editor outside a consultation page). */
export function useOptionalComments(): CommentsEnv | null {
  return useContext(CommentsContext);
}

export function usePanel(ui: CommentsUi): PanelState | null {
  return useSyncExternalStore(ui.subscribe, ui.getPanel);
}

/** The selection captured in one clause (either language), or null. */
export function useCapturedSelection(ui: CommentsUi, clauseId: string): CapturedSelection | null {
  const get = useCallback(() => {
    const selection = ui.getSelection();
    return selection?.clauseId === clauseId ? selection : null;
  }, [ui, clauseId]);
  return useSyncExternalStore(ui.subscribe, get);
}

export function useClauseThreads(store: ThreadStore, clauseId: string): readonly ThreadView[] {
  const get = useCallback(() => store.getClauseThreads(clauseId), [store, clauseId]);
  return useSyncExternalStore(store.subscribe, get);
}

export function useAllThreads(store: ThreadStore): readonly ThreadView[] {
  return useSyncExternalStore(store.subscribe, store.getAll);
}

export function useThreadsStatus(store: ThreadStore): ThreadsStatus {
  return useSyncExternalStore(store.subscribe, store.getStatus);
}

/** The open Y.Doc of one clause text, if its editor is mounted. */
export function clauseDocument(env: CommentsEnv, clauseId: string, language: Language): Doc | null {
  return env.session.getDocument(clauseDocumentName(env.consultationId, clauseId, language));
}

/**
 * Relative positions for a passage just selected, if the document agrees with what the editor
 * showed (they can differ for a moment while an edit syncs): null then, and the offsets are used.
 */
export function anchorSelection(doc: Doc | null, passage: PassageSelection): EncodedAnchor | null {
  if (doc === null) return null;
  try {
    const anchor = anchorPassage(doc, passage.start, passage.end);
    const now = resolveAnchor(doc, anchor);
    return now.state === 'attached' && now.text === passage.quote ? anchor : null;
  } catch (error) {
    if (error instanceof AnchorError) return null;
    throw error;
  }
}

/**
 * Where a selected passage is now, after whatever edits came since it was selected: its current
 * offsets and text; null if it was deleted meanwhile.
 */
export function currentPassage(
  doc: Doc | null,
  passage: PassageSelection,
  anchor: EncodedAnchor | null,
): PassageSelection | null {
  if (doc === null || anchor === null) return passage;
  let now: ReturnType<typeof resolveAnchor>;
  try {
    now = resolveAnchor(doc, anchor);
  } catch (error) {
    if (error instanceof AnchorError) return passage;
    throw error;
  }
  if (now.state === 'detached' || now.start === now.end) return null;
  return { language: passage.language, start: now.start, end: now.end, quote: now.text };
}
