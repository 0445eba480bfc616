import { parseDocumentName } from '@accord/shared';
import type { afterUnloadDocumentPayload, Extension, onStoreDocumentPayload } from '@hocuspocus/server';
import type { Storage } from '../../storage/Storage.ts';
import { clausePlainText } from '../lexicalText.ts';

/** Told when a clause's stored text changed (its translation status may have). */
export type ClauseTextChanged = (consultationId: string, clauseId: string) => void;

/**
 * Keeps a plain-text copy of each clause document, refreshed whenever Hocuspocus stores it
 * (debounced: at most 10 s old). Pages show it for clauses whose editors have not synced yet,
 * so a 300-clause framework does not need 600 documents open to be read. When the text differs
 * from what this instance last stored, `onTextChanged` hears of it (formatting-only changes and
 * repeated stores do not count).
 */
export class ClauseTextExtension implements Extension {
  extensionName = 'ClauseTextExtension';
  /** The text last stored per open document: to tell a text change from any other store. */
  private readonly lastStored = new Map<string, string>();

  constructor(
    private readonly storage: Storage,
    private readonly onTextChanged: ClauseTextChanged | null = null,
  ) {}

  async onStoreDocument({ documentName, document }: onStoreDocumentPayload): Promise<void> {
    const parsed = parseDocumentName(documentName);
    if (parsed?.kind !== 'clause') return;
    const text = clausePlainText(document);
    await this.storage.setDocumentText(documentName, text);
    const before = this.lastStored.get(documentName);
    this.lastStored.set(documentName, text);
    if (before !== text) this.onTextChanged?.(parsed.consultationId, parsed.clauseId);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.lastStored.delete(documentName);
  }
}
