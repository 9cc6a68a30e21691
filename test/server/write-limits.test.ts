/**
 * The write-flood reproductions (2,000 conversations in 1.7 s, 500 renames in 0.3 s from one token)
 * are refused; conversations per consent are capped; a nearly full disk refuses new data (503).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashConsentToken } from '../../src/server/requests/consent-token.ts';
import { authHeaders, startHarness, type Harness } from './server-harness.ts';

describe('write limits', () => {
  let harness: Harness;
  let freeBytes = 50 * 1024 ** 3;
  before(async () => {
    harness = await startHarness({
      config: { writeRateLimitPerMinute: 30, maxConversationsPerConsent: 1000 },
      freeSpace: async () => freeBytes,
    });
  });
  after(() => harness.close());

  test('2,000 conversation creations from one token: 30 succeed, the rest get 429 + Retry-After', async () => {
    const token = await harness.consent();
    const statuses = new Map<number, number>();
    let retryAfter: string | null = null;
    for (let index = 0; index < 2000; index += 1) {
      const response = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
      await response.arrayBuffer();
    }
    assert.deepEqual(Object.fromEntries(statuses), { 201: 30, 429: 1970 });
    assert.ok(Number(retryAfter) > 0);
    const kept = await harness.store.listConversations((await harness.store.findConsentByTokenHash(hashConsentToken(token)))?.id ?? '', { limit: 1000 });
    assert.equal(kept.length, 30);
  });

  test('500 renames from one token: refused past the write rate', async () => {
    const token = await harness.consent();
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    const id = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    let accepted = 0;
    for (let index = 0; index < 500; index += 1) {
      const response = await fetch(`${harness.url}/api/conversations/${id}`, {
        method: 'PATCH',
        headers: authHeaders(token),
        body: JSON.stringify({ title: `t${index}` }),
      });
      if (response.status === 200) accepted += 1;
      else assert.equal(response.status, 429);
      await response.arrayBuffer();
    }
    assert.equal(accepted, 29);
  });

  test('a nearly full disk refuses new consents and conversations with 503; reading still works', async () => {
    const token = await harness.consent();
    freeBytes = 10 * 1024 ** 2;
    // The guard re-reads free space at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    assert.equal(created.status, 503);
    assert.equal(((await created.json()) as { error: { code: string } }).error.code, 'storage_full');
    assert.ok(Number(created.headers.get('retry-after')) > 0);
    await assert.rejects(harness.consent(), /503/);
    assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 200);
    assert.match(harness.app.renderMetrics(), /wildchat_disk_free_bytes 10485760/);
    freeBytes = 50 * 1024 ** 3;
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });
});

describe('conversations per consent', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ config: { maxConversationsPerConsent: 5 } });
  });
  after(() => harness.close());

  test('the sixth conversation is refused (409) on the native API and on /v1, until one is deleted', async () => {
    const token = await harness.consent();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
      assert.equal(response.status, 201);
      ids.push(((await response.json()) as { conversation: { id: string } }).conversation.id);
    }
    const sixth = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    assert.equal(sixth.status, 409);
    assert.equal(((await sixth.json()) as { error: { code: string } }).error.code, 'too_many_conversations');
    const viaOpenAi = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'new one' }] }),
    });
    assert.equal(viaOpenAi.status, 409);
    assert.equal((await fetch(`${harness.url}/api/conversations/${ids[0]}`, { method: 'DELETE', headers: authHeaders(token) })).status, 204);
    assert.equal((await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' })).status, 201);
  });
});
