import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

/** Built asset names: Vite's `name-hash.ext`, nothing that could leave the folder. */
const ASSET_NAME = /^\/[A-Za-z0-9_.-]+\.(js|css|svg)$/;

/**
 * Serves the `.br` / `.gz` the client build wrote beside each asset (`vite.config.ts`), when the
 * browser accepts that encoding: compressed once at build time at the highest settings, never
 * again per request. Anything else falls through to the plain static files (and on-the-fly
 * compression). Mounted on `/assets`, whose names carry a content hash: cached for good.
 */
export function precompressedAssets(dir: string): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !ASSET_NAME.test(req.path)) return next();
    // Brotli whenever accepted: browsers list gzip first ("gzip, deflate, br") at equal weight.
    const encoding =
      req.acceptsEncodings('br') === 'br' ? 'br' : req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : null;
    if (encoding === null) return next();
    const file = path.join(dir, req.path);
    const compressed = `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!fs.existsSync(compressed)) return next();
    res.vary('Accept-Encoding');
    res.type(path.extname(file));
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(compressed, { lastModified: true }, (error) => {
      if (error && !res.headersSent) next(error);
    });
  };
}
