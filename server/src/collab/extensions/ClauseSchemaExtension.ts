import { parseDocumentName } from '@accord/shared';
import type { beforeSyncPayload, Extension } from '@hocuspocus/server';
import { clauseUpdateProblem } from '../clauseSchema.ts';
import { carriesUpdate } from '../syncMessages.ts';

/**
 * Refuses, before it is logged or applied, any update to a clause document that is not the shape
 * the client's Lexical editors can show (see `clauseUpdateProblem`): the connection is closed and
 * the document stays as it was.
 */
export class ClauseSchemaExtension implements Extension {
  extensionName = 'ClauseSchemaExtension';

  async beforeSync({ connection, documentName, type, payload }: beforeSyncPayload): Promise<void> {
    if (!carriesUpdate(type)) return;
    if (connection.readOnly) return; // refused anyway
    if (parseDocumentName(documentName)?.kind !== 'clause') return;
    const problem = clauseUpdateProblem(payload);
    if (problem) {
      console.warn(`refused an update to ${documentName}: ${problem}`);
      throw Object.assign(new Error(problem), { reason: 'invalid-clause-update' });
    }
  }
}
