import type { beforeHandleAwarenessPayload, Extension } from '@hocuspocus/server';
import type { CollabContext } from '../context.ts';

/**
 * Presence comes from the session, never from the client: every awareness state a connection
 * sends is stamped with that connection's person. `name` is what Lexical prints on cursors.
 */
export class PresenceIdentityExtension implements Extension {
  extensionName = 'PresenceIdentityExtension';

  async beforeHandleAwareness({ states, context }: beforeHandleAwarenessPayload<CollabContext>): Promise<void> {
    if (!context) return; // server-internal awareness
    const { presence } = context;
    const label = presence.stakeholderName ? `${presence.name} (${presence.stakeholderName})` : presence.name;
    for (const state of states.values()) {
      // A removed client has a null state: nothing to stamp.
      if (!state) continue;
      state.user = presence;
      state.name = label;
    }
  }
}
