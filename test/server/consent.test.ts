import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { authHeaders, startHarness, type Harness } from './server-harness.ts';

describe('consent, terms and authentication', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness.close();
  });

  test('terms carry our own text and a content-hash version', async () => {
    const response = await fetch(`${harness.url}/api/terms`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { version: string; text: string };
    assert.equal(body.version, harness.terms.version);
    assert.match(body.version, /^[0-9a-f]{12}$/);
    assert.match(body.text, /keyed hash of your IP address/);
    assert.match(body.text, /DELETE \/api\/me/);
  });

  test('config lists models, limits and the terms version', async () => {
    const body = (await (await fetch(`${harness.url}/api/config`)).json()) as Record<string, unknown>;
    assert.deepEqual(body, {
      models: [{ id: 'double-small' }, { id: 'double-large' }],
      defaultModel: 'double-small',
      disabledMessage: null,
      limits: { maxMessageChars: 32000, maxTurns: 100 },
      termsVersion: harness.terms.version,
    });
  });

  test('consent refusals: accepted must be literally true, version must be current', async () => {
    const post = (body: unknown): Promise<Response> =>
      fetch(`${harness.url}/api/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const accepted of [false, 'true', 1, null]) {
      const response = await post({ accepted, termsVersion: harness.terms.version });
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'invalid_request');
    }
    const outdated = await post({ accepted: true, termsVersion: 'aaaaaaaaaaaa' });
    assert.equal(outdated.status, 409);
    assert.equal(((await outdated.json()) as { error: { code: string } }).error.code, 'terms_outdated');
  });

  test('a consent stores only the token hash and the hashed request context', async () => {
    const response = await fetch(`${harness.url}/api/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '81.2.69.142', 'user-agent': 'TestBrowser/1.0', 'accept-language': 'en-GB' },
      body: JSON.stringify({ accepted: true, termsVersion: harness.terms.version }),
    });
    assert.equal(response.status, 201);
    const body = (await response.json()) as { token: string; termsVersion: string; consentedAt: string };
    assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(body.termsVersion, harness.terms.version);
    assert.ok(!Number.isNaN(Date.parse(body.consentedAt)));
    const tokenHash = createHash('sha256').update(body.token).digest('hex');
    const consent = await harness.store.findConsentByTokenHash(tokenHash);
    assert.ok(consent);
    assert.equal(consent.tokenHash, tokenHash);
    assert.match(consent.context.hashedIp, /^[0-9a-f]{64}$/);
    assert.notEqual(consent.context.hashedIp, '81.2.69.142');
    assert.equal(consent.context.country, 'United Kingdom');
    assert.equal(consent.context.userAgent, 'TestBrowser/1.0');
    assert.equal(consent.context.acceptLanguage, 'en-GB');
    // The token itself is nowhere in the store.
    assert.equal(await harness.store.findConsentByTokenHash(body.token), null);

    const listed = await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(body.token) });
    assert.equal(listed.status, 200);
    assert.deepEqual(await listed.json(), { conversations: [] });
  });

  test('without a valid token /api and /v1 answer 401 and nothing is forwarded or stored', async () => {
    const requestsBefore = harness.upstream.requests.length;
    const conversationsBefore = await harness.store.countConversations();
    const badHeaders: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-real-token-at-all-0000' }, { authorization: 'Basic abc' }];
    for (const headers of badHeaders) {
      const native = await fetch(`${harness.url}/api/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
      assert.equal(native.status, 401);
      const nativeBody = (await native.json()) as { error: { code: string; message: string } };
      assert.equal(nativeBody.error.code, 'unauthorized');

      const openAi = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello there' }] }),
      });
      assert.equal(openAi.status, 401);
      const openAiBody = (await openAi.json()) as { error: { message: string; type: string; param: unknown; code: string } };
      assert.equal(openAiBody.error.type, 'authentication_error');
      assert.equal(openAiBody.error.code, 'unauthorized');
      assert.equal(openAiBody.error.param, null);

      const send = await fetch(`${harness.url}/api/conversations/abc/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ content: 'hello', parentTurnId: null }),
      });
      assert.equal(send.status, 401);
      assert.equal((await fetch(`${harness.url}/v1/models`, { headers })).status, 401);
      assert.equal((await fetch(`${harness.url}/api/me/export`, { headers })).status, 401);
    }
    assert.equal(harness.upstream.requests.length, requestsBefore);
    assert.equal(await harness.store.countConversations(), conversationsBefore);
  });

  test('healthz and unknown routes', async () => {
    assert.deepEqual(await (await fetch(`${harness.url}/healthz`)).json(), { status: 'ok' });
    const missing = await fetch(`${harness.url}/api/nothing-here`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
  });
});
