import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authHeaders, readSse, startHarness, type Harness } from './server-harness.ts';

describe('abuse control and request validation', () => {
  let harness: Harness;
  let token: string;
  let conversationId: string;
  let now = Date.parse('2026-03-01T12:00:00Z');

  before(async () => {
    harness = await startHarness({
      clock: () => now,
      config: { rateLimitPerMinute: 4, maxConcurrentStreams: 1, maxBodyBytes: 2048, maxMessageChars: 100, maxTurns: 2 },
    });
    token = await harness.consent();
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
  });
  after(async () => {
    await harness.close();
  });

  function post(body: BodyInit, headers: Record<string, string> = {}, ip = '198.51.100.1'): Promise<Response> {
    return fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token, { 'x-forwarded-for': ip, ...headers }),
      body,
    });
  }

  async function errorCode(response: Response): Promise<string> {
    return ((await response.json()) as { error: { code: string } }).error.code;
  }

  test('invalid JSON, invalid UTF-8 and wrong types → 400 with a JSON error', async () => {
    const invalidJson = await post('{"content": "hi", ');
    assert.equal(invalidJson.status, 400);
    assert.equal(await errorCode(invalidJson), 'invalid_json');

    const invalidUtf8 = await post(Buffer.concat([Buffer.from('{"content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","parentTurnId":null}')]));
    assert.equal(invalidUtf8.status, 400);
    assert.equal(await errorCode(invalidUtf8), 'invalid_utf8');

    const wrongTypes = await post(JSON.stringify({ content: ['hi'], parentTurnId: 'none' }));
    assert.equal(wrongTypes.status, 400);
    const body = (await wrongTypes.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_request');
    assert.match(body.error.message, /content/);

    const notAnObject = await post('[1,2,3]');
    assert.equal(notAnObject.status, 400);
  });

  test('a body over maxBodyBytes → 413, with or without a Content-Length', async () => {
    const declared = await post(JSON.stringify({ content: 'x'.repeat(3000), parentTurnId: null }));
    assert.equal(declared.status, 413);
    assert.equal(await errorCode(declared), 'body_too_large');

    // Chunked upload: the limit must hold while reading, not only from the header.
    const chunks = [Buffer.from('{"content":"'), Buffer.alloc(1500, 'a'), Buffer.alloc(1500, 'b'), Buffer.from('","parentTurnId":null}')];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const chunked = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(chunked.status, 413);
    assert.equal(await errorCode(chunked), 'body_too_large');
  });

  test('message length and conversation length limits', async () => {
    const tooLong = await post(JSON.stringify({ content: 'é'.repeat(101), parentTurnId: null }));
    assert.equal(tooLong.status, 413);
    assert.equal(await errorCode(tooLong), 'message_too_long');
    // 100 emoji are 200 UTF-16 units but 100 characters: accepted.
    const emoji = await post(JSON.stringify({ content: '😀'.repeat(100), parentTurnId: null }), {}, '198.51.100.50');
    assert.equal(emoji.status, 200);
    const first = (JSON.parse((await readSse(emoji)).at(-1)?.data ?? '{}') as { turn: { turnIdentifier: number } }).turn;
    const second = await post(JSON.stringify({ content: 'two', parentTurnId: first.turnIdentifier }), {}, '198.51.100.50');
    const secondTurn = (JSON.parse((await readSse(second)).at(-1)?.data ?? '{}') as { turn: { turnIdentifier: number } }).turn;
    const third = await post(JSON.stringify({ content: 'three', parentTurnId: secondTurn.turnIdentifier }), {}, '198.51.100.50');
    assert.equal(third.status, 400);
    assert.equal(await errorCode(third), 'conversation_too_long');
  });

  test('per-IP message rate → 429 with Retry-After; other IPs unaffected; the window slides', async () => {
    const ip = '198.51.100.7';
    for (let index = 0; index < 4; index += 1) {
      const response = await post(JSON.stringify({ content: `message ${index}`, parentTurnId: null }), {}, ip);
      assert.equal(response.status, 200);
      await response.text();
    }
    const limited = await post(JSON.stringify({ content: 'one too many', parentTurnId: null }), {}, ip);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    const body = (await limited.json()) as { error: { code: string; retryAfterSeconds: number } };
    assert.equal(body.error.code, 'rate_limited');
    assert.equal(body.error.retryAfterSeconds, 60);

    const otherIp = await post(JSON.stringify({ content: 'from elsewhere', parentTurnId: null }), {}, '198.51.100.8');
    assert.equal(otherIp.status, 200);
    await otherIp.text();

    now += 61_000;
    const later = await post(JSON.stringify({ content: 'a minute later', parentTurnId: null }), {}, ip);
    assert.equal(later.status, 200);
    await later.text();
  });

  test('IPv6 clients are limited per /64, so rotating addresses inside one network does not bypass the limit', async () => {
    for (let index = 0; index < 4; index += 1) {
      const response = await post(JSON.stringify({ content: `v6 message ${index}`, parentTurnId: null }), {}, `2001:db8:77:1::${index + 1}`);
      assert.equal(response.status, 200);
      await response.text();
    }
    const limited = await post(JSON.stringify({ content: 'new address, same network', parentTurnId: null }), {}, '2001:db8:77:1:ffff::9');
    assert.equal(limited.status, 429);
    assert.equal(await errorCode(limited), 'rate_limited');
    const otherNetwork = await post(JSON.stringify({ content: 'another network', parentTurnId: null }), {}, '2001:db8:77:2::1');
    assert.equal(otherNetwork.status, 200);
    await otherNetwork.text();
    now += 61_000;
  });

  test('concurrent streams per IP → 429 too_many_streams until the first one ends', async () => {
    harness.upstream.setReply({ text: 'slow '.repeat(100), chunkCount: 100, delayMs: 20 });
    const ip = '198.51.100.9';
    const first = await post(JSON.stringify({ content: 'first stream', parentTurnId: null }), {}, ip);
    assert.equal(first.status, 200);
    const reader = first.body!.getReader();
    const { value } = await reader.read();
    const turnIdentifier = Number(/"turnIdentifier":(\d+)/.exec(new TextDecoder().decode(value))?.[1]);

    const second = await post(JSON.stringify({ content: 'second stream', parentTurnId: null }), {}, ip);
    assert.equal(second.status, 429);
    assert.ok(Number(second.headers.get('retry-after')) > 0);
    assert.equal(await errorCode(second), 'too_many_streams');

    await fetch(`${harness.url}/api/turns/${turnIdentifier}/stop`, { method: 'POST', headers: authHeaders(token) });
    while (!(await reader.read()).done);
    harness.upstream.setReply(null);
    const third = await post(JSON.stringify({ content: 'third stream', parentTurnId: null }), {}, ip);
    assert.equal(third.status, 200);
    await third.text();
  });

  test('kill switch → 503 service_disabled on new messages; terms and config still served', async () => {
    const requestsBefore = harness.upstream.requests.length;
    harness.config.disabledMessage = 'Collection is paused for maintenance.';
    try {
      const refused = await post(JSON.stringify({ content: 'hello?', parentTurnId: null }), {}, '198.51.100.20');
      assert.equal(refused.status, 503);
      assert.deepEqual(await refused.json(), { error: { code: 'service_disabled', message: 'Collection is paused for maintenance.' } });
      const openAi = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(token),
        body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello?' }] }),
      });
      assert.equal(openAi.status, 503);
      assert.equal(((await openAi.json()) as { error: { code: string } }).error.code, 'service_disabled');
      const config = (await (await fetch(`${harness.url}/api/config`)).json()) as { disabledMessage: string | null };
      assert.equal(config.disabledMessage, 'Collection is paused for maintenance.');
      assert.equal((await fetch(`${harness.url}/api/terms`)).status, 200);
      assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 200);
      assert.equal(harness.upstream.requests.length, requestsBefore);
    } finally {
      harness.config.disabledMessage = null;
    }
  });

  test('consents per IP are rate limited too, so tokens cannot be minted in bulk', async () => {
    const consent = (): Promise<Response> =>
      fetch(`${harness.url}/api/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.30' },
        body: JSON.stringify({ accepted: true, termsVersion: harness.terms.version }),
      });
    for (let index = 0; index < 4; index += 1) assert.equal((await consent()).status, 201);
    const limited = await consent();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(await errorCode(limited), 'rate_limited');
  });

  test('refusals are counted in the metrics', async () => {
    const text = await (await fetch(`${harness.url}/metrics`)).text();
    assert.match(text, /wildchat_refusals_total\{reason="rate_limited"\} 2/);
    assert.match(text, /wildchat_refusals_total\{reason="too_many_streams"\} 1/);
    assert.match(text, /wildchat_refusals_total\{reason="service_disabled"\} 2/);
  });
});
