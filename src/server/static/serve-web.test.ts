import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { mountWeb } from './serve-web.ts';

describe('mountWeb', () => {
  let distDir: string;
  const bigScript = `console.log(${JSON.stringify('x'.repeat(5000))});\n`;

  before(() => {
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
    fs.mkdirSync(path.join(distDir, 'assets'));
    fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>app</title><div id="root"></div>');
    fs.writeFileSync(path.join(distDir, 'assets', 'index-abc123.js'), bigScript);
    fs.writeFileSync(path.join(distDir, 'assets', 'index-abc123.css'), 'body{color:red}');
    fs.writeFileSync(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });

  after(() => fs.rmSync(distDir, { recursive: true, force: true }));

  function makeApp(dir: string): Hono {
    const app = new Hono();
    mountWeb(app, dir);
    app.get('/api/config', (c) => c.json({ ok: true }));
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
    app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such endpoint.' } }, 404));
    return app;
  }

  test('serves index.html at / with no-cache and a strict content security policy', async () => {
    const response = await makeApp(distDir).request('/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /connect-src 'self'/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    assert.match(await response.text(), /<div id="root">/);
  });

  test('hashed assets get their content type and immutable caching, gzipped when accepted', async () => {
    const app = makeApp(distDir);
    const plain = await app.request('/assets/index-abc123.js');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), bigScript);

    const gzipped = await app.request('/assets/index-abc123.js', { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(Buffer.from(await gzipped.arrayBuffer())).toString('utf8'), bigScript);

    const css = await app.request('/assets/index-abc123.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const icon = await app.request('/favicon.svg');
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    assert.equal(icon.headers.get('cache-control'), 'no-cache');
  });

  test('answers a matching ETag with 304', async () => {
    const app = makeApp(distDir);
    const first = await app.request('/');
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const second = await app.request('/', { headers: { 'if-none-match': etag } });
    assert.equal(second.status, 304);
  });

  test('client routes fall back to index.html; missing files with an extension are 404', async () => {
    const app = makeApp(distDir);
    const route = await app.request('/c/0b7c9f1e-1234');
    assert.equal(route.status, 200);
    assert.match(await route.text(), /<div id="root">/);
    const missing = await app.request('/assets/index-old.js');
    assert.equal(missing.status, 404);
  });

  test('never shadows the API, even for unknown API paths', async () => {
    const app = makeApp(distDir);
    assert.deepEqual(await (await app.request('/api/config')).json(), { ok: true });
    assert.deepEqual(await (await app.request('/healthz')).json(), { status: 'ok' });
    const unknown = await app.request('/api/nope');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('content-type')?.startsWith('application/json'), true);
    const unknownV1 = await app.request('/v1/nope');
    assert.equal(unknownV1.status, 404);
  });

  test('does not serve files outside the dist folder', async () => {
    const outside = path.join(path.dirname(distDir), `${path.basename(distDir)}-secret.txt`);
    fs.writeFileSync(outside, 'secret');
    try {
      const app = makeApp(distDir);
      for (const attempt of [`/..%2F${path.basename(outside)}`, `/assets/..%2F..%2F${path.basename(outside)}`]) {
        const response = await app.request(attempt);
        assert.notEqual(await response.text(), 'secret', attempt);
        assert.equal(response.status, 404, attempt);
      }
      // The URL parser folds /%2e%2e/ away before routing; what remains is an ordinary client route.
      const dotted = await (await app.request('/%2e%2e/%2e%2e/etc/passwd')).text();
      assert.doesNotMatch(dotted, /root:/);
      assert.match(dotted, /<div id="root">/);
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  test('explains how to build when web/dist is missing', async () => {
    const app = makeApp(path.join(distDir, 'does-not-exist'));
    const response = await app.request('/');
    assert.equal(response.status, 503);
    assert.match(await response.text(), /npm run build/);
  });
});
