import { clauseDocumentName, type Language } from '@accord/shared';
import { CollaborationPlugin } from '@lexical/react/LexicalCollaborationPlugin';
import { type InitialConfigType, LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { EditorThemeClasses } from 'lexical';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClauseProviderFactory } from '../collab/useCollabSession.ts';

interface ClauseEditorProps {
  consultationId: string;
  clauseId: string;
  /** The clause's display number, e.g. "4.3". */
  number: string;
  language: Language;
  editable: boolean;
  username: string;
  cursorColor: string;
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

/** Keeps the editor's editable flag in step with the person's capability. */
function EditablePlugin({ editable }: { editable: boolean }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => editor.setEditable(editable), [editor, editable]);
  return null;
}

/** The text of one clause in one language: a Lexical editor bound to its Yjs document. */
export function ClauseEditor({
  consultationId,
  clauseId,
  number,
  language,
  editable,
  username,
  cursorColor,
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
    <div className="clause-text" lang={language}>
      <LexicalComposer initialConfig={initialConfig}>
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="clause-editable"
              aria-label={label}
              aria-multiline={true}
              // Read-only text stays focusable so it can be read and selected from the keyboard.
              tabIndex={0}
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
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
      </LexicalComposer>
      <div ref={cursorsRef} className="clause-cursors" />
    </div>
  );
}
