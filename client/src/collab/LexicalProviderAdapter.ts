import type { PresenceUser } from '@accord/shared';
import { type HocuspocusProvider, type onSyncedParameters, WebSocketStatus } from '@hocuspocus/provider';
import type { Provider, ProviderAwareness, UserState } from '@lexical/yjs';
import type { Doc } from 'yjs';
import { readPresenceUser } from './presenceUser.ts';

/** The text on a person's caret. */
export type CursorLabel = (user: PresenceUser) => string;

/** The events Lexical's `CollaborationPlugin` listens to (see the `Provider` type of @lexical/yjs). */
interface LexicalProviderEvents {
  sync: (isSynced: boolean) => void;
  status: (event: { status: string }) => void;
  update: (update: unknown) => void;
  reload: (doc: Doc) => void;
}
type EventName = keyof LexicalProviderEvents;

/** y-protocols' `Awareness`, as the provider exports it (y-protocols is not a dependency of ours). */
type Awareness = NonNullable<HocuspocusProvider['awareness']>;

/**
 * Presents one `HocuspocusProvider` on a shared `HocuspocusProviderWebsocket` as the `Provider`
 * Lexical expects. Four mismatches are bridged here:
 *
 * - Hocuspocus emits `synced({ state })`, Lexical waits for `sync(isSynced)`.
 * - On a shared socket, `HocuspocusProvider.connect()`/`disconnect()` do nothing (they only act on
 *   a socket the provider owns). The plugin calls them on mount and unmount, and React's
 *   StrictMode calls them twice; here they attach and detach the document from the socket, which
 *   is idempotent and never closes the socket other documents use.
 * - A provider attached to a socket that is already open never sees a `status` event, so the
 *   current status is replayed on `connect()`.
 * - Lexical gives every editor an awareness state from mount (`initLocalState`), and y-protocols
 *   renews every local state every 15 s: with a hundred clause documents on the page, each person
 *   would keep a hundred cursor states alive for nobody. Lexical gets a `FocusedAwareness`
 *   instead, which publishes ours only while the editor has focus.
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

  /** `cursorLabel`: how to name a person on their caret, read at each redraw (it follows the UI language). */
  constructor(
    readonly hocuspocus: HocuspocusProvider,
    cursorLabel: () => CursorLabel | null = () => null,
  ) {
    const awareness = hocuspocus.awareness;
    if (awareness === null) throw new Error(`Document ${hocuspocus.configuration.name} has no awareness`);
    this.awareness = new FocusedAwareness(awareness, cursorLabel);
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

/**
 * The awareness Lexical sees for one clause document: our state is published to the others only
 * while this editor has focus (Lexical's `focusing`), since only then is there a cursor to show.
 *
 * Lexical keeps its cursor in the local state: `initLocalState` on mount, `setLocalStateFocus` on
 * focus and blur (it mutates the object `getLocalState()` returned, then sets it again), and
 * every selection change while it has the state. All of that lands in `local`, always, so Lexical
 * reads back exactly what it wrote. The real awareness carries a copy of it while focused and
 * nothing otherwise: no state, so no 15-second renewal.
 *
 * Reading is the real awareness: `getStates()` holds the others' cursors (and ours while focused,
 * which Lexical skips by client id), and its `update` event redraws them.
 */
class FocusedAwareness implements ProviderAwareness {
  private local: UserState | null = null;

  constructor(
    private readonly awareness: Awareness,
    private readonly cursorLabel: () => CursorLabel | null,
  ) {
    // y-protocols starts every awareness with `{}`, which would be published and renewed.
    awareness.setLocalState(null);
  }

  getLocalState(): UserState | null {
    return this.local;
  }

  setLocalState(state: UserState | null): void {
    this.local = state;
    if (state?.focusing === true) {
      // A copy: Lexical mutates its state in place before setting it again, which must not
      // change what the real awareness holds without a new clock.
      this.awareness.setLocalState({ ...state });
    } else {
      this.withdraw();
    }
  }

  setLocalStateField(field: string, value: unknown): void {
    // As y-protocols does: a field of no state is nothing.
    if (this.local === null) return;
    this.setLocalState({ ...this.local, [field]: value });
  }

  getStates(): Map<number, UserState> {
    // y-protocols types states as `{ [key: string]: any }`; Lexical reads them as its UserState.
    const states = this.awareness.getStates() as Map<number, UserState>;
    const label = this.cursorLabel();
    if (label === null) return states;
    // The server stamps `name` in English; the caret shows the person in the reader's language.
    const labelled = new Map<number, UserState>();
    for (const [clientId, state] of states) {
      const user = readPresenceUser(state.user);
      labelled.set(clientId, user === null ? state : { ...state, name: label(user) });
    }
    return labelled;
  }

  on(type: 'update', callback: () => void): void {
    this.awareness.on(type, callback);
  }

  off(type: 'update', callback: () => void): void {
    this.awareness.off(type, callback);
  }

  /**
   * Stops publishing. The removal alone would not do: Hocuspocus' server (4.7) re-encodes each
   * incoming awareness update from a scratch `Awareness`, which holds no entry for a removed
   * client, so a removal never reaches the others and our caret would stay on their screens until
   * their 30-second timeout. So the others first get our state without focus, for which Lexical
   * draws no caret; the removal then stops the renewals here (and would remove the state at once
   * from a server that forwards removals). The server and the others drop the unfocused state
   * when it times out. Needs the provider's default unbatched sending (no `flushDelay`), which
   * sends both.
   */
  private withdraw(): void {
    const published = this.awareness.getLocalState();
    if (published === null) return;
    this.awareness.setLocalState({ ...published, focusing: false });
    this.awareness.setLocalState(null);
  }
}
