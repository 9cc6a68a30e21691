/**
 * Cost control under load, over real HTTP on 127.0.0.1: many clients with forged X-Forwarded-For
 * addresses behind a trusted proxy (the test process is the proxy) cannot push more calls to the
 * upstream than the global cap, nor more tokens than the daily budget; max_tokens, prompt size and
 * per-network aggregates are bounded server-side.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeaders, readSse, startHarness, type Harness } from './server-harness.ts';

/** 60 addresses in 60 different /24s, so neither the per-IP nor the per-network limit binds. */
const FORGED = Array.from({ length: 60 }, (_, index) => `198.${18 + (index % 2)}.${index}.${(index * 7) % 250}`);

async function consentAs(harness: Harness, ip: string): Promise<string> {
  return harness.consent({ 'x-forwarded-for': ip });
}

async function newConversation(harness: Harness, token: string, ip: string): Promise<string> {
  const response = await fetch(`${harness.url}/api/conversations`, { method: 'POST', headers: authHeaders(token, { 'x-forwarded-for': ip }), body: '{}' });
  assert.equal(response.status, 201);
  return ((await response.json()) as { conversation: { id: string } }).conversation.id;
}

function send(harness: Harness, token: string, ip: string, conversationId: string, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${harness.url}/api/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: authHeaders(token, { 'x-forwarded-for': ip }),
    body: JSON.stringify({ content: 'Tell me a long story.', parentTurnId: null, ...body }),
  });
}

describe('global upstream cap under a flood from forged addresses', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({
      config: {
        trustProxy: false,
        trustedProxies: ['127.0.0.1/32'],
        maxUpstreamConcurrency: 4,
        upstreamQueueLength: 8,
        upstreamQueueTimeoutMs: 400,
        rateLimitPerMinute: 1000,
        maxConcurrentStreams: 50,
      },
    });
  });
  after(() => harness.close());

  test('60 slow streams from 60 addresses: at most 4 reach the upstream at once, the rest queue or get 503 + Retry-After', async () => {
    harness.upstream.setReply({ text: 'one two three four five six seven eight', chunkCount: 8, delayMs: 40 });
    const clients = await Promise.all(
      FORGED.map(async (ip) => {
        const token = await consentAs(harness, ip);
        return { ip, token, conversationId: await newConversation(harness, token, ip) };
      }),
    );
    // The distinct forged addresses really were believed: one hashed IP per client.
    const hashed = new Set<string>();
    for (const client of clients) {
      const conversation = await harness.store.getConversation(client.conversationId);
      const consent = conversation === null ? null : await harness.store.getConsent(conversation.consentId);
      if (consent !== null) hashed.add(consent.context.hashedIp);
    }
    assert.equal(hashed.size, FORGED.length);

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, harness.upstream.activeStreams)), 2);
    const responses = await Promise.all(clients.map((client) => send(harness, client.token, client.ip, client.conversationId)));
    const outcomes = await Promise.all(
      responses.map(async (response) => {
        if (response.status === 200) {
          await readSse(response);
          return { status: 200, retryAfter: null, code: null };
        }
        const body = (await response.json()) as { error: { code: string } };
        return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.error.code };
      }),
    );
    clearInterval(sampler);
    await harness.upstream.waitForIdle();

    const served = outcomes.filter((outcome) => outcome.status === 200).length;
    const busy = outcomes.filter((outcome) => outcome.status === 503);
    assert.ok(peak <= 4, `peak upstream concurrency was ${peak}`);
    assert.ok(peak >= 2, `the flood should fill the cap (peak ${peak})`);
    assert.ok(served >= 4, `at least one wave is served (${served})`);
    assert.ok(busy.length > 0, 'some messages are refused');
    assert.equal(served + busy.length, FORGED.length);
    for (const refusal of busy) {
      assert.equal(refusal.code, 'upstream_busy');
      assert.ok(Number(refusal.retryAfter) > 0);
    }
    // Nothing refused was forwarded later: the upstream saw exactly the served messages.
    const chatRequests = harness.upstream.requests.filter((request) => request.route === 'chat').length;
    assert.equal(chatRequests, served);
    const metrics = harness.app.renderMetrics();
    assert.match(metrics, /wildchat_upstream_calls_active 0/);
    assert.match(metrics, /wildchat_refusals_total\{reason="upstream_queue_(full|timeout)"\} \d+/);
    harness.upstream.setReply(null);
  });
});

describe('daily token budget under load', () => {
  let harness: Harness;
  const BUDGET = 3000;
  before(async () => {
    harness = await startHarness({
      config: {
        trustProxy: false,
        trustedProxies: ['127.0.0.1/32'],
        dailyTokenBudget: BUDGET,
        consentDailyTokenBudget: 0,
        maxTokensDefault: 200,
        maxTokensCeiling: 200,
        rateLimitPerMinute: 1000,
      },
    });
  });
  after(() => harness.close());

  test('40 clients in waves of 8 spend at most the budget, then the kill switch trips', async () => {
    // 150 words: the double reports one completion token per word.
    harness.upstream.setReply({ text: Array.from({ length: 150 }, (_, index) => `w${index}`).join(' '), chunkCount: 5, delayMs: 5 });
    const codes: string[] = [];
    for (let wave = 0; wave < 5; wave += 1) {
      const ips = FORGED.slice(wave * 8, wave * 8 + 8);
      const results = await Promise.all(
        ips.map(async (ip) => {
          let token: string;
          try {
            token = await consentAs(harness, ip);
          } catch {
            return 'consent_refused';
          }
          const conversation = await fetch(`${harness.url}/api/conversations`, {
            method: 'POST',
            headers: authHeaders(token, { 'x-forwarded-for': ip }),
            body: '{}',
          });
          const conversationId = ((await conversation.json()) as { conversation: { id: string } }).conversation.id;
          const response = await send(harness, token, ip, conversationId, { params: { max_tokens: 1_000_000 } });
          if (response.status === 200) {
            await readSse(response);
            return 'served';
          }
          return ((await response.json()) as { error: { code: string } }).error.code;
        }),
      );
      codes.push(...results);
    }
    let spent = 0;
    const forwardedMaxTokens = new Set<unknown>();
    for await (const batch of harness.store.iterateConversations()) {
      for (const stored of batch) {
        for (const turn of stored.turns) {
          spent += (turn.usage?.prompt_tokens ?? 0) + (turn.usage?.completion_tokens ?? 0);
          forwardedMaxTokens.add(turn.params.max_tokens);
        }
      }
    }
    for (const request of harness.upstream.requests) {
      if (request.route === 'chat') forwardedMaxTokens.add((request.body as { max_tokens?: unknown }).max_tokens);
    }
    assert.ok(spent <= BUDGET, `spent ${spent} of ${BUDGET}`);
    assert.ok(spent >= BUDGET * 0.5, `the budget was used (${spent})`);
    assert.deepEqual([...forwardedMaxTokens], [200], 'max_tokens 1,000,000 is lowered to the ceiling');
    assert.ok(codes.includes('served'));
    assert.ok(
      codes.some((code) => code === 'budget_exhausted' || code === 'service_disabled'),
      codes.join(','),
    );

    const config = (await (await fetch(`${harness.url}/api/config`)).json()) as { disabledMessage: string | null };
    if (spent + 200 > BUDGET) assert.match(config.disabledMessage ?? '', /budget/);
    const token = await consentAs(harness, '203.0.113.200');
    const conversationId = await newConversation(harness, token, '203.0.113.200');
    const refused = await send(harness, token, '203.0.113.200', conversationId);
    assert.equal(refused.status, 503);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.match(harness.app.renderMetrics(), /wildchat_budget_tokens_spent_today \d+/);
    harness.upstream.setReply(null);
  });
});

describe('per-consent budget, max_tokens ceiling, prompt size and network aggregates', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({
      config: {
        trustProxy: false,
        trustedProxies: ['127.0.0.1/32'],
        consentDailyTokenBudget: 700,
        maxTokensDefault: 100,
        maxTokensCeiling: 300,
        modelTokenLimits: ['double-large=50/80'],
        maxPromptChars: 20_000,
        maxPromptTokens: 3_000,
        maxStoredContextChars: 1_000,
        networkRateLimitPerMinute: 5,
        rateLimitPerMinute: 1000,
        maxTurns: 10_000,
      },
    });
  });
  after(() => harness.close());

  test('/v1 max_tokens 999,999,999 reaches the upstream as the ceiling; the per-model limit applies', async () => {
    const token = await consentAs(harness, '192.0.2.10');
    for (const [model, expected] of [
      ['double-small', 300],
      ['double-large', 80],
    ] as const) {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(token, { 'x-forwarded-for': '192.0.2.10' }),
        body: JSON.stringify({ model, messages: [{ role: 'user', content: `hi ${model}` }], max_tokens: 999_999_999 }),
      });
      assert.equal(response.status, 200);
      await response.json();
      assert.equal((harness.upstream.requests.at(-1)?.body as { max_tokens: number }).max_tokens, expected);
    }
  });

  test('oversized prompts and stored context are refused before anything is stored or forwarded', async () => {
    const token = await consentAs(harness, '192.0.3.11');
    const forwardedBefore = harness.upstream.requests.length;
    const post = (body: unknown): Promise<Response> =>
      fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(token, { 'x-forwarded-for': '192.0.3.11' }),
        body: JSON.stringify(body),
      });
    const longHistory = Array.from({ length: 5000 }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: `m${index}` }));
    const manyMessages = await post({ model: 'double-small', messages: [...longHistory, { role: 'user', content: 'last' }] });
    assert.equal(manyMessages.status, 413);
    const hugeSystem = await post({
      model: 'double-small',
      messages: [
        { role: 'system', content: 'x'.repeat(90_000) },
        { role: 'user', content: 'hi' },
      ],
    });
    assert.equal(hugeSystem.status, 413);
    assert.equal(((await hugeSystem.json()) as { error: { code: string } }).error.code, 'prompt_too_long');
    // Under the prompt limits but over what a new conversation may store.
    const stored = await post({
      model: 'double-small',
      messages: [
        { role: 'system', content: 'word '.repeat(300) },
        { role: 'user', content: 'hi' },
      ],
    });
    assert.equal(stored.status, 413);
    assert.equal(((await stored.json()) as { error: { code: string } }).error.code, 'context_too_long');
    // Many tokens in few characters (o200k splits rare symbols finely).
    const dense = await post({ model: 'double-small', messages: [{ role: 'user', content: '🜁🜂🜃🜄'.repeat(1_000) }] });
    assert.equal(dense.status, 413);
    assert.equal(harness.upstream.requests.length, forwardedBefore);
  });

  test('one consent stops at its daily token budget (429), others go on', async () => {
    const token = await consentAs(harness, '192.0.4.12');
    harness.upstream.setReply({ text: Array.from({ length: 90 }, (_, index) => `w${index}`).join(' ') });
    const statuses: number[] = [];
    for (let index = 0; index < 12; index += 1) {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: authHeaders(token, { 'x-forwarded-for': `100.64.${index}.12` }),
        body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: `story ${index}` }] }),
      });
      statuses.push(response.status);
      const body = (await response.json()) as { error?: { code: string } };
      if (response.status === 429) {
        assert.equal(body.error?.code, 'token_budget_exceeded');
        break;
      }
    }
    assert.equal(statuses.at(-1), 429, statuses.join(','));
    assert.ok(statuses.length >= 5, 'the budget allowed several replies first');
    harness.upstream.setReply(null);
    const other = await consentAs(harness, '198.51.100.99');
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(other, { 'x-forwarded-for': '198.51.100.99' }),
      body: JSON.stringify({ model: 'double-small', messages: [{ role: 'user', content: 'hello' }] }),
    });
    assert.equal(response.status, 200);
  });

  test('one IPv6 /48 is one aggregate bucket however many /64s it uses; so is an IPv4 /24', async () => {
    for (const addressOf of [(index: number) => `2001:db8:77:${index.toString(16)}::1`, (index: number) => `203.0.114.${index + 1}`]) {
      const statuses: number[] = [];
      for (let index = 0; index < 8; index += 1) {
        const response = await fetch(`${harness.url}/api/consent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': addressOf(index) },
          body: JSON.stringify({ accepted: true, termsVersion: harness.terms.version }),
        });
        statuses.push(response.status);
      }
      assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
    }
    assert.match(harness.app.renderMetrics(), /wildchat_refusals_total\{reason="network_rate_limited"\} [1-9]/);
  });
});
