import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createConsentToken, hashConsentToken } from '../../src/server/requests/consent-token.ts';
import type { TurnView } from '../../src/server/responses/turn-view.ts';
import { authHeaders, readSse, startHarness, waitFor, type Harness } from './server-harness.ts';

describe('export, delete-my-data, terms changes, metrics and shutdown', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness.close();
  });

  async function conversationWithTurn(token: string, content: string): Promise<{ conversationId: string; turn: TurnView }> {
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: JSON.stringify({ title: content }) });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    const events = await readSse(
      await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: authHeaders(token),
        body: JSON.stringify({ content, parentTurnId: null }),
      }),
    );
    return { conversationId, turn: (JSON.parse(events.at(-1)?.data ?? '{}') as { turn: TurnView }).turn };
  }

  test('export returns the consent and every conversation with its turns', async () => {
    const token = await harness.consent();
    await conversationWithTurn(token, 'export me one');
    await conversationWithTurn(token, 'export me two');
    const response = await fetch(`${harness.url}/api/me/export`, { headers: authHeaders(token) });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      consent: { termsVersion: string; consentedAt: string };
      conversations: { conversation: { title: string }; turns: TurnView[] }[];
    };
    assert.equal(body.consent.termsVersion, harness.terms.version);
    assert.deepEqual(body.conversations.map((entry) => entry.conversation.title).sort(), ['export me one', 'export me two']);
    assert.deepEqual(body.conversations.flatMap((entry) => entry.turns.map((turn) => turn.assistantContent)).sort(), [
      'Echo: export me one',
      'Echo: export me two',
    ]);
  });

  test('export includes every conversation even when many share one updatedAt (page boundary ties)', async () => {
    const token = await harness.consent();
    const consent = await harness.store.findConsentByTokenHash(hashConsentToken(token));
    assert.ok(consent !== null);
    // More than one page (1000): the first page ends inside a run of 995 conversations of one millisecond.
    const at = Date.now();
    const ids = new Set<string>();
    for (let index = 0; index < 1005; index += 1) {
      const createdAt = index < 995 ? at : at + 1;
      ids.add((await harness.store.createConversation({ consentId: consent.id, title: `tie ${index}`, systemPrompt: null, source: 'native', createdAt })).id);
    }
    const response = await fetch(`${harness.url}/api/me/export`, { headers: authHeaders(token) });
    const body = (await response.json()) as { conversations: { conversation: { id: string } }[] };
    const exported = body.conversations.map((entry) => entry.conversation.id);
    assert.equal(exported.length, 1005, 'no conversation lost or repeated');
    assert.deepEqual(new Set(exported), ids);
  });

  test('DELETE /api/me removes everything, leaves tombstones and revokes the token', async () => {
    const token = await harness.consent();
    const keeper = await harness.consent();
    const { conversationId: first } = await conversationWithTurn(token, 'delete me one');
    const { conversationId: second, turn } = await conversationWithTurn(token, 'delete me two');
    const { conversationId: kept } = await conversationWithTurn(keeper, 'keep me');

    const response = await fetch(`${harness.url}/api/me`, { method: 'DELETE', headers: authHeaders(token) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { deletedConversations: 2, deletedTurns: 2 });
    assert.equal(await harness.store.getConversation(first), null);
    assert.equal(await harness.store.getConversation(second), null);
    assert.equal(await harness.store.getTurn(turn.turnIdentifier), null);
    assert.ok(await harness.store.getConversation(kept), "another person's data is untouched");
    const tombstones = await harness.store.listTombstones();
    for (const id of [first, second]) assert.ok(tombstones.some((tombstone) => tombstone.conversationId === id));
    const consent = await harness.store.findConsentByTokenHash(hashConsentToken(token));
    assert.ok(consent?.withdrawnAt !== null);

    assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 401);
    assert.equal((await fetch(`${harness.url}/api/me/export`, { headers: authHeaders(token) })).status, 401);
    assert.equal((await fetch(`${harness.url}/v1/models`, { headers: authHeaders(token) })).status, 401);
  });

  test('a consent to older terms may read and delete its data but must consent again to chat or change anything', async () => {
    const token = createConsentToken();
    const oldConsent = await harness.store.createConsent({
      tokenHash: hashConsentToken(token),
      termsVersion: 'old0old0old0',
      consentedAt: Date.now(),
      context: { hashedIp: 'a'.repeat(64), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null },
    });
    assert.equal((await fetch(`${harness.url}/api/me/export`, { headers: authHeaders(token) })).status, 200);
    assert.equal((await fetch(`${harness.url}/api/conversations`, { headers: authHeaders(token) })).status, 200);
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    assert.equal(created.status, 401);
    assert.equal(((await created.json()) as { error: { code: string } }).error.code, 'terms_outdated');
    const conversationId = (
      await harness.store.createConversation({ consentId: oldConsent.id, title: 'old', systemPrompt: null, source: 'native', createdAt: Date.now() })
    ).id;
    const renamed = await fetch(`${harness.url}/api/conversations/${conversationId}`, {
      method: 'PATCH',
      headers: authHeaders(token),
      body: JSON.stringify({ title: 'new' }),
    });
    assert.equal(renamed.status, 401);
    assert.equal((await fetch(`${harness.url}/api/conversations/${conversationId}`, { headers: authHeaders(token) })).status, 200);
    const send = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ content: 'hello', parentTurnId: null }),
    });
    assert.equal(send.status, 401);
    assert.equal(((await send.json()) as { error: { code: string } }).error.code, 'terms_outdated');
    assert.equal((await fetch(`${harness.url}/api/me`, { method: 'DELETE', headers: authHeaders(token) })).status, 200);
  });

  test('metrics are valid Prometheus text with the expected families', async () => {
    const response = await fetch(`${harness.url}/metrics`);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const families = new Map<string, string>();
    for (const line of text.trimEnd().split('\n')) {
      if (line.startsWith('# HELP ')) continue;
      const typeMatch = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$/.exec(line);
      if (typeMatch?.[1] !== undefined && typeMatch[2] !== undefined) {
        families.set(typeMatch[1], typeMatch[2]);
        continue;
      }
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/.exec(line);
      assert.ok(sample, `not a valid sample line: ${line}`);
      const name = sample[1] ?? '';
      const family = name.replace(/_(bucket|sum|count)$/, '');
      assert.ok(families.has(name) || families.get(family) === 'histogram', `sample without a TYPE: ${name}`);
    }
    for (const [name, type] of [
      ['wildchat_http_requests_total', 'counter'],
      ['wildchat_active_streams', 'gauge'],
      ['wildchat_tokens_total', 'counter'],
      ['wildchat_upstream_errors_total', 'counter'],
      ['wildchat_time_to_first_token_seconds', 'histogram'],
      ['wildchat_http_request_duration_seconds', 'histogram'],
    ] as const) {
      assert.equal(families.get(name), type, name);
    }
    assert.match(text, /wildchat_http_requests_total\{method="POST",route="\/api\/conversations\/:id\/messages",status="200"\} \d+/);
    assert.match(text, /wildchat_tokens_total\{direction="out"\} [1-9]/);
    assert.match(text, /wildchat_time_to_first_token_seconds_count [1-9]/);
    assert.match(text, /wildchat_turns_total\{status="complete"\} [1-9]/);
  });

  test('shutdown aborts in-flight replies and records them as interrupted', async () => {
    harness.upstream.setReply({ text: 'never ending '.repeat(100), chunkCount: 100, delayMs: 30 });
    const token = await harness.consent();
    const created = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token), body: '{}' });
    const conversationId = ((await created.json()) as { conversation: { id: string } }).conversation.id;
    const response = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ content: 'talk for a long time', parentTurnId: null }),
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: delta')) text += new TextDecoder().decode((await reader.read()).value);
    const turnIdentifier = Number(/"turnIdentifier":(\d+)/.exec(text)?.[1]);

    await harness.app.shutdown();
    const turn = await harness.store.getTurn(turnIdentifier);
    assert.equal(turn?.status, 'interrupted');
    assert.ok((turn?.assistantContent.length ?? 0) > 0);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    assert.match(text, /event: done\ndata: .*"status":"interrupted"/);
    await waitFor(() => harness.upstream.activeStreams === 0, 'the upstream stream to close');

    // After shutdown began, new messages are refused rather than started.
    const refused = await fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: authHeaders(token),
      body: JSON.stringify({ content: 'one more?', parentTurnId: null }),
    });
    assert.equal(refused.status, 503);
    harness.upstream.setReply(null);
  });
});
