/**
 * The errors docs/api.md documents that no other test reaches, one test each, plus the two
 * strictness rules (unknown top-level keys, invisible-only messages) and the security headers
 * every answer carries. Other documented errors are covered beside their feature (abuse-control,
 * cost-control, hostile-input, session-hygiene, upstream-faults, write-limits, ...).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authHeaders, parseSse, startHarness, type Harness } from './server-harness.ts';

interface ErrorBody {
  error: { code: string; message: string; type?: string; param?: string };
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  assert.equal(response.status, status, `${code}: ${JSON.stringify(body)}`);
  assert.equal(body.error.code, code);
  return body;
}

describe('documented API errors', () => {
  let harness: Harness;
  let token: string;
  let conversationId: string;

  const api = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> =>
    fetch(`${harness.url}${path}`, {
      method: init.method ?? 'POST',
      headers: init.headers ?? authHeaders(token),
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  async function sendAndFinish(content: string, parentTurnId: number | null): Promise<number> {
    const events = parseSse(await (await api(`/api/conversations/${conversationId}/messages`, { body: { content, parentTurnId } })).text());
    const done = events.find((event) => event.event === 'done');
    assert.ok(done);
    return (JSON.parse(done.data) as { turn: { turnIdentifier: number } }).turn.turnIdentifier;
  }

  before(async () => {
    harness = await startHarness();
    token = await harness.consent();
    const created = await api('/api/conversations', { body: {} });
    assert.equal(created.status, 201);
    conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
  });
  after(async () => {
    await harness.close();
  });

  test('400 invalid_request: an unknown top-level key in every native body', async () => {
    const turnIdentifier = await sendAndFinish('first', null);
    const cases: [string, string, Record<string, unknown>][] = [
      ['POST', '/api/consent', { accepted: true, termsVersion: harness.terms.version, remember: true }],
      ['POST', '/api/conversations', { title: 'x', pinned: true }],
      ['PATCH', `/api/conversations/${conversationId}`, { title: 'x', color: 'red' }],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', parentTurnId: turnIdentifier, temperature: 1 }],
      ['POST', `/api/conversations/${conversationId}/turns/${turnIdentifier}/regenerate`, { model: 'double-small', seed: 3 }],
    ];
    const before = harness.upstream.requests.length;
    for (const [method, path, body] of cases) {
      const headers = path === '/api/consent' ? { 'content-type': 'application/json' } : authHeaders(token);
      const error = await expectError(await api(path, { method, body, headers }), 400, 'invalid_request');
      assert.ok(!error.error.message.includes('red') && !error.error.message.includes('hi'), 'the message names fields, never values');
    }
    assert.equal(harness.upstream.requests.length, before, 'nothing was forwarded');
  });

  test('400 empty_message: a message of only zero-width or invisible characters, native and /v1', async () => {
    const before = harness.upstream.requests.length;
    for (const content of ['\u200b\u200b', '\u200d\ufeff\u2060', ' \u3164 ', '\u200e\n\u00ad']) {
      await expectError(await api(`/api/conversations/${conversationId}/messages`, { body: { content, parentTurnId: null } }), 400, 'empty_message');
      const v1 = await api('/v1/chat/completions', { body: { model: 'double-small', messages: [{ role: 'user', content }] } });
      const body = await expectError(v1, 400, 'empty_message');
      assert.equal(body.error.type, 'invalid_request_error');
    }
    assert.equal(harness.upstream.requests.length, before);
    const turns = await harness.store.listTurns(conversationId);
    assert.ok(turns.every((turn) => turn.userContent.trim() !== '' && !/^[\u200b-\u200d\ufeff\u2060]+$/.test(turn.userContent)));
  });

  test('400 invalid_edit: editOf names a turn with a different parent', async () => {
    const first = await sendAndFinish('root', null);
    const second = await sendAndFinish('child', first);
    const response = await api(`/api/conversations/${conversationId}/messages`, { body: { content: 'edited', parentTurnId: null, editOf: second } });
    await expectError(response, 400, 'invalid_edit');
  });

  test('400 unsupported_parameter and unsupported_content on /v1', async () => {
    const many = await api('/v1/chat/completions', { body: { model: 'double-small', n: 2, messages: [{ role: 'user', content: 'hi' }] } });
    const body = await expectError(many, 400, 'unsupported_parameter');
    assert.equal(body.error.param, 'n');
    const image = await api('/v1/chat/completions', {
      body: { model: 'double-small', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.org/a.png' } }] }] },
    });
    await expectError(image, 400, 'unsupported_content');
  });

  test('404 conversation_not_found for an unknown id and for a conversation of another consent', async () => {
    await expectError(await api('/api/conversations/not-a-conversation', { method: 'GET' }), 404, 'conversation_not_found');
    const otherToken = await harness.consent();
    const response = await api(`/api/conversations/${conversationId}`, { method: 'GET', headers: authHeaders(otherToken) });
    await expectError(response, 404, 'conversation_not_found');
  });

  test('404 model_not_found on /v1 for a model that is not offered', async () => {
    const response = await api('/v1/chat/completions', { body: { model: 'gpt-nonexistent', messages: [{ role: 'user', content: 'hi' }] } });
    const body = await expectError(response, 404, 'model_not_found');
    assert.equal(body.error.param, 'model');
  });

  test('409 parent_not_final while the parent reply is still streaming', async () => {
    harness.upstream.setReply({ text: 'a slow reply', chunkCount: 4, delayMs: 300 });
    const controller = new AbortController();
    try {
      const streaming = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: authHeaders(token),
        body: JSON.stringify({ content: 'slow one', parentTurnId: null }),
        signal: controller.signal,
      });
      assert.equal(streaming.status, 200);
      const reader = streaming.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      const parent = (JSON.parse(parseSse(first)[0]!.data) as { turn: { turnIdentifier: number } }).turn.turnIdentifier;
      const response = await api(`/api/conversations/${conversationId}/messages`, { body: { content: 'too early', parentTurnId: parent } });
      await expectError(response, 409, 'parent_not_final');
      assert.equal(((await (await api(`/api/turns/${parent}/stop`)).json()) as { stopped: boolean }).stopped, true);
      await reader.cancel();
    } finally {
      controller.abort();
      harness.upstream.setReply(null);
    }
  });

  test('security headers on JSON answers, errors and streams; no-store on per-user data', async () => {
    const answers = [
      await api('/api/config', { method: 'GET', headers: {} }),
      await api('/api/conversations', { method: 'GET' }),
      await api('/api/me/export', { method: 'GET' }),
      await api('/v1/models', { method: 'GET' }),
      await api('/api/conversations', { method: 'GET', headers: {} }), // 401
      await api('/api/no-such-endpoint', { method: 'GET' }), // 404
      await api('/healthz', { method: 'GET', headers: {} }),
    ];
    for (const response of answers) {
      const where = `${response.url} (${response.status})`;
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', where);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', where);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', where);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, where);
      if (new URL(response.url).pathname !== '/healthz') assert.equal(response.headers.get('cache-control'), 'no-store', where);
      await response.body?.cancel();
    }
    const stream = await api(`/api/conversations/${conversationId}/messages`, { body: { content: 'headers please', parentTurnId: null } });
    assert.match(stream.headers.get('cache-control') ?? '', /no-store/);
    assert.equal(stream.headers.get('x-frame-options'), 'DENY');
    await stream.text();
    const v1Stream = await api('/v1/chat/completions', { body: { model: 'double-small', stream: true, messages: [{ role: 'user', content: 'hi' }] } });
    assert.match(v1Stream.headers.get('cache-control') ?? '', /no-store/);
    await v1Stream.text();
  });

  test('503 shutting_down once the server is stopping', async () => {
    await harness.app.shutdown();
    const response = await api(`/api/conversations/${conversationId}/messages`, { body: { content: 'late', parentTurnId: null } });
    await expectError(response, 503, 'shutting_down');
  });
});
