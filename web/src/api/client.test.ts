import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ApiError, NetworkError } from './api-error.ts';
import { createApiClient, parseStreamEvent } from './client.ts';
import type { StreamEvent } from './types.ts';

const turnView = {
  turnIdentifier: 7,
  parentTurnId: null,
  origin: 'send',
  userContent: 'hi',
  assistantContent: '',
  model: 'test-model',
  status: 'pending',
  finishReason: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  completedAt: null,
};

/** A small real HTTP app standing in for the server's routes that these tests touch. */
function makeServer(): { app: Hono; seenAuthorization: (string | undefined)[] } {
  const seenAuthorization: (string | undefined)[] = [];
  const app = new Hono();
  app.use('*', async (c, next) => {
    seenAuthorization.push(c.req.header('authorization'));
    await next();
  });
  app.get('/api/config', (c) =>
    c.json({
      models: [{ id: 'test-model' }],
      defaultModel: 'test-model',
      disabledMessage: null,
      limits: { maxMessageChars: 100, maxTurns: 10 },
      termsVersion: 'v1',
    }),
  );
  app.get('/api/conversations', (c) => c.json({ error: { code: 'unauthorized', message: 'Unknown token.' } }, 401));
  app.post('/api/conversations/:id/messages', async (c) => {
    const body = await c.req.json<{ content: string }>();
    if (body.content === 'fast') {
      return c.json({ error: { code: 'rate_limited', message: 'Too many messages.', retryAfterSeconds: 12 } }, 429);
    }
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ event: 'turn', data: JSON.stringify({ turn: turnView }) });
      await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: 'Hel' }) });
      await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text: 'lo' }) });
      await stream.writeSSE({ event: 'future-event', data: '{}' });
      await stream.writeSSE({ event: 'done', data: JSON.stringify({ turn: { ...turnView, assistantContent: 'Hello', status: 'complete' } }) });
    });
  });
  app.get('/api/bad-shape', (c) => c.json({ nope: true }));
  return { app, seenAuthorization };
}

describe('createApiClient', () => {
  test('parses config and sends the bearer token only on authenticated calls', async () => {
    const { app, seenAuthorization } = makeServer();
    const client = createApiClient({ getToken: () => 'tok-1', fetchImpl: async (url, init) => app.request(url, init) });
    const config = await client.getConfig();
    assert.equal(config.limits.maxMessageChars, 100);
    assert.equal(seenAuthorization.at(-1), undefined);
    await assert.rejects(client.listConversations());
    assert.equal(seenAuthorization.at(-1), 'Bearer tok-1');
  });

  test('streams turn, delta and done events in order and ignores unknown events', async () => {
    const { app } = makeServer();
    const client = createApiClient({ getToken: () => 'tok', fetchImpl: async (url, init) => app.request(url, init) });
    const events: StreamEvent[] = [];
    await client.sendMessage('c1', { content: 'hi', parentTurnId: null }, (event) => events.push(event));
    assert.deepEqual(
      events.map((event) => event.type),
      ['turn', 'delta', 'delta', 'done'],
    );
    const done = events.at(-1);
    assert.equal(done?.type === 'done' ? done.turn.assistantContent : null, 'Hello');
  });

  test('maps HTTP errors to ApiError with the code and wait time, and reports 401', async () => {
    const { app } = makeServer();
    let unauthorized = 0;
    const client = createApiClient({
      getToken: () => 'tok',
      onUnauthorized: () => unauthorized++,
      fetchImpl: async (url, init) => app.request(url, init),
    });
    await assert.rejects(
      client.sendMessage('c1', { content: 'fast', parentTurnId: null }, () => undefined),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 429);
        assert.equal(error.code, 'rate_limited');
        assert.equal(error.retryAfterSeconds, 12);
        return true;
      },
    );
    await assert.rejects(client.listConversations(), (error: unknown) => error instanceof ApiError && error.code === 'unauthorized');
    assert.equal(unauthorized, 1);
  });

  test('a failed connection becomes a NetworkError', async () => {
    const client = createApiClient({
      getToken: () => null,
      fetchImpl: () => Promise.reject(new TypeError('fetch failed')),
    });
    await assert.rejects(client.getTerms(), (error: unknown) => error instanceof NetworkError);
  });
});

describe('parseStreamEvent', () => {
  test('rejects events whose data does not match the contract', () => {
    assert.throws(
      () => parseStreamEvent('delta', '{"txt":"x"}'),
      (error: unknown) => error instanceof ApiError && error.code === 'bad_stream',
    );
    assert.throws(
      () => parseStreamEvent('turn', 'not json'),
      (error: unknown) => error instanceof ApiError && error.code === 'bad_stream',
    );
    assert.deepEqual(parseStreamEvent('error', '{"code":"upstream_stalled","message":"m","retryAfterSeconds":3}'), {
      type: 'error',
      code: 'upstream_stalled',
      message: 'm',
      retryAfterSeconds: 3,
    });
    assert.equal(parseStreamEvent('message', '{}'), null);
  });
});
