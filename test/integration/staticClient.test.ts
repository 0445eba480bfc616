import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApp, startInProcess } from '../support/app.ts';
import { freshDataDir } from '../support/server.ts';

/** How the built client is served: compressed, hashed assets cached for good, the shell revalidated. */
describe('serving the built client', () => {
  const dist = freshDataDir();
  let server: InProcessApp;
  const script = `console.log(${JSON.stringify('Accord '.repeat(2000))});\n`;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Accord</title><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-3f2a1b.js'), script);
    // As the client build writes them (vite.config.ts): compressed once, beside the asset.
    fs.writeFileSync(path.join(dist, 'assets', 'app-9c8d7e.js'), script);
    fs.writeFileSync(path.join(dist, 'assets', 'app-9c8d7e.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(dist, 'assets', 'app-9c8d7e.js.gz'), zlib.gzipSync(script));
    server = await startInProcess({ clientDist: dist });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('compresses text and lets browsers keep hashed assets', async () => {
    const res = await fetch(`${server.url}/assets/index-3f2a1b.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
    expect(await res.text()).toBe(script); // fetch decompresses
  });

  it('sends the precompressed file the browser accepts, as is, with the asset’s type', async () => {
    const brotli = await fetch(`${server.url}/assets/app-9c8d7e.js`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(brotli.status).toBe(200);
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('content-type')).toMatch(/javascript/);
    expect(brotli.headers.get('vary')).toMatch(/Accept-Encoding/i);
    expect(brotli.headers.get('cache-control')).toMatch(/immutable/);
    expect(Number(brotli.headers.get('content-length'))).toBe(zlib.brotliCompressSync(script).length);
    expect(await brotli.text()).toBe(script);

    const gzip = await fetch(`${server.url}/assets/app-9c8d7e.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(script);

    const plain = await fetch(`${server.url}/assets/app-9c8d7e.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(script);

    // Only asset names: nothing outside the folder, not even through the compressed lookup.
    const outside = await fetch(`${server.url}/assets/..%2Findex.html`, { headers: { 'accept-encoding': 'br' } });
    expect([403, 404]).toContain(outside.status);
    expect(await outside.text()).not.toContain('<div id="root">');
  });

  it('answers 404 for a missing asset instead of the app shell', async () => {
    expect((await fetch(`${server.url}/assets/gone-000000.js`)).status).toBe(404);
  });

  it('serves the app shell for client routes, revalidated on each visit', async () => {
    const res = await fetch(`${server.url}/consultations/lmec-2017`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<div id="root">');
  });
});
