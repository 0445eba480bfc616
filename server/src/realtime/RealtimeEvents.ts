import { presenceDocumentName, type RealtimeEvent } from '@accord/shared';
import type { Hocuspocus } from '@hocuspocus/server';
import type { CollabContext } from '../collab/context.ts';

/**
 * Pushes small events about server-owned rows (threads, review statuses) to everyone on a
 * consultation's page, as stateless messages on its presence document, which every page keeps
 * open. Clients refetch what changed, so each reader gets it with their own permissions.
 */
export interface RealtimeEvents {
  publish(consultationId: string, event: RealtimeEvent): void;
}

export class HocuspocusRealtimeEvents implements RealtimeEvents {
  constructor(private readonly hocuspocus: Hocuspocus<CollabContext>) {}

  publish(consultationId: string, event: RealtimeEvent): void {
    this.hocuspocus.documents.get(presenceDocumentName(consultationId))?.broadcastStateless(JSON.stringify(event));
  }
}
