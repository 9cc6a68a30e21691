/**
 * Consent and session hygiene: the cross-site consent reproduction (a text/plain POST from a
 * foreign origin) is refused and records nothing; JSON is required; tokens can expire and be
 * revoked without deleting data; /metrics needs the operator token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeaders, startHarness, type Harness } from './server-harness.ts';

let now = Date.parse('2026-03-01T12:00:00Z');

/** Cross-site refusals so far (the store has no consent listing; the refusal happens before any write). */
async function crossSiteRefusals(harness: Harness): Promise<number> {
  return Number(/wildchat_refusals_total\{reason="cross_site"\} (\d+)/.exec(harness.app.renderMetrics())?.[1] ?? 0);
}

describe('session hygiene', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({
      config: { tokenTtlDays: 30, metricsToken: 'operator-secret-0123456789', allowedOrigins: ['https://chat.example.org'] },
      clock: () => now,
    });
  });
  after(() => harness.close());

  const consentBody = (): string => JSON.stringify({ accepted: true, termsVersion: harness.terms.version });

  test('the cross-site consent reproduction is refused and stores nothing', async () => {
    const logBefore = harness.logLines.length;
    const forged = await fetch(`${harness.url}/api/consent`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'user-agent': 'ForgedVisitorAgent/9.9' },
      body: consentBody(),
    });
    assert.equal(forged.status, 403);
    const body = (await forged.json()) as { token?: string; error: { code: string } };
    assert.equal(body.error.code, 'cross_site_request');
    assert.equal(body.token, undefined);
    assert.equal(await crossSiteRefusals(harness), 1);
    // Nothing about the visitor reached the database: their user-agent is in no byte of the data folder.
    for (const file of fs.readdirSync(harness.dataDir, { recursive: true }) as string[]) {
      const full = path.join(harness.dataDir, file);
      if (!fs.statSync(full).isFile()) continue;
      const bytes = fs.readFileSync(full);
      assert.equal(bytes.includes(Buffer.from('ForgedVisitorAgent')), false, file);
    }
    // Only the Origin header (older browsers send no Sec-Fetch-Site), and a sandboxed "null" origin.
    for (const origin of ['https://evil.example', 'null']) {
      const response = await fetch(`${harness.url}/api/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: consentBody(),
      });
      assert.equal(response.status, 403);
    }
    // A same-site but different-origin page is not this origin either.
    const sameSite = await fetch(`${harness.url}/api/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' },
      body: consentBody(),
    });
    assert.equal(sameSite.status, 403);
    assert.ok(harness.logLines.slice(logBefore).every((line) => !line.includes('evil.example')));
  });

  test('same-origin pages, allowed origins and non-browser clients may consent', async () => {
    const host = new URL(harness.url).host;
    const cases: Record<string, string>[] = [
      { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
      { origin: 'https://chat.example.org', 'sec-fetch-site': 'cross-site' },
      {},
    ];
    for (const headers of cases) {
      const response = await fetch(`${harness.url}/api/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: consentBody(),
      });
      assert.equal(response.status, 201, JSON.stringify(headers));
    }
  });

  test('a body that is not declared as JSON is refused with 415, even from the same origin', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${harness.url}/api/consent`, { method: 'POST', headers: { 'content-type': type }, body: consentBody() });
      assert.equal(response.status, 415, type);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unsupported_media_type');
    }
    assert.equal(
      (await fetch(`${harness.url}/api/consent`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: consentBody() }))
        .status,
      201,
    );
  });

  test('a cross-site write with a stolen token is refused too', async () => {
    const token = await harness.consent();
    const response = await fetch(`${harness.url}/api/conversations`, {
      method: 'POST',
      headers: authHeaders(token, { 'sec-fetch-site': 'cross-site' }),
      body: '{}',
    });
    assert.equal(response.status, 403);
  });

  test('"forget this browser" revokes the token but keeps the consent and its conversations', async () => {
    const token = await harness.consent();
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: JSON.stringify({ title: 'kept' }) });
    const id = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    const forgotten = await fetch(`${harness.url}/api/me/forget`, { method: 'POST', headers: authHeaders(token) });
    assert.equal(forgotten.status, 200);
    assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 401);
    const conversation = await harness.store.getConversation(id);
    assert.ok(conversation !== null);
    const consent = await harness.store.getConsent(conversation.consentId);
    assert.equal(consent?.withdrawnAt, null);
    assert.equal((await harness.store.listTombstones()).length, 0);
  });

  test('tokens expire after --token-ttl-days; the data stays', async () => {
    const token = await harness.consent();
    assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 200);
    now += 29 * 86_400_000;
    assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 200);
    now += 1 * 86_400_000;
    const expired = await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) });
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { error: { code: string } }).error.code, 'token_expired');
  });

  test('/metrics needs the operator token', async () => {
    assert.equal((await fetch(`${harness.url}/metrics`)).status, 401);
    assert.equal((await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer wrong-secret-0123456789xx' } })).status, 401);
    const ok = await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer operator-secret-0123456789' } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /wildchat_upstream_calls_active/);
  });
});

describe('/metrics without a token', () => {
  test('is not served by a server bound to a public address', async () => {
    const harness = await startHarness({ config: { host: '0.0.0.0' } });
    try {
      assert.equal((await fetch(`${harness.url}/metrics`)).status, 404);
    } finally {
      await harness.close();
    }
  });

  test('is not served on the main port when --metrics-port is set', async () => {
    const harness = await startHarness({ config: { metricsPort: 0 } });
    try {
      assert.equal((await fetch(`${harness.url}/metrics`)).status, 404);
    } finally {
      await harness.close();
    }
  });
});
