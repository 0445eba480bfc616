import { clauseDocumentName, type Language } from '@accord/shared';
import { CollaborationPlugin } from '@lexical/react/LexicalCollaborationPlugin';
import { type InitialConfigType, LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary, type LexicalErrorBoundaryProps } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { EditorThemeClasses } from 'lexical';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClauseProviderFactory } from '../collab/useCollabSession.ts';
import { PassageHighlightPlugin } from '../comments/PassageHighlightPlugin.tsx';
import { SelectionCapturePlugin } from '../comments/SelectionCapturePlugin.tsx';

/** Someone went for the clause's text before its editor was there (see `ClauseText`). */
export interface FocusRequest {
  /** Where the pointer went down, to put the caret there; null: from the keyboard, at the start. */
  point: { x: number; y: number } | null;
}

export interface ClauseEditorProps {
  consultationId: string;
  clauseId: string;
  /** The clause's display number, e.g. "4.3". */
  number: string;
  language: Language;
  editable: boolean;
  username: string;
  cursorColor: string;
  /** Kept out of sight (and out of the accessibility tree) while its document loads. */
  hidden: boolean;
  /** Focus to move into the editor once it shows; `onFocusMoved` says it was. */
  focusRequest: FocusRequest | null;
  onFocusMoved: () => void;
}

// Class names for what @lexical/yjs draws for other people: caret, name label, selection.
const theme: EditorThemeClasses = {
  paragraph: 'clause-paragraph',
  collaboration: {
    cursor: 'collab-cursor',
    cursorName: 'collab-cursor-name',
    selection: 'collab-selection',
    selectionBg: 'collab-selection-bg',
  },
};

function reportEditorError(error: Error): void {
  console.error(error);
}

/**
 * `RichTextPlugin`'s error boundary (around what the editor renders as React components), with a
 * message in the UI language instead of Lexical's English one. The plugin's `onError` is the
 * editor's, `reportEditorError`: it reports the error to the console.
 */
function ClauseErrorBoundary({ children, onError }: Omit<LexicalErrorBoundaryProps, 'fallback'>) {
  const { t } = useTranslation();
  return (
    <LexicalErrorBoundary
      onError={onError}
      fallback={
        <span role="alert" className="form-error">
          {t('clause.editorFailed')}
        </span>
      }
    >
      {children}
    </LexicalErrorBoundary>
  );
}

/** Keeps the editor's editable flag in step with the person's capability. */
function EditablePlugin({ editable }: { editable: boolean }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => editor.setEditable(editable), [editor, editable]);
  return null;
}

/** Where the text under a point is, if that is inside `root`. */
function caretRangeAt(root: HTMLElement, { x, y }: { x: number; y: number }): Range | null {
  if (!('caretPositionFromPoint' in document)) return null;
  const position = document.caretPositionFromPoint(x, y);
  if (position === null || !root.contains(position.offsetNode)) return null;
  const range = document.createRange();
  range.setStart(position.offsetNode, position.offset);
  return range;
}

/** Moves focus into the editor when asked: a click or Tab that reached the clause before the editor. */
function FocusRequestPlugin({ request, onFocusMoved }: { request: FocusRequest | null; onFocusMoved: () => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    if (request === null) return;
    onFocusMoved();
    const root = editor.getRootElement();
    const range = root !== null && request.point !== null ? caretRangeAt(root, request.point) : null;
    if (root === null || range === null) {
      editor.focus(undefined, { defaultSelection: request.point === null ? 'rootStart' : 'rootEnd' });
      return;
    }
    // Lexical follows the DOM selection (selectionchange) into its own.
    root.focus({ preventScroll: true });
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }, [editor, request, onFocusMoved]);
  return null;
}

/**
 * The text of one clause in one language: a Lexical editor bound to its Yjs document. Placed in
 * a `.clause-text` cell (see `ClauseText`), against which remote cursors are positioned.
 */
export function ClauseEditor({
  consultationId,
  clauseId,
  number,
  language,
  editable,
  username,
  cursorColor,
  hidden,
  focusRequest,
  onFocusMoved,
}: ClauseEditorProps) {
  const { t } = useTranslation();
  const providerFactory = useClauseProviderFactory();
  const cursorsRef = useRef<HTMLDivElement>(null);
  // Read once on mount by LexicalComposer. `editorState: null` leaves the editor empty for
  // Yjs to fill: the server seeds each document, clients never bootstrap.
  const [initialConfig] = useState<InitialConfigType>(() => ({
    namespace: `clause-${language}`,
    theme,
    editable,
    editorState: null,
    onError: reportEditorError,
  }));
  const label = t('clause.editorLabel', { number, language: t(`language.${language}`) });

  return (
    <>
      <LexicalComposer initialConfig={initialConfig}>
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="clause-editable"
              aria-label={label}
              aria-multiline={true}
              // Read-only text stays focusable so it can be read and selected from the keyboard.
              tabIndex={0}
              hidden={hidden}
            />
          }
          ErrorBoundary={ClauseErrorBoundary}
        />
        <CollaborationPlugin
          id={clauseDocumentName(consultationId, clauseId, language)}
          providerFactory={providerFactory}
          shouldBootstrap={false}
          username={username}
          cursorColor={cursorColor}
          cursorsContainerRef={cursorsRef}
        />
        <EditablePlugin editable={editable} />
        <FocusRequestPlugin request={hidden ? null : focusRequest} onFocusMoved={onFocusMoved} />
        {/* Threads: the selection to comment on, and the passages commented on, highlighted. */}
        <SelectionCapturePlugin clauseId={clauseId} language={language} />
        <PassageHighlightPlugin clauseId={clauseId} language={language} />
      </LexicalComposer>
      <div ref={cursorsRef} className="clause-cursors" />
    </>
  );
}
