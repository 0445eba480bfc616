import type { Redis } from 'ioredis';

/**
 * Messages every server instance must act on: a realtime event for the pages of a consultation
 * (each instance pushes it to its own sockets), a sign-out (each instance closes that session's
 * sockets). Embedded, there is one instance and the bus is a function call; scaled out, it is a
 * Redis pub/sub channel that every instance, the sender included, listens to.
 */
export interface ClusterBus {
  /** Never throws: what fails to deliver or to handle is logged (the sender's write is done). */
  publish(channel: BusChannel, payload: string): void;
  subscribe(channel: BusChannel, handler: (payload: string) => void): void;
  close(): Promise<void>;
}

export type BusChannel = 'realtime' | 'signOut';

const CHANNEL_PREFIX = 'accord:bus:';

export class LocalBus implements ClusterBus {
  private readonly handlers = new Map<BusChannel, ((payload: string) => void)[]>();

  /** Never throws: a handler that fails is logged, as on Redis, and the others still run. */
  publish(channel: BusChannel, payload: string): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        console.error(`handling a ${channel} message failed`, error);
      }
    }
  }

  subscribe(channel: BusChannel, handler: (payload: string) => void): void {
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  async close(): Promise<void> {}
}

export class RedisBus implements ClusterBus {
  private readonly handlers = new Map<string, ((payload: string) => void)[]>();
  private readonly subscriber: Redis;

  /** `redis` publishes; a duplicate of it subscribes (a subscribing connection does nothing else). */
  constructor(private readonly redis: Redis) {
    this.subscriber = redis.duplicate();
    this.subscriber.on('message', (channel: string, payload: string) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(payload);
        } catch (error) {
          console.error(`handling a ${channel} message failed`, error);
        }
      }
    });
  }

  publish(channel: BusChannel, payload: string): void {
    this.redis.publish(CHANNEL_PREFIX + channel, payload).catch((error: unknown) => {
      console.error(`publishing on ${channel} failed`, error);
    });
  }

  subscribe(channel: BusChannel, handler: (payload: string) => void): void {
    const name = CHANNEL_PREFIX + channel;
    const existing = this.handlers.get(name);
    this.handlers.set(name, [...(existing ?? []), handler]);
    if (!existing) {
      this.subscriber.subscribe(name).catch((error: unknown) => console.error(`subscribing to ${name} failed`, error));
    }
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }
}
