import { createHeadlessEditor } from '@lexical/headless';
import { type Binding, createYjsBinding, type Provider, syncLexicalUpdateToYjs } from '@lexical/yjs';
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
  editor.update(
    () => {
      const root = $getRoot();
      for (const line of text.split('\n')) root.append($createParagraphNode().append($createTextNode(line)));
    },
    { discrete: true },
  );
  unregister();
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Plain text of a clause document (paragraphs joined by newlines): the one definition is shared. */
export { clausePlainText } from '@accord/shared';
