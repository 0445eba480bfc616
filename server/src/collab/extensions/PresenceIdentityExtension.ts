import type {
  beforeHandleAwarenessPayload,
  beforeSyncPayload,
  Connection,
  Document,
  Extension,
} from '@hocuspocus/server';
import type { CollabContext } from '../context.ts';
import { carriesUpdate, decodeIncomingUpdate } from '../syncMessages.ts';

/** A cursor state is a few hundred bytes; anything far bigger is not a cursor. */
const MAX_STATE_BYTES = 16 * 1024;

/**
 * Presence comes from the session, never from the client. Every awareness state a connection
 * sends is stamped with that connection's person (`name` is what Lexical prints on carets), and
 * a connection may speak only for itself:
 *
 * - it owns one awareness client id per document, the first it announces; states for any other
 *   id are dropped (an honest provider has exactly one Y.Doc per document);
 * - an id already owned by another open connection — announced, or seen in that connection's
 *   document updates — cannot be claimed, so nobody can overwrite, freeze or plant someone
 *   else's cursor or presence (y-protocols clients adopt any state sent for their own id);
 * - oversized states are dropped.
 */
export class PresenceIdentityExtension implements Extension {
  extensionName = 'PresenceIdentityExtension';

  /** Per document: awareness client id → the connection it belongs to. */
  private readonly owners = new WeakMap<Document, Map<number, Connection>>();
  /** The client id each connection speaks for. */
  private readonly claimed = new WeakMap<Connection, number>();

  async beforeSync({ connection, document, type, payload }: beforeSyncPayload): Promise<void> {
    if (!carriesUpdate(type)) return;
    if (connection.readOnly) return;
    const update = decodeIncomingUpdate(payload);
    if (!update) return; // malformed: the persistence extension refuses it
    const clients = new Set(update.structs.map((struct) => struct.id.client));
    // Ids written by this connection are its own (a reconnecting client may also carry others').
    const owners = this.ownersOf(document);
    for (const client of clients) {
      const owner = owners.get(client);
      if (!owner || !document.hasConnection(owner)) owners.set(client, connection);
    }
  }

  async beforeHandleAwareness({
    states,
    context,
    connection,
    document,
  }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    if (!context || !connection) return; // server-internal awareness
    // Hocuspocus 4.7 decodes each update into a scratch Awareness whose own empty local state is
    // the map's first entry: it is nobody's, drop it rather than broadcast a phantom client.
    const [scratchId] = states.keys();
    if (scratchId !== undefined && isEmptyState(states.get(scratchId))) states.delete(scratchId);
    const { presence } = context;
    const label = presence.stakeholderName ? `${presence.name} (${presence.stakeholderName})` : presence.name;
    for (const [clientId, state] of states) {
      const own = this.claimed.get(connection);
      const mayClaim = own === undefined && this.claim(document, clientId, connection);
      if (own !== clientId && !mayClaim) {
        states.delete(clientId);
        continue;
      }
      // A removed client has a null state: nothing to stamp.
      if (!state) continue;
      if (JSON.stringify(state).length > MAX_STATE_BYTES) {
        states.delete(clientId);
        continue;
      }
      state.user = presence;
      state.name = label;
    }
  }

  /** Makes `clientId` the awareness id of `connection` unless another open connection owns it. */
  private claim(document: Document, clientId: number, connection: Connection): boolean {
    const owners = this.ownersOf(document);
    const owner = owners.get(clientId);
    if (owner && owner !== connection && document.hasConnection(owner)) return false;
    owners.set(clientId, connection);
    this.claimed.set(connection, clientId);
    return true;
  }

  private ownersOf(document: Document): Map<number, Connection> {
    let owners = this.owners.get(document);
    if (!owners) {
      owners = new Map();
      this.owners.set(document, owners);
    }
    return owners;
  }
}

function isEmptyState(state: unknown): boolean {
  return typeof state === 'object' && state !== null && Object.keys(state).length === 0;
}
