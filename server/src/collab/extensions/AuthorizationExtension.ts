import { can, parseDocumentName } from '@accord/shared';
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { actorOf } from '../../auth/sessionActor.ts';
import type { Storage } from '../../storage/Storage.ts';
import type { CollabContext } from '../context.ts';

const refuse = (reason: string) => Object.assign(new Error(reason), { reason });

/**
 * Per document: refuses names that are not ours, documents that do not exist and people who
 * may not read; makes the connection read-only for people who may not edit. The person was
 * authenticated from the session cookie on upgrade; the token the provider sends is ignored.
 */
export class AuthorizationExtension implements Extension {
  extensionName = 'AuthorizationExtension';

  constructor(private readonly storage: Storage) {}

  async onAuthenticate({
    documentName,
    context,
    connectionConfig,
  }: onAuthenticatePayload<CollabContext>): Promise<void> {
    const name = parseDocumentName(documentName);
    if (!name) throw refuse('unknown-document');
    const actor = actorOf(context.person);
    const policy = { consultationId: name.consultationId };
    if (!(await this.storage.getConsultation(name.consultationId))) throw refuse('unknown-document');
    if (!can(actor, 'consultation.read', policy)) throw refuse('permission-denied');
    if (name.kind === 'clause') {
      if (!(await this.storage.clauseExists(name.consultationId, name.clauseId))) throw refuse('unknown-document');
      connectionConfig.readOnly = !can(actor, 'clause.editText', policy);
    } else {
      // The presence document carries awareness only: nobody writes to it.
      connectionConfig.readOnly = true;
    }
  }
}
