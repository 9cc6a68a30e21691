import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The page must work on a closed network: nothing here pulls fonts, CDNs or remote assets, and
// assets are emitted as files (never inlined as data: URLs that a strict CSP would have to allow).
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    reportCompressedSize: true,
    modulePreload: { polyfill: false },
    // Two pages: the chat (index.html) and the explorer (explore.html, `wildchat explore`).
    rollupOptions: { input: { chat: fileURLToPath(new URL('index.html', import.meta.url)), explore: fileURLToPath(new URL('explore.html', import.meta.url)) } },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/v1': 'http://127.0.0.1:3000',
    },
  },
});
