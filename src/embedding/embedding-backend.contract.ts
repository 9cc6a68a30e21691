/**
 * The behaviour every EmbeddingBackend must show. An adapter's test calls runEmbeddingBackendContract
 * with a factory returning a new backend per call. Backends whose vectors carry meaning (a trained
 * model, the n-gram default) pass `semantic: true` to also check that near-identical texts sit closer
 * than unrelated ones; a test double that only proves plumbing passes false.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cosineSimilarity, type EmbeddingBackend } from './embedding-backend.ts';

export interface EmbeddingContractOptions {
  semantic: boolean;
}

const TEXTS = [
  'How do I bake sourdough bread at home?',
  'Write a Python function that reverses a linked list.',
  'Quelle est la capitale de la France ?',
  '请帮我写一首关于春天的诗',
  'Explain the causes of the First World War.',
];

export function runEmbeddingBackendContract(name: string, openBackend: () => Promise<EmbeddingBackend>, options: EmbeddingContractOptions): void {
  async function withBackend(body: (backend: EmbeddingBackend) => Promise<void>): Promise<void> {
    const backend = await openBackend();
    try {
      await body(backend);
    } finally {
      await backend.close();
    }
  }

  function length(vector: Float32Array): number {
    let sum = 0;
    for (const value of vector) sum += value * value;
    return Math.sqrt(sum);
  }

  describe(`EmbeddingBackend contract: ${name}`, () => {
    test('names itself: id, a version that includes the id, a positive dimension and batch size', () =>
      withBackend(async (backend) => {
        assert.match(backend.id, /^[a-z0-9-]+$/);
        assert.ok(backend.version.includes(backend.id), `version ${backend.version} names the backend`);
        assert.ok(Number.isInteger(backend.dimension) && backend.dimension > 0);
        assert.ok(Number.isInteger(backend.maxBatchSize) && backend.maxBatchSize > 0);
        await Promise.resolve();
      }));

    test('one finite, unit-length vector of the promised dimension per text, in order', () =>
      withBackend(async (backend) => {
        const vectors = await backend.embed(TEXTS);
        assert.equal(vectors.length, TEXTS.length);
        for (const vector of vectors) {
          assert.ok(vector instanceof Float32Array);
          assert.equal(vector.length, backend.dimension);
          assert.ok(vector.every((value) => Number.isFinite(value)));
          assert.ok(Math.abs(length(vector) - 1) < 1e-3, `length ${length(vector)}`);
        }
      }));

    test('an empty batch gives no vectors', () =>
      withBackend(async (backend) => {
        assert.deepEqual(await backend.embed([]), []);
      }));

    test('deterministic: the same text gives the same vector alone, in a batch, and in another instance', () =>
      withBackend(async (backend) => {
        const [alone] = await backend.embed([TEXTS[1] ?? '']);
        const batch = await backend.embed(TEXTS);
        assert.ok(alone && batch[1]);
        assert.ok(cosineSimilarity(alone, batch[1]) > 0.9999);
        const other = await openBackend();
        try {
          assert.equal(other.version, backend.version);
          const [again] = await other.embed([TEXTS[1] ?? '']);
          assert.ok(again && cosineSimilarity(alone, again) > 0.9999);
        } finally {
          await other.close();
        }
      }));

    test('a batch of maxBatchSize texts is accepted', () =>
      withBackend(async (backend) => {
        const size = Math.min(backend.maxBatchSize, 256);
        const texts = Array.from({ length: size }, (_, index) => `message number ${index} about topic ${index % 7}`);
        const vectors = await backend.embed(texts);
        assert.equal(vectors.length, size);
      }));

    if (options.semantic) {
      test('a near-copy is closer than an unrelated text', () =>
        withBackend(async (backend) => {
          const [bread, breadAgain, code] = await backend.embed([
            'How do I bake sourdough bread at home?',
            'How can I bake sourdough bread at home',
            'Write a Python function that reverses a linked list.',
          ]);
          assert.ok(bread && breadAgain && code);
          assert.ok(cosineSimilarity(bread, breadAgain) > cosineSimilarity(bread, code) + 0.2);
        }));
    }
  });
}
