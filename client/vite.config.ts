import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server (server/) listens on 4321; in development Vite serves the client and forwards
// the API and the collaboration WebSocket to it, so the session cookie stays same-origin.
const API_SERVER = 'http://localhost:4321';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': { target: API_SERVER },
      '/collab': { target: API_SERVER, ws: true },
    },
  },
});
