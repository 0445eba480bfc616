import { clauseDocumentName } from '@accord/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { appendToClause, clausePlainText } from '../support/clauseText.ts';
import { connectDocument, eventually, signIn } from '../support/clients.ts';

const NAME = clauseDocumentName('lmec-2017', 'objective-4', 'en');

/** The provider's first message for a document: authenticate (the server uses the cookie). */
function authMessage(name: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, name);
  encoding.writeVarUint(e, 2); // auth
  encoding.writeVarUint(e, 0); // token
  encoding.writeVarString(e, 'session');
  return encoding.toUint8Array(e);
}

/** Whether a server message is "authenticated" for our document. */
function isAuthenticated(message: Uint8Array): boolean {
  const d = decoding.createDecoder(message);
  return decoding.readVarString(d) === NAME && decoding.readVarUint(d) === 2 && decoding.readVarUint(d) === 2;
}

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Frames a hostile client might send: garbage, truncated sync messages, bogus updates. */
function hostileFrames(seed: number, count: number): Uint8Array[] {
  const rand = random(seed);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const e = encoding.createEncoder();
    const kind = Math.floor(rand() * 5);
    if (kind === 0) frames.push(bytes(1 + Math.floor(rand() * 64)));
    else {
      encoding.writeVarString(e, NAME);
      if (kind === 1) encoding.writeVarUint(e, Math.floor(rand() * 20)); // unknown message types
      if (kind === 2) {
        encoding.writeVarUint(e, 0); // sync
        encoding.writeVarUint(e, 2); // update
        encoding.writeVarUint8Array(e, bytes(Math.floor(rand() * 40))); // not a Yjs update
      }
      if (kind === 3) {
        encoding.writeVarUint(e, 1); // awareness
        encoding.writeVarUint8Array(e, bytes(Math.floor(rand() * 40)));
      }
      if (kind === 4) encoding.writeUint8Array(e, bytes(Math.floor(rand() * 16))); // truncated
      frames.push(encoding.toUint8Array(e));
    }
  }
  return frames;
}

describe('the sync server under hostile input', () => {
  let server: InProcessApp;
  beforeAll(async () => {
    server = await startInProcess();
  });
  afterAll(async () => {
    await server.close();
  });

  it('survives random and malformed frames, keeps the document intact and keeps serving', async () => {
    const cookie = await signIn(server.url, 'delegate.thailand@lmec.org');
    const witness = connectDocument(server.url, await signIn(server.url, 'delegate.vietnam@lmec.org'), NAME);
    await witness.synced;
    const before = clausePlainText(witness.doc);
    const storedBefore = await server.storage.countDocumentUpdates(NAME);
    const errors = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) => logged.push(args.map(String).join(' ')); // Hocuspocus logs each refusal
    let authenticated = 0;
    try {
      for (let seed = 1; seed <= 20; seed++) {
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab`, {
            headers: { origin: server.url, cookie },
          });
          ws.on('open', () => ws.send(authMessage(NAME)));
          ws.on('message', (data: Buffer) => {
            // Past authentication, so the hostile frames reach the sync and awareness handlers.
            if (!isAuthenticated(new Uint8Array(data))) return;
            authenticated += 1;
            for (const frame of hostileFrames(seed, 25)) ws.send(frame);
            setTimeout(() => ws.close(), 50);
          });
          ws.on('close', () => resolve());
          ws.on('error', () => resolve());
        });
      }
    } finally {
      console.error = errors;
    }
    expect(authenticated).toBe(20);
    // The frames were handled, and refused: the server closed the document connection on them.
    expect(logged.filter((line) => line.includes('because of exception')).length).toBeGreaterThan(0);
    expect(clausePlainText(witness.doc)).toBe(before);
    expect(await server.storage.countDocumentUpdates(NAME)).toBe(storedBefore);

    const writer = connectDocument(server.url, cookie, NAME);
    await writer.synced;
    appendToClause(writer.doc, ' (after the storm)');
    await eventually(() => clausePlainText(witness.doc).endsWith('(after the storm)'), 'a normal edit to go through');
    writer.destroy();
    witness.destroy();
  });
});
