/**
 * Serves the built web app (web/dist) from the collection server: correct content types,
 * immutable caching for content-hashed assets, gzip when the browser accepts it, and index.html
 * for client routes such as /c/<id>. API paths are never touched, so mounting order does not matter.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context, Env, Hono } from 'hono';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

/** Paths owned by the API; the web app never answers them, not even with its index.html fallback. */
const reservedPrefixes = ['/api/', '/v1/'];
const reservedExact = new Set(['/api', '/v1', '/healthz', '/metrics']);

/**
 * The page talks only to its own origin and loads nothing from anywhere else; a message that
 * somehow smuggled markup into the DOM still could not run inline script or call out.
 */
const pageSecurityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzipped: Buffer | null;
  etag: string;
}

export interface MountWebOptions {
  /** The page client routes get (default index.html, the chat; the explorer uses explore.html). */
  page?: string;
}

export function mountWeb<E extends Env>(app: Hono<E>, distDir: string, options: MountWebOptions = {}): void {
  const root = resolve(distDir);
  const cache = new Map<string, CachedFile>();

  let realRoot: string | null = null;

  async function load(file: string): Promise<CachedFile | null> {
    let info;
    try {
      // lstat: a symlink is never followed, so a link planted in the build folder cannot expose
      // a file outside it; the real path check covers a linked parent folder.
      info = await lstat(file);
      realRoot ??= await realpath(root);
      const real = await realpath(file);
      if (!real.startsWith(realRoot + sep)) return null;
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const body = await readFile(file);
    const gzipped = compressible.has(extname(file)) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null;
    const entry = { mtimeMs: info.mtimeMs, size: info.size, body, gzipped, etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"` };
    cache.set(file, entry);
    return entry;
  }

  function respond(c: Context, file: string, entry: CachedFile, immutable: boolean): Response {
    const headers = new Headers({
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag: entry.etag,
      'x-content-type-options': 'nosniff',
    });
    if (extname(file) === '.html') for (const [name, value] of Object.entries(pageSecurityHeaders)) headers.set(name, value);
    if (entry.gzipped) headers.set('vary', 'accept-encoding');
    if (c.req.header('if-none-match') === entry.etag) return new Response(null, { status: 304, headers });
    const acceptsGzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = entry.gzipped && acceptsGzip ? entry.gzipped : entry.body;
    if (body === entry.gzipped) headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(body.length));
    return new Response(c.req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  }

  app.get('*', async (c, next) => {
    const path = c.req.path;
    if (reservedExact.has(path) || reservedPrefixes.some((prefix) => path.startsWith(prefix))) return next();

    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return next();
    }
    // Dotfiles (.env, .git/...) are never part of the app, whatever the build left behind.
    if (decoded.includes('\0') || decoded.split('/').some((segment) => segment === '..' || segment.startsWith('.'))) return next();

    if (decoded !== '/' && !decoded.endsWith('/')) {
      const file = resolve(root, `.${decoded}`);
      if (file.startsWith(root + sep)) {
        const entry = await load(file);
        if (entry) return respond(c, file, entry, decoded.startsWith('/assets/'));
      }
      // A missing file (/assets/old-hash.js, /robots.txt) is a 404, not the app's HTML.
      if (extname(decoded) !== '') return next();
    }

    // Client routes (/, /c/<id>) all get the app's page, which reads the URL itself.
    const indexFile = resolve(root, options.page ?? 'index.html');
    const index = await load(indexFile);
    if (!index) {
      return c.text('The web front end is not built. Run `npm run build` (or `npm ci`, which builds it).', 503);
    }
    return respond(c, indexFile, index, false);
  });
}
