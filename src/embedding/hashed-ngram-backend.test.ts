import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosineSimilarity } from './embedding-backend.ts';
import { runEmbeddingBackendContract } from './embedding-backend.contract.ts';
import { HashedNgramBackend } from './hashed-ngram-backend.ts';

runEmbeddingBackendContract('hashed character n-grams', () => Promise.resolve(new HashedNgramBackend()), { semantic: true });

test('the seed and dimension are part of the version and change the vectors', async () => {
  const first = new HashedNgramBackend({ seed: 1 });
  const second = new HashedNgramBackend({ seed: 2 });
  assert.notEqual(first.version, second.version);
  assert.notEqual(first.version, new HashedNgramBackend({ dimension: 64 }).version);
  const [a] = await first.embed(['the same text']);
  const [b] = await second.embed(['the same text']);
  assert.ok(a && b && cosineSimilarity(a, b) < 0.9);
});

test('an empty text is the zero vector; scripts separate', async () => {
  const backend = new HashedNgramBackend();
  const [empty, chinese, chineseAgain, english] = await backend.embed(['', '今天天气怎么样', '今天天气很好', 'what is the weather today']);
  assert.ok(empty && chinese && chineseAgain && english);
  assert.ok(empty.every((value) => value === 0));
  assert.ok(cosineSimilarity(chinese, chineseAgain) > cosineSimilarity(chinese, english) + 0.2);
});
