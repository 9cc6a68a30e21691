import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAIModerationClient } from '../../llm/openai-moderation-client.ts';
import { OpenAIModerationStage } from './openai-moderation-stage.ts';
import { UpstreamError } from '../../core/upstream-error.ts';
import { MODERATION_CATEGORY_KEYS } from './moderation-result.ts';

/**
 * A tiny OpenAI-compatible moderation server. Behaviour by input text:
 * - contains 'FLAKY': the first two requests for it fail with 503;
 * - contains 'LONG' and is longer than 8 characters: always 400 (forces halving);
 * - contains 'bad': flagged as harassment;
 * - authorization other than 'Bearer test-key': 401.
 */
let server: http.Server;
let baseUrl = '';
const requestsByText = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;
let totalRequests = 0;

function result(text: string) {
  const bad = text.includes('bad');
  return {
    flagged: bad,
    categories: { harassment: bad, 'harassment/threatening': false, sexual: false, illicit: false },
    category_scores: { harassment: bad ? 0.9 : 0.01, 'harassment/threatening': 0.001, sexual: text.length / 1000 },
  };
}

before(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      totalRequests += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        if (request.url !== '/v1/moderations' || request.headers.authorization !== 'Bearer test-key') {
          response.writeHead(401).end('{"error":"no"}');
          return;
        }
        const parsed = JSON.parse(body) as { model: string; input: string | string[] };
        const inputs = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
        for (const text of inputs) {
          const seen = (requestsByText.get(text) ?? 0) + 1;
          requestsByText.set(text, seen);
          if (text.includes('FLAKY') && seen <= 2) {
            response.writeHead(503).end('{"error":"busy"}');
            return;
          }
          if (text.includes('LONG') && text.length > 8) {
            response.writeHead(400).end('{"error":"too long"}');
            return;
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'modr-1', model: parsed.model, results: inputs.map(result) }));
      }, 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function makeStage(options: { apiKey?: string; batchSize?: number; concurrency?: number; delays?: number[] } = {}) {
  const client = new OpenAIModerationClient({ baseUrl, apiKey: options.apiKey ?? 'test-key', model: 'omni-moderation-latest' });
  const delays = options.delays ?? [];
  return new OpenAIModerationStage({
    client,
    batchSize: options.batchSize ?? 1,
    concurrency: options.concurrency ?? 2,
    retryDelayMs: 100,
    sleep: async (milliseconds) => {
      delays.push(milliseconds);
    },
  });
}

describe('OpenAI moderation stage', () => {
  test('returns the 18-key item, {} for empty content, and names its source', async () => {
    const stage = makeStage();
    const before = totalRequests;
    const results = await stage.run([
      { role: 'user', content: 'you are bad' },
      { role: 'assistant', content: '' },
      { role: 'assistant', content: '   ' },
      { role: 'user', content: 'hello' },
    ]);
    assert.equal(totalRequests - before, 2);
    assert.equal(stage.version, 'openai:omni-moderation-latest:v1');
    const first = results[0]!;
    assert.equal(first.source, 'openai:omni-moderation-latest');
    assert.ok('flagged' in first.moderation);
    if (!('flagged' in first.moderation)) return;
    assert.equal(first.moderation.flagged, true);
    assert.deepEqual(Object.keys(first.moderation.categories), [...MODERATION_CATEGORY_KEYS]);
    assert.equal(first.moderation.categories.harassment_threatening, false);
    assert.deepEqual(results[1]!.moderation, {});
    assert.deepEqual(results[2]!.moderation, {});
    assert.ok('flagged' in results[3]!.moderation && results[3]!.moderation.flagged === false);
  });

  test('retries with exponential backoff and succeeds on the third attempt', async () => {
    const delays: number[] = [];
    const stage = makeStage({ delays });
    const [annotation] = await stage.run([{ role: 'user', content: 'FLAKY bad input' }]);
    assert.ok(annotation && 'flagged' in annotation.moderation && annotation.moderation.flagged);
    assert.equal(requestsByText.get('FLAKY bad input'), 3);
    assert.deepEqual(delays, [100, 200]);
  });

  test('halves inputs that keep failing and merges the parts', async () => {
    const stage = makeStage();
    const text = 'LONGbad text here!'; // 18 characters: LONG half fails again, the rest succeeds
    const [annotation] = await stage.run([{ role: 'user', content: text }]);
    assert.ok(annotation && 'flagged' in annotation.moderation);
    if (!annotation || !('flagged' in annotation.moderation)) return;
    // 'bad' sits in a piece without 'LONG', so the merged result is flagged.
    assert.equal(annotation.moderation.flagged, true);
    assert.equal(annotation.moderation.categories.harassment, true);
    assert.equal(requestsByText.get(text), 3);
    // The merged sexual score is the max over the pieces: each piece is at most 9 characters.
    assert.ok(annotation.moderation.category_scores.sexual <= 0.009 + 1e-9);
    assert.ok(annotation.moderation.category_scores.sexual > 0);
  });

  test('a batch with one failing input falls back to single requests', async () => {
    const stage = makeStage({ batchSize: 4 });
    const results = await stage.run([
      { role: 'user', content: 'fine one' },
      { role: 'user', content: 'LONG LONG LONG' },
      { role: 'user', content: 'bad two' },
    ]);
    assert.equal(results.length, 3);
    assert.ok(results.every((item) => 'flagged' in item.moderation));
    assert.ok('flagged' in results[2]!.moderation && results[2]!.moderation.flagged);
  });

  test('keeps requests in flight within the concurrency bound', async () => {
    maxInFlight = 0;
    const stage = makeStage({ concurrency: 3 });
    const batch = Array.from({ length: 12 }, (_, index) => ({ role: 'user' as const, content: `message ${index}` }));
    const results = await stage.run(batch);
    assert.equal(results.length, 12);
    assert.ok(maxInFlight <= 3, `max in flight ${maxInFlight}`);
    assert.ok(maxInFlight >= 2);
  });

  test('does not retry or split on authentication errors', async () => {
    const stage = makeStage({ apiKey: 'wrong' });
    const before = totalRequests;
    await assert.rejects(stage.run([{ role: 'user', content: 'some secret user text' }]), (error: unknown) => {
      assert.ok(error instanceof UpstreamError);
      assert.equal(error.upstreamStatus, 401);
      assert.ok(!error.message.includes('secret'));
      return true;
    });
    assert.equal(totalRequests - before, 1);
  });
});
