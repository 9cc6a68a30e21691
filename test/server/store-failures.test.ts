/**
 * Failures inside the server (here: a store that starts failing) must give a JSON 500 without
 * details, keep every other request working, and never leak the failure's message into the log.
 * The real SQLite store is used, with chosen methods made to throw.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { createOpenAiCompatibleClient } from '../../src/llm/openai-compatible-client.ts';
import { openGeoLocator } from '../../src/privacy/geo-locator.ts';
import { loadOrCreateIpHasher } from '../../src/privacy/hmac-ip-hasher.ts';
import { createApp, type App } from '../../src/server/app/create-app.ts';
import { loadTerms, type Terms } from '../../src/server/terms/terms.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';
import { parseSse, testConfig, TEST_MODELS } from './server-harness.ts';

// Two lines: a stack trace repeats every line of the message before its first frame.
const SECRET_FAILURE = 'database exploded\nwhile holding user text SECRET-123';

describe('internal failures', () => {
  let dataDir: string;
  let store: Store;
  let upstream: UpstreamDouble;
  let app: App;
  let terms: Terms;
  const failing = new Set<string>();
  const logLines: string[] = [];

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
    store = openStore(dataDir);
    upstream = await startUpstreamDouble({ models: TEST_MODELS });
    terms = await loadTerms(null);
    // The real store, with the methods named in `failing` made to throw.
    const faultyStore = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof property === 'string' && failing.has(property)) return () => Promise.reject(new Error(SECRET_FAILURE));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const config = testConfig(dataDir, { upstreamUrl: upstream.baseUrl, flushIntervalMs: 5 });
    app = createApp({
      store: faultyStore,
      llm: createOpenAiCompatibleClient({ baseUrl: upstream.baseUrl, apiKey: null, firstTokenTimeoutMs: 2000, stallTimeoutMs: 2000, retries: 0 }),
      ipHasher: await loadOrCreateIpHasher(dataDir),
      geo: await openGeoLocator({ file: null }),
      config,
      models: TEST_MODELS,
      terms,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
      resolveClientIp: () => '192.0.2.10',
    });
  });
  after(async () => {
    await app.shutdown();
    await upstream.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function consent(): Promise<string> {
    const response = await app.app.request('/api/consent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
    });
    return ((await response.json()) as { token: string }).token;
  }

  test('a throwing store read gives a JSON 500 without details, and the server keeps serving', async () => {
    const token = await consent();
    failing.add('listConversations');
    try {
      const response = await app.app.request('/api/conversations', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 500);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'internal_error');
      assert.ok(!JSON.stringify(body).includes('SECRET'));
    } finally {
      failing.delete('listConversations');
    }
    assert.equal((await app.app.request('/api/conversations', { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.ok(logLines.some((line) => line.includes('unhandled error in request')));
    assert.ok(!logLines.join('').includes('SECRET'), 'the error message stays out of the log');
  });

  test('failing progress and completion writes do not break the stream the user is reading', async () => {
    const token = await consent();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await app.app.request('/api/conversations', { method: 'POST', headers, body: '{}' });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    upstream.setReply({ text: 'a reply in many small pieces', chunkCount: 8, delayMs: 10 });
    failing.add('recordProgress');
    failing.add('completeTurn');
    try {
      const response = await app.app.request(`/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ content: 'hello', parentTurnId: null }),
      });
      assert.equal(response.status, 200);
      const events = parseSse(await response.text());
      const done = JSON.parse(events.at(-1)?.data ?? '{}') as { turn: { status: string; assistantContent: string } };
      assert.equal(done.turn.status, 'complete');
      assert.equal(done.turn.assistantContent, 'a reply in many small pieces');
    } finally {
      failing.clear();
      upstream.setReply(null);
    }
    const metrics = await (await app.app.request('/metrics')).text();
    assert.match(metrics, /wildchat_store_errors_total\{operation="complete_turn"\} 1/);
    assert.match(metrics, /wildchat_store_errors_total\{operation="record_progress"\} [1-9]/);
    // The turn is left pending/streaming in the store, to be marked interrupted at the next start.
    assert.equal(await store.markInterruptedTurns(), 1);
    assert.ok(!logLines.join('').includes('SECRET'));
  });
});
