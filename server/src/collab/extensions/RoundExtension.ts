import { can, decide, parseDocumentName } from '@accord/shared';
import type { beforeSyncPayload, Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { actorOf } from '../../auth/sessionActor.ts';
import type { RoundCache } from '../../rounds/RoundCache.ts';
import type { CollabContext } from '../context.ts';
import { carriesUpdate } from '../syncMessages.ts';

/**
 * Clause text follows the consultation's current round (`clause.editText` with the round in
 * the policy context): a writer whose role may edit is made read-only while the round forbids
 * it, checked again at every update they send, with the round state at that moment (rounds
 * come from memory, `RoundCache`: no database read per keystroke). Hocuspocus then refuses the
 * update as for any read-only connection (negative sync status): nothing is logged or applied,
 * and the connection stays open, so editing resumes when the round allows it again.
 */
export class RoundExtension implements Extension {
  extensionName = 'RoundExtension';

  constructor(private readonly rounds: RoundCache) {}

  async onAuthenticate({ documentName, context, connectionConfig }: onAuthenticatePayload<CollabContext>) {
    if (connectionConfig.readOnly) return;
    const name = parseDocumentName(documentName);
    if (name?.kind !== 'clause') return;
    connectionConfig.readOnly = !(await this.mayEdit(context, name.consultationId));
  }

  async beforeSync({ connection, context, documentName, type }: beforeSyncPayload<CollabContext>): Promise<void> {
    if (!carriesUpdate(type)) return;
    const name = parseDocumentName(documentName);
    if (name?.kind !== 'clause') return;
    const actor = actorOf(context.person);
    // People whose role may never edit stay read-only whatever the round.
    if (!can(actor, 'clause.editText', { consultationId: name.consultationId })) return;
    connection.readOnly = !(await this.mayEdit(context, name.consultationId));
  }

  private async mayEdit(context: CollabContext, consultationId: string): Promise<boolean> {
    const round = await this.rounds.current(consultationId);
    return decide(actorOf(context.person), 'clause.editText', { consultationId, round }).allowed;
  }
}
