import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Storage } from '../storage/Storage.ts';
import type { CollabContext } from './context.ts';

/**
 * Server-side access to clause documents for the rest of the app (anchoring comments, applying
 * an accepted wording). Reads use the live document when Hocuspocus has it open, else the
 * stored log, which holds every acknowledged update. Writes go through Hocuspocus, so everyone
 * connected sees them live, and are appended to the log before they are reported done.
 */
export class ClauseDocuments {
  constructor(
    private readonly hocuspocus: Hocuspocus<CollabContext>,
    private readonly storage: Storage,
  ) {}

  /** Calls `read` with each document; the documents are only valid during the call. */
  async read<T>(names: readonly string[], read: (docs: Map<string, Y.Doc>) => T): Promise<T> {
    const docs = new Map<string, Y.Doc>();
    const loaded: Y.Doc[] = [];
    try {
      for (const name of new Set(names)) {
        const live = this.hocuspocus.documents.get(name);
        if (live) {
          docs.set(name, live);
          continue;
        }
        // A guid of our own: a random one costs more than loading a clause's few updates.
        const doc = new Y.Doc({ guid: name });
        loaded.push(doc);
        for (const update of await this.storage.loadDocumentUpdates(name)) {
          try {
            Y.applyUpdate(doc, update);
          } catch {
            // As when Hocuspocus loads it: one unreadable entry must not hide the rest.
          }
        }
        docs.set(name, doc);
      }
      return read(docs);
    } finally {
      for (const doc of loaded) doc.destroy();
    }
  }

  /**
   * Changes a document as the server, in one transaction: broadcast to everyone connected and
   * appended to the log before this resolves. `change` may throw to change nothing.
   */
  async change<T>(name: string, context: CollabContext, change: (doc: Y.Doc) => T): Promise<T> {
    const connection = await this.hocuspocus.openDirectConnection(name, context);
    try {
      const outcome: { value?: T; error?: unknown; update?: Uint8Array } = {
        error: new Error('the change did not run'),
      };
      await connection.transact((doc) => {
        const before = Y.encodeStateVector(doc);
        try {
          outcome.value = change(doc);
          outcome.error = undefined;
        } catch (error) {
          outcome.error = error;
          return;
        }
        outcome.update = Y.encodeStateAsUpdate(doc, before);
      });
      if (outcome.update !== undefined) await this.storage.appendDocumentUpdate(name, outcome.update);
      if (outcome.error !== undefined) throw outcome.error;
      return outcome.value as T;
    } finally {
      await connection.disconnect();
    }
  }
}
