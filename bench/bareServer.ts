/**
 * The baseline of bench/scale.ts: a bare Hocuspocus server (no extensions, no authentication, no
 * persistence; defaults otherwise, so `flushDelay` 0 as in Accord) on a free port of 127.0.0.1,
 * as a child process. One document, BARE_DOCUMENT, starts from BARE_UPDATE (base64 of the Yjs
 * update `clauseTextUpdate` makes for the same clause text Accord seeds); others start empty.
 * Prints "bare Hocuspocus listening on port N"; stops on SIGTERM.
 *
 * The same @hocuspocus/server (4.7.0) and yjs as Accord.
 */
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';

const documentName = process.env.BARE_DOCUMENT ?? '';
const initial = Buffer.from(process.env.BARE_UPDATE ?? '', 'base64');

const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  async onLoadDocument({ documentName: name, document }) {
    if (name === documentName && initial.length > 0) Y.applyUpdate(document, new Uint8Array(initial));
  },
});
await server.listen();
console.log(`bare Hocuspocus listening on port ${server.address.port}`);
