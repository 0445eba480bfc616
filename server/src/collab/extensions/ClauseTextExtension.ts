import { parseDocumentName } from '@accord/shared';
import type { Extension, onStoreDocumentPayload } from '@hocuspocus/server';
import type { Storage } from '../../storage/Storage.ts';
import { clausePlainText } from '../lexicalText.ts';

/**
 * Keeps a plain-text copy of each clause document, refreshed whenever Hocuspocus stores it
 * (debounced: at most 10 s old). Pages show it for clauses whose editors have not synced yet,
 * so a 300-clause framework does not need 600 documents open to be read.
 */
export class ClauseTextExtension implements Extension {
  extensionName = 'ClauseTextExtension';

  constructor(private readonly storage: Storage) {}

  async onStoreDocument({ documentName, document }: onStoreDocumentPayload): Promise<void> {
    if (parseDocumentName(documentName)?.kind !== 'clause') return;
    await this.storage.setDocumentText(documentName, clausePlainText(document));
  }
}
