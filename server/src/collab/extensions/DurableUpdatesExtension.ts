import type { beforeSyncPayload, Extension, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Storage } from '../../storage/Storage.ts';
import { carriesUpdate, decodeIncomingUpdate } from '../syncMessages.ts';

/**
 * Persistence with no acknowledged edit lost. Hocuspocus acknowledges an update right after
 * applying it in memory, and its `onStoreDocument` runs debounced seconds later; so every
 * incoming update is appended to the document's log in `beforeSync`, which Hocuspocus awaits
 * *before* it applies and acknowledges. `onStoreDocument` then only compacts the log.
 */
export class DurableUpdatesExtension implements Extension {
  extensionName = 'DurableUpdatesExtension';

  constructor(private readonly storage: Storage) {}

  async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
    for (const update of await this.storage.loadDocumentUpdates(documentName)) {
      try {
        Y.applyUpdate(document, update);
      } catch (error) {
        // One unreadable entry must not make the whole document unreadable.
        console.error(`skipping an unreadable update of ${documentName}`, error);
      }
    }
  }

  async beforeSync({ connection, documentName, type, payload }: beforeSyncPayload): Promise<void> {
    if (!carriesUpdate(type)) return;
    if (connection.readOnly) return; // Hocuspocus refuses it right after: nothing to keep.
    if (isEmptyUpdate(payload)) return;
    if (!decodeIncomingUpdate(payload)) {
      // Refused before it is kept or applied: the connection is closed, the document unchanged.
      throw Object.assign(new Error('malformed update'), { reason: 'malformed-update' });
    }
    await this.storage.appendDocumentUpdate(documentName, payload);
  }

  async onStoreDocument({ documentName }: onStoreDocumentPayload): Promise<void> {
    await this.storage.compactDocument(documentName, mergeUpdates);
  }
}

/** Folds a log into one update through a Y.Doc, so deleted content is garbage-collected. */
export function mergeUpdates(entries: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  for (const entry of entries) {
    try {
      Y.applyUpdate(doc, entry);
    } catch (error) {
      console.error('compaction skipped an unreadable update', error);
    }
  }
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

/** An update with no structs and no deletions: what a client sends when it has nothing new. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length <= 2 && update.every((b) => b === 0);
}
