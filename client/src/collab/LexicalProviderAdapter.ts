import { type HocuspocusProvider, type onSyncedParameters, WebSocketStatus } from '@hocuspocus/provider';
import type { Provider, ProviderAwareness } from '@lexical/yjs';
import type { Doc } from 'yjs';

/** The events Lexical's `CollaborationPlugin` listens to (see the `Provider` type of @lexical/yjs). */
interface LexicalProviderEvents {
  sync: (isSynced: boolean) => void;
  status: (event: { status: string }) => void;
  update: (update: unknown) => void;
  reload: (doc: Doc) => void;
}
type EventName = keyof LexicalProviderEvents;

/**
 * Presents one `HocuspocusProvider` on a shared `HocuspocusProviderWebsocket` as the `Provider`
 * Lexical expects. Three mismatches are bridged here:
 *
 * - Hocuspocus emits `synced({ state })`, Lexical waits for `sync(isSynced)`.
 * - On a shared socket, `HocuspocusProvider.connect()`/`disconnect()` do nothing (they only act on
 *   a socket the provider owns). The plugin calls them on mount and unmount, and React's
 *   StrictMode calls them twice; here they attach and detach the document from the socket, which
 *   is idempotent and never closes the socket other documents use.
 * - A provider attached to a socket that is already open never sees a `status` event, so the
 *   current status is replayed on `connect()`.
 *
 * The adapter never destroys the provider: `CollabSession` owns it, and destroying it (with the
 * page, or when the editor remounts) also removes the listeners registered here.
 */
export class LexicalProviderAdapter implements Provider {
  readonly awareness: ProviderAwareness;
  private readonly listeners: { [E in EventName]: Set<LexicalProviderEvents[E]> } = {
    sync: new Set(),
    status: new Set(),
    update: new Set(),
    reload: new Set(),
  };

  constructor(readonly hocuspocus: HocuspocusProvider) {
    const awareness = hocuspocus.awareness;
    if (awareness === null) throw new Error(`Document ${hocuspocus.configuration.name} has no awareness`);
    // y-protocols types states as `{ [key: string]: any }`; Lexical types them as its UserState.
    // Same object, different declarations.
    this.awareness = awareness as unknown as ProviderAwareness;
    hocuspocus.on('synced', this.onSynced);
    hocuspocus.on('status', this.onStatus);
  }

  connect(): void {
    // Returns nothing on purpose: given a promise, the plugin disconnects in a `.then()` on
    // unmount, which under StrictMode would run after the remount's connect and detach it.
    this.hocuspocus.attach();
    const { status } = this.hocuspocus.configuration.websocketProvider;
    this.emit('status', { status });
    if (this.hocuspocus.isSynced) this.emit('sync', true);
  }

  disconnect(): void {
    if (this.hocuspocus.isAttached) this.hocuspocus.detach();
  }

  on<E extends EventName>(type: E, callback: LexicalProviderEvents[E]): void {
    this.listeners[type].add(callback);
  }

  off<E extends EventName>(type: E, callback: LexicalProviderEvents[E]): void {
    this.listeners[type].delete(callback);
  }

  private emit<E extends EventName>(type: E, ...args: Parameters<LexicalProviderEvents[E]>): void {
    for (const callback of [...this.listeners[type]]) {
      (callback as (...a: Parameters<LexicalProviderEvents[E]>) => void)(...args);
    }
  }

  private readonly onSynced = ({ state }: onSyncedParameters) => this.emit('sync', state);

  private readonly onStatus = ({ status }: { status: WebSocketStatus }) => {
    this.emit('status', { status });
    // Hocuspocus marks the document unsynced on close without an event; tell Lexical too.
    if (status === WebSocketStatus.Disconnected) this.emit('sync', false);
  };
}
