import { presenceDocumentName, type RealtimeEvent } from '@accord/shared';
import type { Hocuspocus } from '@hocuspocus/server';
import type { ClusterBus } from '../cluster/ClusterBus.ts';
import type { CollabContext } from '../collab/context.ts';

/**
 * Pushes small events about server-owned rows (threads, review statuses) to everyone on a
 * consultation's page, as stateless messages on its presence document, which every page keeps
 * open. Clients refetch what changed, so each reader gets it with their own permissions.
 */
export interface RealtimeEvents {
  /** Never throws (the bus logs what fails): the write is done, pages catch up on their next resync. */
  publish(consultationId: string, event: RealtimeEvent): void;
}

/**
 * Through the cluster bus, so the pages connected to any instance get it: each instance sends
 * it to the sockets it holds (its copy of the presence document, if any page here has it open).
 */
export class BusRealtimeEvents implements RealtimeEvents {
  constructor(
    private readonly bus: ClusterBus,
    hocuspocus: Hocuspocus<CollabContext>,
  ) {
    bus.subscribe('realtime', (payload) => {
      const { consultationId, event } = JSON.parse(payload) as { consultationId: string; event: RealtimeEvent };
      // `relayStateless`, not `broadcastStateless`: every instance got it from the bus already;
      // the Redis extension's hook would relay it to the others once more.
      hocuspocus.documents.get(presenceDocumentName(consultationId))?.relayStateless(JSON.stringify(event));
    });
  }

  publish(consultationId: string, event: RealtimeEvent): void {
    this.bus.publish('realtime', JSON.stringify({ consultationId, event }));
  }
}
