import { Hocuspocus } from '@hocuspocus/server';
import type { Storage } from '../storage/Storage.ts';
import type { CollabContext } from './context.ts';
import { AuthorizationExtension } from './extensions/AuthorizationExtension.ts';
import { ClauseSchemaExtension } from './extensions/ClauseSchemaExtension.ts';
import { ClauseTextExtension } from './extensions/ClauseTextExtension.ts';
import { DurableUpdatesExtension } from './extensions/DurableUpdatesExtension.ts';
import { PresenceIdentityExtension } from './extensions/PresenceIdentityExtension.ts';

/**
 * The Hocuspocus instance: one concern per extension, in order
 * authorization → clause schema → persistence → text snapshot → presence identity.
 */
export function createCollabServer(deps: { storage: Storage }): Hocuspocus<CollabContext> {
  const extensions = [
    new AuthorizationExtension(deps.storage),
    new ClauseSchemaExtension(),
    new DurableUpdatesExtension(deps.storage),
    new ClauseTextExtension(deps.storage),
    new PresenceIdentityExtension(),
  ];
  // Hocuspocus runs extensions by descending priority: give them priorities in list order.
  for (const [index, extension] of extensions.entries()) Object.assign(extension, { priority: 1000 - index });
  return new Hocuspocus<CollabContext>({
    name: 'accord',
    quiet: true,
    extensions,
    // Compaction of the update log; durability does not depend on it.
    debounce: 2_000,
    maxDebounce: 10_000,
    // A framework page opens two documents per clause, multiplexed on one socket.
    maxPendingDocuments: 2_000,
    maxUnauthenticatedQueueMessages: 10_000,
  });
}
