import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import type { TurnRecord } from '../schema/raw-records.ts';
import { loadOrCreateIpHasher } from '../privacy/hmac-ip-hasher.ts';
import { ipKeyFilePath } from '../privacy/ip-key-store.ts';
import { resolveServeConfig } from '../settings/resolve-serve-config.ts';
import type { ServeConfig } from '../settings/serve-settings.ts';
import { openStore, SQLITE_FILE_NAME } from '../store/open-store.ts';
import { CliError } from './cli-error.ts';
import { startServer } from './start-server.ts';

/** An OpenAI-compatible upstream on 127.0.0.1: lists one model; replies "Hello" then, if asked, hangs. */
function startFakeUpstream(): Promise<{ url: string; hang: { value: boolean }; close: () => Promise<void> }> {
  const hang = { value: false };
  const server = http.createServer((request, response) => {
    if (request.url?.endsWith('/models')) {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-model', owned_by: 'test' }] }));
      return;
    }
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: Record<string, unknown>, finishReason: string | null): void => {
        response.write(
          `data: ${JSON.stringify({ id: 'c1', created: 1, model: 'fake-model', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`,
        );
      };
      chunk({ content: 'Hello' }, null);
      if (hang.value) return;
      chunk({ content: ' there' }, 'stop');
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/v1`,
        hang,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const silentLogger = pino({ level: 'silent' });
const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
let folderCounter = 0;

function configFor(overrides: Record<string, unknown>): ServeConfig {
  folderCounter += 1;
  return resolveServeConfig({ port: '0', dataDir: path.join(temporaryRoot, `data-${folderCounter}`), upstreamUrl: upstream.url, ...overrides }, {});
}

async function json(response: Response): Promise<Record<string, unknown>> {
  assert.ok(response.ok, `HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Consent + a conversation, as the web app does it. */
async function consentAndConversation(baseUrl: string, headers: Record<string, string> = {}): Promise<{ token: string; conversationId: string }> {
  const terms = await json(await fetch(`${baseUrl}/api/terms`));
  const consent = await json(
    await fetch(`${baseUrl}/api/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
    }),
  );
  const token = String(consent.token);
  const created = await json(
    await fetch(`${baseUrl}/api/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    }),
  );
  return { token, conversationId: String((created.conversation as { id: string }).id) };
}

before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  fs.rmSync(temporaryRoot, { recursive: true, force: true });
});

/** Sends one message and reads its stream until the first delta, leaving the rest unread. */
async function startReplyUntilFirstDelta(url: string): Promise<{ reader: ReadableStreamDefaultReader<Uint8Array>; received: string }> {
  const { token, conversationId } = await consentAndConversation(url);
  const response = await fetch(`${url}/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ content: 'hello?', parentTurnId: null }),
  });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let received = '';
  while (!received.includes('event: delta')) {
    const { value, done } = await reader.read();
    if (done) break;
    received += decoder.decode(value, { stream: true });
  }
  return { reader, received };
}

describe('startServer', () => {
  test('creates a private data folder, discovers models and serves the app', async () => {
    const config = configFor({});
    const running = await startServer(config, { logger: silentLogger });
    try {
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(running.models, ['fake-model']);
      assert.equal(fs.statSync(config.dataDir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(ipKeyFilePath(config.dataDir)).mode & 0o777, 0o600);
      assert.deepEqual(await json(await fetch(`${running.url}/healthz`)), { status: 'ok' });
      const appConfig = await json(await fetch(`${running.url}/api/config`));
      assert.equal(appConfig.defaultModel, 'fake-model');
    } finally {
      await running.close();
    }
  });

  test('records a keyed hash and the location of the proxied client IP, never the IP itself', async () => {
    // Two trusted proxies: the client's address is the second from the right.
    const config = configFor({ trustProxy: true, proxyHops: '2' });
    const running = await startServer(config, { logger: silentLogger });
    let token: string;
    try {
      ({ token } = await consentAndConversation(running.url, {
        'x-forwarded-for': '81.2.69.142, 10.0.0.1',
        'user-agent': 'TestAgent/1.0',
        'accept-language': 'en-GB,en;q=0.8',
        cookie: 'never=stored',
      }));
    } finally {
      await running.close();
    }
    const store = openStore(config.dataDir);
    try {
      const consent = await store.findConsentByTokenHash(createHash('sha256').update(token, 'utf8').digest('hex'));
      assert.ok(consent !== null);
      const hasher = await loadOrCreateIpHasher(config.dataDir);
      assert.deepEqual(consent.context, {
        hashedIp: hasher.hash('81.2.69.142').hashedIp,
        ipKeyId: 'k1',
        country: 'United Kingdom',
        state: 'England',
        userAgent: 'TestAgent/1.0',
        acceptLanguage: 'en-GB,en;q=0.8',
      });
    } finally {
      await store.close();
    }
    const databaseBytes = fs.readdirSync(config.dataDir).filter((name) => name.startsWith('wildchat.sqlite'));
    for (const name of databaseBytes) {
      assert.ok(!fs.readFileSync(path.join(config.dataDir, name)).includes('81.2.69.142'), `${name} must not contain the raw IP`);
    }
  });

  test('ignores a forged X-Forwarded-For when trustProxy is off', async () => {
    const config = configFor({});
    const running = await startServer(config, { logger: silentLogger });
    let token: string;
    try {
      ({ token } = await consentAndConversation(running.url, { 'x-forwarded-for': '81.2.69.142' }));
    } finally {
      await running.close();
    }
    const store = openStore(config.dataDir);
    try {
      const consent = await store.findConsentByTokenHash(createHash('sha256').update(token, 'utf8').digest('hex'));
      const hasher = await loadOrCreateIpHasher(config.dataDir);
      assert.equal(consent?.context.hashedIp, hasher.hash('127.0.0.1').hashedIp);
      assert.equal(consent?.context.country, null);
    } finally {
      await store.close();
    }
  });

  test('stops with a clear error when the upstream is unreachable and no models are given', async () => {
    const config = configFor({ upstreamUrl: 'http://127.0.0.1:1/v1', upstreamRetries: '0' });
    await assert.rejects(startServer(config, { logger: silentLogger }), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /cannot list the upstream's models at http:\/\/127\.0\.0\.1:1\/v1\/models/);
      assert.match(error.message, /--models/);
      return true;
    });
    const withModels = await startServer({ ...config, models: ['offline-model'] }, { logger: silentLogger });
    assert.deepEqual(withModels.models, ['offline-model']);
    await withModels.close();
  });

  test('a missing terms file is a clear error, reported before the upstream is asked', async () => {
    const missing = path.join(os.tmpdir(), 'wildchat-no-such-terms.md');
    // The upstream is unreachable too: the local mistake must be the one reported.
    const config = { ...configFor({ upstreamUrl: 'http://127.0.0.1:1/v1', upstreamRetries: '0' }), termsFile: missing };
    await assert.rejects(startServer(config, { logger: silentLogger }), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, `Cannot read the terms file ${missing}: no such file`);
      return true;
    });
  });

  test('a missing geolocation database and a corrupt database file are clear errors, not crashes', async () => {
    const missingGeo = path.join(temporaryRoot, 'no-such-city.mmdb');
    await assert.rejects(startServer({ ...configFor({}), geoDb: missingGeo }, { logger: silentLogger }), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /^cannot open geolocation database .*no-such-city\.mmdb/);
      return true;
    });
    const config = configFor({});
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(config.dataDir, SQLITE_FILE_NAME), 'not a database '.repeat(100));
    await assert.rejects(startServer(config, { logger: silentLogger }), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.equal(error.message, `cannot open the database in ${config.dataDir}: file is not a database`);
      return true;
    });
  });

  test('a port in use is a clear error', async () => {
    const first = await startServer(configFor({}), { logger: silentLogger });
    try {
      await assert.rejects(
        startServer(configFor({ port: String(first.port) }), { logger: silentLogger }),
        /cannot listen on 127\.0\.0\.1:\d+: the port is already in use/,
      );
    } finally {
      await first.close();
    }
  });

  test('closing mid-reply ends the stream and records the turn as interrupted', async () => {
    const config = configFor({});
    const running = await startServer(config, { logger: silentLogger, closeGraceMs: 2000 });
    upstream.hang.value = true;
    try {
      const { reader, received } = await startReplyUntilFirstDelta(running.url);
      assert.ok(received.includes('Hello'), 'the first piece of the reply arrived');
      const closing = running.close();
      while (true) {
        const { done } = await reader.read().catch(() => ({ done: true }));
        if (done) break;
      }
      await closing;
    } finally {
      upstream.hang.value = false;
      await running.close();
    }
    const store = openStore(config.dataDir);
    try {
      const batches: string[] = [];
      for await (const batch of store.iterateConversations()) {
        for (const stored of batch) for (const turn of stored.turns) batches.push(`${turn.status}:${turn.assistantContent}`);
      }
      assert.equal(batches.length, 1);
      assert.match(batches[0] ?? '', /^interrupted:/);
    } finally {
      await store.close();
    }
  });

  test('a turn whose completion write failed is not left streaming after a graceful shutdown', async () => {
    // Progress flushes land at once, so the turn is `streaming` in the store before the shutdown.
    const config = configFor({ flushIntervalMs: '10' });
    const running = await startServer(config, { logger: silentLogger, closeGraceMs: 2000 });
    upstream.hang.value = true;
    let lockHolder: Database.Database | null = null;
    try {
      const { reader } = await startReplyUntilFirstDelta(running.url);
      lockHolder = new Database(path.join(config.dataDir, SQLITE_FILE_NAME));
      while (lockHolder.prepare('SELECT status FROM turns').pluck().get() !== 'streaming') await new Promise((resolve) => setTimeout(resolve, 10));
      // Another connection (a CLI command, a backup) holds the write lock past the busy timeout: the completion write fails.
      lockHolder.exec('BEGIN IMMEDIATE');
      const closing = running.close();
      while (true) {
        const { done } = await reader.read().catch(() => ({ done: true }));
        if (done) break;
      }
      lockHolder.exec('ROLLBACK');
      await closing;
    } finally {
      upstream.hang.value = false;
      lockHolder?.close();
      await running.close();
    }
    const store = openStore(config.dataDir);
    try {
      const turns: TurnRecord[] = [];
      for await (const batch of store.iterateConversations()) for (const stored of batch) turns.push(...stored.turns);
      assert.equal(turns.length, 1);
      assert.equal(turns[0]?.status, 'interrupted');
      assert.equal(turns[0]?.assistantContent, 'Hello');
    } finally {
      await store.close();
    }
    const reader = new Database(path.join(config.dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const row = reader.prepare('SELECT completed_at, last_token_at FROM turns').get() as { completed_at: number | null; last_token_at: number | null };
      assert.notEqual(row.last_token_at, null);
      assert.equal(row.completed_at, row.last_token_at, 'the turn ends at its last flushed token');
    } finally {
      reader.close();
    }
  });
});
