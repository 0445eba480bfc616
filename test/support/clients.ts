import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** Signs in through the API; returns the session cookie ("accord.sid=..."). */
export async function signIn(baseUrl: string, email: string, password = 'accord-demo'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] as string;
}

/** A `ws` WebSocket that sends the session cookie and an Origin, as a browser would. */
export function webSocketWith(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
}

export interface SyncedClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Resolves once the first sync completed; rejects when the server refused the document. */
  synced: Promise<void>;
  /** How many of this client's updates the server has acknowledged since `resetAcknowledged`. */
  acknowledged(): number;
  resetAcknowledged(): void;
  destroy(): void;
}

/** A real Hocuspocus provider from Node, signed in with `cookie`, on one document. */
export function connectDocument(
  baseUrl: string,
  cookie: string | null,
  documentName: string,
  opts: {
    origin?: string;
    socket?: HocuspocusProviderWebsocket;
    /** false: publish no awareness state, as the browser's unfocused clause editors do. */
    awareness?: boolean;
    /** Keep reconnecting after the connection drops (a browser does); tests default to giving up. */
    reconnect?: boolean;
  } = {},
): SyncedClient {
  const headers: Record<string, string> = { origin: opts.origin ?? baseUrl };
  if (cookie) headers.cookie = cookie;
  const socket =
    opts.socket ??
    new HocuspocusProviderWebsocket({
      url: `${baseUrl.replace(/^http/, 'ws')}/collab`,
      WebSocketPolyfill: webSocketWith(headers),
      // Tests want to see refusals, not retries for ever, unless they test reconnection.
      maxAttempts: opts.reconnect ? 0 : 1,
    });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName,
    document: doc,
    token: 'session',
  });
  if (opts.awareness === false) provider.awareness?.setLocalState(null);
  provider.attach();
  let acknowledged = 0;
  let previous = provider.unsyncedChanges;
  provider.on('unsyncedChanges', ({ number }: { number: number }) => {
    if (number < previous) acknowledged += previous - number;
    previous = number;
  });
  const synced = new Promise<void>((resolve, reject) => {
    provider.on('synced', () => resolve());
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new Error(`refused: ${reason}`)));
    socket.on('close', ({ event }: { event: { code: number } }) => reject(new Error(`socket closed: ${event?.code}`)));
  });
  synced.catch(() => {});
  return {
    doc,
    provider,
    socket,
    synced,
    acknowledged: () => acknowledged,
    resetAcknowledged() {
      acknowledged = 0;
      previous = provider.unsyncedChanges;
    },
    destroy() {
      provider.destroy();
      if (!opts.socket) socket.destroy();
    },
  };
}

/** Waits until `check` passes or the time is up (then throws with `what`). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
