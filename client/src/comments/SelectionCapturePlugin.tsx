import type { Language } from '@accord/shared';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useEffect } from 'react';
import { anchorSelection, clauseDocument, useOptionalComments } from './commentsContext.ts';
import { passageFromDomRange } from './passageSelection.ts';

/**
 * Follows the DOM selection into this clause editor: a non-collapsed selection inside it is
 * captured (as plain-text offsets, see `passageSelection.ts`) for its clause's "Comment on
 * selection" button; a collapsed one inside it releases it. A selection moving elsewhere (focus
 * going to that button) keeps it. Read from the DOM, so read-only editors capture too.
 */
export function SelectionCapturePlugin({ clauseId, language }: { clauseId: string; language: Language }) {
  const [editor] = useLexicalComposerContext();
  const env = useOptionalComments();

  useEffect(() => {
    if (env === null) return;
    const { ui } = env;
    const onSelectionChange = () => {
      const root = editor.getRootElement();
      const selection = root?.ownerDocument.getSelection();
      if (!root || !selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!root.contains(range.startContainer) && !root.contains(range.endContainer)) return;
      const passage = passageFromDomRange(editor, range, language);
      if (passage === null) {
        ui.release(clauseId, language);
        return;
      }
      const anchor = anchorSelection(clauseDocument(env, clauseId, language), passage);
      ui.capture({ clauseId, passage, anchor });
    };
    document.addEventListener('selectionchange', onSelectionChange);
    return () => {
      document.removeEventListener('selectionchange', onSelectionChange);
      ui.release(clauseId, language);
    };
  }, [editor, env, clauseId, language]);

  return null;
}
