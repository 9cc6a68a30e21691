import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { mountWeb } from './serve-web.ts';

describe('mountWeb never serves dotfiles or symlinks', () => {
  let root: string;
  let distDir: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-web-'));
    distDir = path.join(root, 'dist');
    fs.mkdirSync(path.join(distDir, 'assets'), { recursive: true });
    fs.mkdirSync(path.join(distDir, '.git'));
    fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>app</title>');
    fs.writeFileSync(path.join(distDir, '.env'), 'UPSTREAM_KEY=sk-secret');
    fs.writeFileSync(path.join(distDir, '.git', 'config.txt'), 'secret config');
    fs.writeFileSync(path.join(distDir, 'assets', '.hidden.js'), 'hidden()');
    fs.writeFileSync(path.join(root, 'outside.txt'), 'outside the web folder');
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'elsewhere', 'leak.txt'), 'through a linked folder');
    fs.symlinkSync(path.join(root, 'outside.txt'), path.join(distDir, 'link.txt'));
    fs.symlinkSync(path.join(distDir, 'index.html'), path.join(distDir, 'inside-link.html'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(distDir, 'assets', 'linked'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  function app(): Hono {
    const hono = new Hono();
    mountWeb(hono, distDir);
    hono.notFound((c) => c.json({ error: { code: 'not_found' } }, 404));
    return hono;
  }

  test('dotfiles and dot-folders are 404 (no index.html fallback either)', async () => {
    for (const url of ['/.env', '/.git/config.txt', '/assets/.hidden.js', '/%2eenv']) {
      const response = await app().request(url);
      const text = await response.text();
      assert.ok(!text.includes('secret') && !text.includes('hidden()'), url);
      assert.notEqual(response.headers.get('content-type'), 'application/octet-stream', url);
    }
  });

  test('symlinks, to files or folders, inside or outside, are not followed', async () => {
    for (const url of ['/link.txt', '/inside-link.html', '/assets/linked/leak.txt']) {
      const response = await app().request(url);
      assert.equal(response.status, 404, url);
      const text = await response.text();
      assert.ok(!text.includes('outside the web folder') && !text.includes('through a linked folder'), url);
    }
    assert.equal((await app().request('/index.html')).status, 200);
  });
});
