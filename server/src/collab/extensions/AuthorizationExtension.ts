import { can, parseDocumentName } from '@accord/shared';
import type { beforeSyncPayload, Extension, onAuthenticatePayload, onDisconnectPayload } from '@hocuspocus/server';
import { actorOf } from '../../auth/sessionActor.ts';
import type { Storage } from '../../storage/Storage.ts';
import type { CollabContext } from '../context.ts';

const refuse = (reason: string) => Object.assign(new Error(reason), { reason });

/** A page opens at most ~600 documents (a 300-clause framework, both languages) plus presence. */
export const MAX_DOCUMENTS_PER_SOCKET = 2_000;
/** A remounting editor briefly holds a document twice; more is a client opening it in a loop. */
const MAX_COPIES_PER_DOCUMENT = 2;

/**
 * Per document: refuses names that are not ours, documents that do not exist and people who
 * may not read; makes the connection read-only for people who may not edit. The person was
 * authenticated from the session cookie on upgrade; the token the provider sends is ignored.
 */
export class AuthorizationExtension implements Extension {
  extensionName = 'AuthorizationExtension';

  /** Open document connections per socket, by document name. */
  private readonly openBySocket = new Map<string, Map<string, number>>();

  constructor(private readonly storage: Storage) {}

  async onAuthenticate({
    documentName,
    context,
    connectionConfig,
    socketId,
  }: onAuthenticatePayload<CollabContext>): Promise<void> {
    const name = parseDocumentName(documentName);
    if (!name) throw refuse('unknown-document');
    if (context.session.revoked) throw refuse('signed-out');
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
    this.countOpening(socketId, documentName);
  }

  /** Writes of a session that signed out are refused even if its client ignores the close. */
  async beforeSync({ context }: beforeSyncPayload<CollabContext>): Promise<void> {
    if (context.session.revoked) throw refuse('signed-out');
  }

  async onDisconnect({ socketId, documentName }: onDisconnectPayload): Promise<void> {
    const open = this.openBySocket.get(socketId);
    const copies = open?.get(documentName) ?? 0;
    if (!open || copies === 0) return;
    if (copies > 1) open.set(documentName, copies - 1);
    else open.delete(documentName);
    if (open.size === 0) this.openBySocket.delete(socketId);
  }

  /** Bounds what one socket can make the server hold and fan out to. */
  private countOpening(socketId: string, documentName: string): void {
    const open = this.openBySocket.get(socketId) ?? new Map<string, number>();
    const copies = open.get(documentName) ?? 0;
    if (copies >= MAX_COPIES_PER_DOCUMENT) throw refuse('document-already-open');
    if (copies === 0 && open.size >= MAX_DOCUMENTS_PER_SOCKET) throw refuse('too-many-documents');
    open.set(documentName, copies + 1);
    this.openBySocket.set(socketId, open);
  }
}
