import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DETOXIFY_KEYS } from './detoxify-classifier.ts';
import { DetoxifyStage } from './detoxify-stage.ts';
import { HttpDetoxifyClassifier } from '../../llm/http-detoxify-classifier.ts';
import { UpstreamError } from '../../core/upstream-error.ts';
import { isToxic } from './is-toxic.ts';
import { buildModeration } from './moderation-result.ts';
import { NoModerationStage, createModerationStage } from './create-moderation-stage.ts';

let server: http.Server;
let url = '';
let answerShape: 'object' | 'array' | 'broken' = 'object';

before(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { texts } = JSON.parse(body) as { texts: string[] };
      const scores = texts.map((text) => ({
        // Keys deliberately out of order plus an extra one, as a real server might send.
        toxicity: text.includes('idiot') ? 0.93 : 0.02,
        threat: 0.001,
        insult: text.includes('idiot') ? 0.8 : 0.01,
        obscene: 0.01,
        identity_attack: 0.003,
        severe_toxicity: 0.0001,
        sexual_explicit: 0.002,
        language: 'en',
      }));
      response.writeHead(200, { 'content-type': 'application/json' });
      if (answerShape === 'broken') response.end(JSON.stringify({ results: [{ toxicity: 'high' }] }));
      else response.end(JSON.stringify(answerShape === 'object' ? { results: scores } : scores));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/classify`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('detoxify stage', () => {
  test('returns Detoxify-shaped scores in schema order, {} for empty content', async () => {
    answerShape = 'object';
    const stage = new DetoxifyStage({ classifier: new HttpDetoxifyClassifier({ url }), batchSize: 2 });
    const results = await stage.run([
      { role: 'user', content: 'you idiot' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'hello' },
      { role: 'user', content: 'another idiot' },
    ]);
    assert.deepEqual(Object.keys(results[0]!), [...DETOXIFY_KEYS]);
    assert.equal((results[0] as { toxicity: number }).toxicity, 0.93);
    assert.deepEqual(results[1], {});
    assert.equal((results[2] as { toxicity: number }).toxicity, 0.02);
    assert.equal((results[3] as { toxicity: number }).toxicity, 0.93);
    assert.equal(stage.version, 'detoxify-multilingual:v1');
  });

  test('accepts a bare array answer and rejects a malformed one', async () => {
    answerShape = 'array';
    const classifier = new HttpDetoxifyClassifier({ url });
    const [scores] = await classifier.classify(['idiot']);
    assert.equal(scores!.insult, 0.8);
    answerShape = 'broken';
    await assert.rejects(classifier.classify(['x']), (error: unknown) => error instanceof UpstreamError && error.code === 'upstream_malformed');
    answerShape = 'object';
  });

  test('returns null annotations without a classifier', async () => {
    const stage = new DetoxifyStage({ classifier: null });
    assert.deepEqual(await stage.run([{ role: 'user', content: 'hi' }]), [null]);
  });
});

describe('toxic rule', () => {
  const flagged = buildModeration({ harassment: true }, { harassment: 0.9 }, true);
  const clean = buildModeration({}, { harassment: 0.01 }, false);
  const detoxify = (toxicity: number) => ({
    identity_attack: 0,
    insult: 0,
    obscene: 0,
    severe_toxicity: 0,
    sexual_explicit: 0,
    threat: 0,
    toxicity,
  });
  test('flagged moderation makes a turn toxic', () => assert.equal(isToxic('text', flagged, null), true));
  test('Detoxify toxicity strictly above the threshold makes it toxic', () => {
    assert.equal(isToxic('text', clean, detoxify(0.11)), true);
    assert.equal(isToxic('text', clean, detoxify(0.1)), false);
    assert.equal(isToxic('text', clean, detoxify(0.3), 0.5), false);
  });
  test('empty content is never toxic', () => assert.equal(isToxic('  ', flagged, detoxify(0.9)), false));
  test('missing or empty annotations are not toxic', () => {
    assert.equal(isToxic('text', null, null), false);
    assert.equal(isToxic('text', {}, {}), false);
    assert.equal(isToxic('text', clean, undefined), false);
  });
});

describe('moderation backend factory', () => {
  test('none returns null annotations; openai without a client is refused; local works', async () => {
    const none = createModerationStage({ backend: 'none' });
    assert.ok(none instanceof NoModerationStage);
    assert.deepEqual(await none.run([{ role: 'user', content: 'x' }]), [null]);
    assert.throws(() => createModerationStage({ backend: 'openai' }), /ModerationClient/);
    const local = createModerationStage({ backend: 'local' });
    const [annotation] = await local.run([{ role: 'user', content: 'fuck you' }]);
    assert.equal(annotation?.source, 'local-lexicon-v3');
  });
});
