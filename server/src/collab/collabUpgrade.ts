import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { COLLAB_PATH, type PresenceUser } from '@accord/shared';
import type { Hocuspocus } from '@hocuspocus/server';
import type { RequestHandler } from 'express';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Storage } from '../storage/Storage.ts';
import type { CollabContext } from './context.ts';

/** Tabs and windows of one signed-in person; each page uses one socket. */
const MAX_SOCKETS_PER_SESSION = 20;

export interface CollabUpgradeDeps {
  hocuspocus: Hocuspocus<CollabContext>;
  storage: Storage;
  /** The same session middleware as the HTTP API, run on the upgrade request. */
  session: RequestHandler;
  allowedOrigins: string[];
  maxMessageBytes: number;
}

/**
 * Handles the HTTP upgrade for `/collab`: checks the Origin (a page on another site must not
 * ride a delegate's cookie), authenticates the session cookie, then hands the socket to
 * Hocuspocus with the person as the connection's context.
 */
export function createCollabUpgrade(deps: CollabUpgradeDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxMessageBytes });
  // Open sockets by session id, so signing out also ends that session's live connections.
  const socketsBySession = new Map<string, Set<WebSocket>>();
  // One flag per session, shared by the contexts of all its sockets' documents.
  const revocations = new Map<string, { revoked: boolean }>();
  const revocationOf = (sessionID: string) => {
    const existing = revocations.get(sessionID);
    if (existing) return existing;
    const created = { revoked: false };
    revocations.set(sessionID, created);
    return created;
  };

  const reject = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  async function personOf(req: IncomingMessage) {
    // express-session reads the cookie and loads the session; no response is ever sent.
    const res = { getHeader() {}, setHeader() {}, on() {}, end() {} } as unknown as ServerResponse;
    await new Promise<void>((resolve, reject) => {
      deps.session(req as never, res as never, (err?: unknown) => (err ? reject(err) : resolve()));
    });
    const { sessionID, session } = req as unknown as { sessionID?: string; session?: { passport?: { user?: string } } };
    const personId = session?.passport?.user;
    const person = personId ? await deps.storage.getPerson(personId) : null;
    return person && sessionID ? { person, sessionID } : null;
  }

  function originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return false;
    if (deps.allowedOrigins.includes(origin)) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  /** The server's `upgrade` listener: nothing that goes wrong in here may escape as a rejection. */
  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that goes away while we check its session must not crash the process.
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((error: unknown) => {
      console.error('sync upgrade failed', error);
      if (!socket.destroyed) reject(socket, 500, 'Internal Server Error');
    });
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://accord.invalid');
    if (url.pathname !== COLLAB_PATH) return reject(socket, 404, 'Not Found');
    if (!originAllowed(req)) return reject(socket, 403, 'Forbidden');
    const signedIn = await personOf(req);
    if (!signedIn) return reject(socket, 401, 'Unauthorized');
    const { person, sessionID } = signedIn;
    if ((socketsBySession.get(sessionID)?.size ?? 0) >= MAX_SOCKETS_PER_SESSION) {
      return reject(socket, 429, 'Too Many Requests');
    }
    const revocation = revocationOf(sessionID);
    const stakeholder = person.stakeholderId ? await deps.storage.getStakeholder(person.stakeholderId) : null;
    const presence: PresenceUser = {
      personId: person.id,
      name: person.name,
      role: person.role,
      stakeholderId: person.stakeholderId,
      stakeholderName: stakeholder?.name.en ?? null,
    };

    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(key, value);
      }
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { headers });
      const connection = deps.hocuspocus.handleConnection(ws, request, { person, presence, session: revocation });
      const sockets = socketsBySession.get(sessionID) ?? new Set();
      socketsBySession.set(sessionID, sockets.add(ws));
      ws.on('message', (data: Buffer) => connection.handleMessage(new Uint8Array(data)));
      ws.on('close', (code, reason) => {
        sockets.delete(ws);
        if (sockets.size === 0) {
          socketsBySession.delete(sessionID);
          revocations.delete(sessionID);
        }
        connection.handleClose({ code, reason: reason.toString() });
      });
      ws.on('error', () => ws.terminate());
    });
  }

  return {
    handleUpgrade,
    /** Ends the live connections of a session that signed out (4401: the client must sign in again). */
    closeSession(sessionID: string): void {
      const revocation = revocations.get(sessionID);
      if (revocation) revocation.revoked = true;
      for (const ws of socketsBySession.get(sessionID) ?? []) {
        ws.close(4401, 'signed out');
        // A client that ignores the close frame is cut off anyway.
        setTimeout(() => ws.terminate(), 1_000).unref();
      }
    },
    /** Ends every live connection (1001 "going away": clients keep their edits and reconnect). */
    closeAll(): void {
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
    },
  };
}
