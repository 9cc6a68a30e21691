import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const themeBootEntry = fileURLToPath(new URL('src/theme/theme-boot.ts', import.meta.url));

/**
 * The theme must be on <html> before first paint, which only a blocking classic script in <head>
 * can do, and the CSP allows no inline script. Module entries are deferred, so this bundles
 * theme-boot.ts on its own as an IIFE, emits it under a content hash and puts its tag first in
 * both pages' <head> (chat and explorer share the stored choice). In dev the same file runs as a module (a flash there is harmless).
 */
function themeBootScript(): Plugin {
  let command: 'build' | 'serve' = 'serve';
  let script: { fileName: string; code: string } | null = null;
  return {
    name: 'wildchat-theme-boot',
    configResolved(config) {
      command = config.command;
    },
    async buildStart() {
      if (command !== 'build') return;
      const result = await build({
        configFile: false,
        root: webRoot,
        publicDir: false,
        logLevel: 'warn',
        build: { write: false, minify: true, target: 'es2022', lib: { entry: themeBootEntry, formats: ['iife'], name: 'wildchatThemeBoot' } },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((each) => ('output' in each ? each.output : []));
      const chunk = outputs.find((output) => output.type === 'chunk');
      if (!chunk || chunk.type !== 'chunk') throw new Error('bundling web/src/theme/theme-boot.ts produced no script');
      const hash = createHash('sha256').update(chunk.code).digest('base64url').slice(0, 8);
      script = { fileName: `assets/theme-boot-${hash}.js`, code: chunk.code };
    },
    transformIndexHtml(html, context) {
      if (!context.filename.endsWith('index.html') && !context.filename.endsWith('explore.html')) return html;
      const attributes = command === 'build' && script ? { src: `/${script.fileName}` } : { type: 'module', src: '/src/theme/theme-boot.ts' };
      return { html, tags: [{ tag: 'script', attrs: attributes, injectTo: 'head-prepend' }] };
    },
    generateBundle() {
      if (script) this.emitFile({ type: 'asset', fileName: script.fileName, source: script.code });
    },
  };
}

// The page must work on a closed network: nothing here pulls fonts, CDNs or remote assets, and
// assets are emitted as files (never inlined as data: URLs that a strict CSP would have to allow).
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), themeBootScript()],
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
