import { clausePlainText } from '@accord/shared';
import { createHeadlessEditor } from '@lexical/headless';
import {
  type Binding,
  createYjsBinding,
  type Provider,
  syncLexicalUpdateToYjs,
  syncYjsChangesToLexical,
} from '@lexical/yjs';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalEditor } from 'lexical';
import * as Y from 'yjs';

/** Sends every update of `editor` to the Yjs document of `binding`, as `CollaborationPlugin` does. */
export function writeLexicalToYjs(editor: LexicalEditor, binding: Binding): () => void {
  return editor.registerUpdateListener(
    ({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
      syncLexicalUpdateToYjs(
        binding,
        noCursorProvider,
        prevEditorState,
        editorState,
        dirtyElements,
        dirtyLeaves,
        normalizedNodes,
        tags,
      );
    },
  );
}

/** Lexical needs a provider for cursors; server-side writes (and tests' headless editors) have none. */
export const noCursorProvider = {
  awareness: {
    getLocalState: () => null,
    getStates: () => new Map(),
    on: () => {},
    off: () => {},
    setLocalState: () => {},
    setLocalStateField: () => {},
  },
  connect: () => {},
  disconnect: () => {},
  on: () => {},
  off: () => {},
} as unknown as Provider;

/**
 * The Yjs state of a clause text as the browser's Lexical editor would write it: one
 * paragraph per line. Used to create initial content on the server, never by two clients.
 */
export function clauseTextUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const editor = createHeadlessEditor({
    namespace: 'accord-seed',
    onError: (e) => {
      throw e;
    },
  });
  const unregister = writeLexicalToYjs(
    editor,
    createYjsBinding({ editor, id: 'seed', doc, docMap: new Map([['seed', doc]]) }),
  );
  editor.update(() => $setClauseText(text), { discrete: true });
  unregister();
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Inside `editor.update`: the editor's whole content becomes `text`, one paragraph per line. */
function $setClauseText(text: string): void {
  const root = $getRoot();
  root.clear();
  for (const line of text.split('\n')) root.append($createParagraphNode().append($createTextNode(line)));
}

/**
 * Replaces the whole text of a clause document by `text` (one paragraph per line), as the
 * browser's editor would if someone selected everything and typed the text: a headless Lexical
 * editor, bound with @lexical/yjs to a copy of the document, loads it, takes the new text and
 * writes it in Lexical's own V1 structure (the same as `clauseTextUpdate`); what that added to the
 * copy is then applied to `doc`, in the caller's transaction if there is one. The old paragraphs
 * are deleted, not rewritten character by character: passages anchored in them fall back to
 * their quote. Returns false, changing nothing, when the text already reads `text`.
 */
export function replaceClauseText(doc: Y.Doc, text: string): boolean {
  if (clausePlainText(doc) === text) return false;
  const copy = new Y.Doc({ guid: doc.guid });
  const editor = createHeadlessEditor({
    namespace: 'accord-replace',
    onError: (e) => {
      throw e;
    },
  });
  const binding = createYjsBinding({ editor, id: 'replace', doc: copy, docMap: new Map([['replace', copy]]) });
  const root = binding.root.getSharedType();
  // Yjs → Lexical, as `CollaborationPlugin` does: the copy's content reaches the editor.
  const onYjs = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    if (transaction.origin !== binding)
      syncYjsChangesToLexical(
        binding,
        noCursorProvider,
        events as Parameters<typeof syncYjsChangesToLexical>[2],
        false,
      );
  };
  root.observeDeep(onYjs);
  const unregister = writeLexicalToYjs(editor, binding);
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    // Commits what the editor took from Yjs (Lexical would in a microtask) before editing it.
    editor.read(() => {});
    editor.update(() => $setClauseText(text), { discrete: true });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc)));
  } finally {
    unregister();
    root.unobserveDeep(onYjs);
    copy.destroy();
  }
  return true;
}

/** Plain text of a clause document (paragraphs joined by newlines): the one definition is shared. */
export { clausePlainText };
