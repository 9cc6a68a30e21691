/**
 * Runs the real stack for browser tests and benchmarks: the upstream double (in-process, real
 * HTTP), `node bin/wildchat.js serve` as a child process, the built web app, and Debian's
 * chromium driven by playwright-core. Nothing is downloaded; without /usr/bin/chromium the
 * callers skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { mountWeb } from '../../src/server/static/serve-web.ts';
import { startUpstreamDouble } from '../doubles/upstream-double.ts';
import type { UpstreamDouble, UpstreamDoubleOptions } from '../doubles/upstream-double.ts';

export const chromiumPath = '/usr/bin/chromium';
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const webDist = path.join(projectRoot, 'web', 'dist');

export function chromiumMissingReason(): string | false {
  return fs.existsSync(chromiumPath) ? false : `browser tests need Debian chromium at ${chromiumPath} (apt-get install chromium); skipping`;
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function webBuildIsFresh(): boolean {
  const builtIndex = path.join(webDist, 'index.html');
  if (!fs.existsSync(builtIndex)) return false;
  const sourcesChanged = Math.max(
    newestMtime(path.join(projectRoot, 'web', 'src')),
    fs.statSync(path.join(projectRoot, 'web', 'index.html')).mtimeMs,
    fs.statSync(path.join(projectRoot, 'web', 'vite.config.ts')).mtimeMs,
  );
  return fs.statSync(builtIndex).mtimeMs >= sourcesChanged;
}

/**
 * Builds web/dist when it is missing or older than the sources, so tests never run a stale page.
 * Test files run in parallel: a lock file keeps two of them from rebuilding (and emptying
 * web/dist) under each other's running server.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (webBuildIsFresh()) return;
  const lockPath = path.join(projectRoot, 'web', '.build.lock');
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lockPath, 'wx'));
      break;
    } catch {
      // A lock left by a killed run is stale after a minute; a build takes a few seconds.
      const age = Date.now() - (fs.statSync(lockPath, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) fs.rmSync(lockPath, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (webBuildIsFresh()) return;
    const result = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`building the web app failed:\n${result.stderr}`);
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

export interface Stack {
  /** Where the browser opens the app (same origin as the API). */
  baseUrl: string;
  /** The wildchat server itself. */
  serverUrl: string;
  dataDir: string;
  upstream: UpstreamDouble;
  stop(): Promise<void>;
}

export interface StackOptions {
  upstream?: UpstreamDoubleOptions;
  /** Extra `wildchat serve` flags. */
  serveArguments?: string[];
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
  const upstream = await startUpstreamDouble({ models: ['test-model', 'test-model-large'], ...options.upstream });
  let child: ChildProcess | null = null;
  let front: ServerType | null = null;
  try {
    child = spawn(
      process.execPath,
      [
        path.join(projectRoot, 'bin', 'wildchat.js'),
        'serve',
        '--data-dir',
        dataDir,
        '--upstream-url',
        upstream.baseUrl,
        '--models',
        'test-model,test-model-large',
        '--port',
        '0',
        '--log-level',
        'warn',
        ...(options.serveArguments ?? []),
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const serverUrl = await waitForListening(child);
    const baseUrl = (await servesWebApp(serverUrl))
      ? serverUrl
      : await startFrontServer(serverUrl).then((started) => {
          front = started.server;
          return started.url;
        });
    const running = child;
    return {
      baseUrl,
      serverUrl,
      dataDir,
      upstream,
      async stop() {
        await stopChild(running);
        if (front) await new Promise<void>((resolve) => front?.close(() => resolve()));
        await upstream.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopChild(child);
    await upstream.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`wildchat serve did not start in 30 s:\n${errors}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wildchat serve exited with ${code}:\n${errors}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function servesWebApp(serverUrl: string): Promise<boolean> {
  const response = await fetch(serverUrl, { headers: { accept: 'text/html' } });
  const text = await response.text();
  return response.ok && text.includes('<div id="root">');
}

/**
 * Until the CLI mounts the web app itself, a same-origin front (mountWeb + a plain forwarder to
 * the wildchat server) gives the browser the page and the API on one origin.
 */
async function startFrontServer(serverUrl: string): Promise<{ server: ServerType; url: string }> {
  const app = new Hono();
  const forward = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const headers = new Headers(request.headers);
    headers.delete('host');
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, redirect: 'manual', signal: request.signal };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      init.body = request.body;
      init.duplex = 'half';
    }
    const upstreamResponse = await fetch(serverUrl + url.pathname + url.search, init);
    const responseHeaders = new Headers(upstreamResponse.headers);
    responseHeaders.delete('content-encoding');
    responseHeaders.delete('content-length');
    return new Response(upstreamResponse.body, { status: upstreamResponse.status, headers: responseHeaders });
  };
  app.all('/api/*', (c) => forward(c.req.raw));
  app.all('/v1/*', (c) => forward(c.req.raw));
  mountWeb(app, webDist);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({ server, url: `http://127.0.0.1:${info.port}` });
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
