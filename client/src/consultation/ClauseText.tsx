import { clauseDocumentName } from '@accord/shared';
import { type FocusEvent, type PointerEvent, useCallback, useState } from 'react';
import { useClauseSynced } from '../collab/useCollabSession.ts';
import { ClauseEditor, type ClauseEditorProps, type FocusRequest } from './ClauseEditor.tsx';

interface ClauseTextProps extends Omit<ClauseEditorProps, 'hidden' | 'focusRequest' | 'onFocusMoved'> {
  /** The clause's text as of its last save, shown until the live editor has synced. */
  previewText: string;
  /** Mount the live editor (the row is near the viewport, or someone went for it). */
  live: boolean;
  /** Someone focused or pressed on the preview: the editor is needed now. */
  onActivate: () => void;
}

/**
 * One clause in one language: its saved text as a static preview until `live`, then the live
 * editor, which only shows once its document has synced (until then the preview stays, so the
 * text does not blink out and back). A page opens only the documents of the clauses near the
 * viewport rather than all of them (two per clause) on load.
 *
 * The preview is not a text field: no textbox role and not the editor's name, so only the live
 * editor answers to "Clause 4.3 — English". It is focusable, so Tab still walks through every
 * clause; focus or a press on it mounts the editor and moves focus (and the caret) into it.
 */
export function ClauseText({ previewText, live, onActivate, ...editor }: ClauseTextProps) {
  const synced = useClauseSynced(clauseDocumentName(editor.consultationId, editor.clauseId, editor.language));
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const showEditor = live && synced;

  const request = (next: FocusRequest) => {
    // A press focuses the preview too: the first request, with its point, is the one to keep.
    setFocusRequest((current) => current ?? next);
    onActivate();
  };
  const onPointerDown = (event: PointerEvent) => request({ point: { x: event.clientX, y: event.clientY } });
  const onFocus = () => request({ point: null });
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    // Focus moved on (Tab, a click elsewhere) before the editor came: forget the request. Not
    // when the preview loses focus because it was replaced by the editor, which takes it.
    const preview = event.currentTarget;
    queueMicrotask(() => {
      if (preview.isConnected && document.activeElement !== preview) setFocusRequest(null);
    });
  };
  const onFocusMoved = useCallback(() => setFocusRequest(null), []);

  return (
    <div className="clause-text" lang={editor.language}>
      {live && (
        <ClauseEditor {...editor} hidden={!showEditor} focusRequest={focusRequest} onFocusMoved={onFocusMoved} />
      )}
      {!showEditor && (
        // A stand-in for the editor, focusable as the editor is so that Tab reaches every clause;
        // it hands focus on to the editor as soon as there is one. Not a textbox (see above).
        // biome-ignore lint/a11y/noStaticElementInteractions: focus and press mount the editor it stands for
        <div
          className="clause-preview"
          aria-busy="true"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: in the tab order in the editor's place
          tabIndex={0}
          onFocus={onFocus}
          onBlur={onBlur}
          onPointerDown={onPointerDown}
        >
          {previewText}
        </div>
      )}
    </div>
  );
}
