import { type Extension, Hocuspocus } from '@hocuspocus/server';
import type { RoundCache } from '../rounds/RoundCache.ts';
import type { Storage } from '../storage/Storage.ts';
import type { CollabContext } from './context.ts';
import { AuthorizationExtension } from './extensions/AuthorizationExtension.ts';
import { ClauseSchemaExtension } from './extensions/ClauseSchemaExtension.ts';
import { type ClauseTextChanged, ClauseTextExtension } from './extensions/ClauseTextExtension.ts';
import { DurableUpdatesExtension } from './extensions/DurableUpdatesExtension.ts';
import { PresenceIdentityExtension } from './extensions/PresenceIdentityExtension.ts';
import { RoundExtension } from './extensions/RoundExtension.ts';

/**
 * The Hocuspocus instance: one concern per extension, in order
 * authorization → current round (read-only while it forbids editing) → clause schema → (scale-out: Redis) → persistence → text snapshot → presence identity.
 *
 * Scaled out, Hocuspocus' Redis extension carries every document's updates and awareness to
 * the other instances that have it open (4.7.0: with the fix for hocuspocus#1152, sync replies
 * go to a per-instance channel). Each instance appends its own clients' updates to the shared
 * log before acknowledging them, so durability does not depend on Redis; the extension's lock
 * comes before persistence so one instance at a time compacts a document.
 */
export function createCollabServer(deps: {
  storage: Storage;
  /** Consultation rounds in memory; absent: no round rule on clause text (tools and tests). */
  rounds?: RoundCache | null;
  /** Scale-out: Hocuspocus' Redis extension (see `connectScaleOut`). */
  scaleOut?: Extension | null;
  /** A clause's stored text changed (translation status): see `ClauseTextExtension`. */
  onClauseTextChanged?: ClauseTextChanged | null;
}): Hocuspocus<CollabContext> {
  const extensions: Extension[] = [
    new AuthorizationExtension(deps.storage),
    ...(deps.rounds ? [new RoundExtension(deps.rounds)] : []),
    new ClauseSchemaExtension(),
    ...(deps.scaleOut ? [deps.scaleOut] : []),
    new DurableUpdatesExtension(deps.storage),
    new ClauseTextExtension(deps.storage, deps.onClauseTextChanged ?? null),
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
