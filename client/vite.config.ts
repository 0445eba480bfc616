import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The API server (server/) listens on 4321; in development Vite serves the client and forwards
// the API and the collaboration WebSocket to it, so the session cookie stays same-origin.
const API_SERVER = 'http://localhost:4321';

/**
 * Writes `.br` and `.gz` beside every built script and stylesheet, compressed once at the
 * highest settings: delegates on thin connections download less (brotli 11 is ~15% smaller
 * than gzip), and the server sends the file as is instead of compressing it for every visitor.
 */
function precompressAssets(): Plugin {
  return {
    name: 'accord-precompress-assets',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      const files = Object.keys(bundle).filter((file) => /\.(js|css|svg)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const source = await fs.readFile(path.join(dir, file));
          if (source.length < 1024) return;
          const brotli = zlib.brotliCompressSync(source, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          });
          await fs.writeFile(path.join(dir, `${file}.br`), brotli);
          await fs.writeFile(path.join(dir, `${file}.gz`), zlib.gzipSync(source, { level: 9 }));
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompressAssets()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: API_SERVER },
      '/collab': { target: API_SERVER, ws: true },
    },
  },
});
