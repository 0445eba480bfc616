import { type PresenceUser, parseRealtimeEvent, presenceDocumentName, type RealtimeEvent } from '@accord/shared';
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import type { Provider } from '@lexical/yjs';
import { Doc } from 'yjs';
import { type CursorLabel, LexicalProviderAdapter } from './LexicalProviderAdapter.ts';
import { readPresenceUser } from './presenceUser.ts';

/**
 * What the server pushes about rows it owns (threads, review statuses…), and `resynced` when the
 * page's presence document synced again after a gap: events may have been missed, refetch.
 */
export type SessionEvent = RealtimeEvent | { type: 'resynced' };

/** What the connection indicator shows. */
export type ConnectionState = 'connecting' | 'saved' | 'saving' | 'offline' | 'denied';

export interface CollabSessionOptions {
  /** The WebSocket URL of the sync server, e.g. `wss://host/collab`. */
  url: string;
  consultationId: string;
  /** Our own presence entry. The server overwrites it from the session; set for local display. */
  user: PresenceUser;
}

/**
 * The server authenticates the WebSocket by the session cookie. Hocuspocus still sends an auth
 * message per document before syncing, so it gets a placeholder token.
 */
const COOKIE_SESSION_TOKEN = 'session';

const REOPEN_FIRST_DELAY_MS = 1000;
const REOPEN_MAX_DELAY_MS = 30_000;

/** One document on the shared socket and what we know of it beyond what Hocuspocus tracks. */
interface TrackedDocument {
  provider: HocuspocusProvider;
  /** The server refused it (authentication hook threw). */
  denied: boolean;
  /** The server closed this document while the socket stayed open; a reopen is scheduled. */
  closedByServer: boolean;
  reopenAttempts: number;
  reopenTimer: ReturnType<typeof setTimeout> | null;
  syncedBefore: boolean;
}

/**
 * Whether a document holds edits of ours the server has not acknowledged. Read-only connections
 * cannot save anything, so they never count; nor can a document still loading (its editor shows
 * the text preview until the first sync), which keeps editors mounted while scrolling from
 * flickering the status to "saving".
 */
function holdsUnsyncedEdits({ provider, syncedBefore }: TrackedDocument): boolean {
  return syncedBefore && provider.isAttached && provider.authorizedScope !== 'readonly' && provider.hasUnsyncedChanges;
}

/**
 * Everything realtime on one consultation page: one WebSocket, multiplexing one provider per
 * clause-language document whose editor is mounted (clauses near the viewport, see
 * `FrameworkOutline`) plus one for the page's presence document. React reads its state
 * through `subscribe` and the `get…` snapshots (for `useSyncExternalStore`).
 */
export class CollabSession {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly presence: HocuspocusProvider;
  private readonly documents = new Map<string, TrackedDocument>();
  private readonly listeners = new Set<() => void>();
  /** Per document name: who wants to know when its provider first syncs (`hasSynced`). */
  private readonly documentListeners = new Map<string, Set<() => void>>();
  private everConnected = false;
  private destroyed = false;
  private connectionState: ConnectionState = 'connecting';
  private unsavedChanges = false;
  private people: PresenceUser[] = [];
  private cursorLabel: CursorLabel | null = null;
  private readonly eventListeners = new Set<(event: SessionEvent) => void>();

  constructor(private readonly options: CollabSessionOptions) {
    // Not connected by the constructor: listeners first, then the presence document, then connect.
    this.socket = new HocuspocusProviderWebsocket({ url: options.url, autoConnect: false });
    this.socket.on('status', () => this.refresh());
    this.presence = this.track(presenceDocumentName(options.consultationId), new Doc());
    this.presence.on('awarenessChange', () => this.refreshPeople());
    // The server's realtime events ride on the presence document as stateless messages.
    this.presence.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event !== null) this.emitEvent(event);
    });
    let presenceSyncedBefore = false;
    this.presence.on('synced', () => {
      if (presenceSyncedBefore) this.emitEvent({ type: 'resynced' });
      presenceSyncedBefore = true;
    });
    this.presence.setAwarenessField('user', options.user);
    this.presence.attach();
    this.refreshPeople();
    void this.socket.connect();
  }

  /**
   * `CollaborationPlugin`'s providerFactory: a fresh Y.Doc (registered in Lexical's map) and a
   * provider for it on the shared socket. A stable function, so the plugin calls it once per
   * editor mount. The plugin connects it; nothing here bootstraps content (the server does).
   */
  readonly createClauseProvider = (id: string, yjsDocMap: Map<string, Doc>): Provider => {
    // An editor that remounts gets a new Y.Doc: Lexical only fills an editor from Yjs changes,
    // so reusing an already-synced doc would leave the new editor empty.
    this.untrack(id);
    const doc = new Doc();
    yjsDocMap.set(id, doc);
    const adapter = new LexicalProviderAdapter(this.track(id, doc), () => this.cursorLabel);
    this.notifyDocument(id); // A new provider has not synced yet.
    return adapter;
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getConnectionState = (): ConnectionState => this.connectionState;

  /**
   * Whether an open clause holds edits the server has not acknowledged yet: while "saving", and
   * while "offline" after typing. Yjs keeps them for a resync, but only as long as the page stays.
   */
  readonly hasUnsavedChanges = (): boolean => this.unsavedChanges;

  /**
   * Whether the document's current provider has synced with the server at least once: its Y.Doc
   * (and so the editor bound to it) holds the server's text. Stays true through a later
   * disconnection, whose edits Yjs keeps; false for a document no editor has opened.
   */
  readonly hasSynced = (name: string): boolean => this.documents.get(name)?.syncedBefore ?? false;

  /** Calls `listener` when `hasSynced(name)` may have changed. */
  readonly subscribeDocument = (name: string, listener: () => void): (() => void) => {
    let listeners = this.documentListeners.get(name);
    if (listeners === undefined) {
      listeners = new Set();
      this.documentListeners.set(name, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.documentListeners.get(name) === listeners) this.documentListeners.delete(name);
    };
  };

  /** Calls `listener` with each realtime event of the consultation; returns the unsubscriber. */
  readonly subscribeEvents = (listener: (event: SessionEvent) => void): (() => void) => {
    this.eventListeners.add(listener);
    return () => {
      this.eventListeners.delete(listener);
    };
  };

  /** The Y.Doc of an open clause document (its editor is mounted), else null. */
  readonly getDocument = (name: string): Doc | null => this.documents.get(name)?.provider.document ?? null;

  /** Everyone on the page, once per person, ourselves first. */
  readonly getPeople = (): PresenceUser[] => this.people;

  /** How carets name people (in the UI language); applies from each caret's next redraw. */
  setCursorLabel(label: CursorLabel): void {
    this.cursorLabel = label;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const name of [...this.documents.keys()]) this.untrack(name);
    this.socket.destroy();
    this.listeners.clear();
    this.documentListeners.clear();
    this.eventListeners.clear();
  }

  private track(name: string, document: Doc): HocuspocusProvider {
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name,
      document,
      token: COOKIE_SESSION_TOKEN,
    });
    const tracked: TrackedDocument = {
      provider,
      denied: false,
      closedByServer: false,
      reopenAttempts: 0,
      reopenTimer: null,
      syncedBefore: false,
    };
    this.documents.set(name, tracked);

    provider.on('authenticationFailed', () => {
      tracked.denied = true;
      this.refresh();
    });
    provider.on('authenticated', () => {
      tracked.denied = false;
      this.refresh();
    });
    provider.on('unsyncedChanges', () => this.refresh());
    provider.on('synced', () => {
      // After a reconnect the server has dropped our awareness state but remembers its clock,
      // and ignores the same state re-sent with that clock: bump it so others see us again.
      // Only a state we publish has a clock to bump: the presence document's, and a clause's
      // while its editor has focus (`FocusedAwareness`); other clauses publish nothing.
      const local = provider.awareness?.getLocalState();
      if (tracked.syncedBefore && local) provider.awareness?.setLocalState({ ...local });
      const firstSync = !tracked.syncedBefore;
      tracked.syncedBefore = true;
      tracked.closedByServer = false;
      tracked.reopenAttempts = 0;
      this.refresh();
      if (firstSync) this.notifyDocument(name);
    });
    provider.on('close', () => {
      // A closing socket reconnects by itself (and is already marked disconnected when this
      // runs). With the socket still open, the server closed just this document (shutdown,
      // access changed): it no longer syncs, so say so and open it again.
      if (this.destroyed || !provider.isAttached || this.socket.status !== WebSocketStatus.Connected) return;
      tracked.closedByServer = true;
      this.scheduleReopen(tracked);
      this.refresh();
    });
    return provider;
  }

  private scheduleReopen(tracked: TrackedDocument): void {
    if (tracked.reopenTimer !== null) return;
    const delay = Math.min(REOPEN_MAX_DELAY_MS, REOPEN_FIRST_DELAY_MS * 2 ** tracked.reopenAttempts);
    tracked.reopenAttempts += 1;
    tracked.reopenTimer = setTimeout(() => {
      tracked.reopenTimer = null;
      const { provider } = tracked;
      // Not if Lexical detached it meanwhile, or a reconnect already reopened it.
      if (this.destroyed || !tracked.closedByServer || !provider.isAttached) return;
      if (this.socket.status !== WebSocketStatus.Connected) return; // The socket's reconnect will.
      // The handshake a socket (re)open runs: authenticate, then sync. Not detach + attach: that
      // sends a close for the document, which the server would queue and apply to the new one.
      // A refusal shows as "denied"; another close schedules another, later, attempt.
      void provider.sendToken().then(() => provider.startSync());
    }, delay);
  }

  private untrack(name: string): void {
    const tracked = this.documents.get(name);
    if (tracked === undefined) return;
    this.documents.delete(name);
    if (tracked.reopenTimer !== null) clearTimeout(tracked.reopenTimer);
    tracked.provider.destroy(); // Also drops the adapter's listeners: they were on this provider.
  }

  private computeConnectionState(): ConnectionState {
    const documents = [...this.documents.values()];
    if (documents.some((d) => d.denied)) return 'denied';
    const connected = this.socket.status === WebSocketStatus.Connected;
    if (connected) this.everConnected = true;
    // Before the first connection it is "connecting"; after, any gap is "offline", whose message
    // says edits are kept (Yjs holds them and resyncs on reconnect).
    if (!connected || documents.some((d) => d.closedByServer)) return this.everConnected ? 'offline' : 'connecting';
    return documents.some(holdsUnsyncedEdits) ? 'saving' : 'saved';
  }

  private computeUnsavedChanges(): boolean {
    for (const tracked of this.documents.values()) {
      if (tracked.provider !== this.presence && holdsUnsyncedEdits(tracked)) return true;
    }
    return false;
  }

  private refresh(): void {
    if (this.destroyed) return;
    const next = this.computeConnectionState();
    const unsaved = this.computeUnsavedChanges();
    if (next === this.connectionState && unsaved === this.unsavedChanges) return;
    this.connectionState = next;
    this.unsavedChanges = unsaved;
    this.notify();
  }

  private refreshPeople(): void {
    if (this.destroyed) return;
    const self = this.options.user;
    const byPerson = new Map<string, PresenceUser>([[self.personId, self]]);
    for (const state of this.presence.awareness?.getStates().values() ?? []) {
      const user = readPresenceUser(state.user);
      if (user !== null && !byPerson.has(user.personId)) byPerson.set(user.personId, user);
    }
    const others = [...byPerson.values()].filter((p) => p.personId !== self.personId);
    const next = [self, ...others.sort((a, b) => a.name.localeCompare(b.name))];
    const unchanged =
      next.length === this.people.length &&
      next.every((p, i) => {
        const q = this.people[i];
        return q !== undefined && p.personId === q.personId && p.name === q.name && p.stakeholderId === q.stakeholderId;
      });
    if (unchanged) return;
    this.people = next;
    this.notify();
  }

  private emitEvent(event: SessionEvent): void {
    if (this.destroyed) return;
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private notifyDocument(name: string): void {
    if (this.destroyed) return;
    for (const listener of [...(this.documentListeners.get(name) ?? [])]) listener();
  }
}
