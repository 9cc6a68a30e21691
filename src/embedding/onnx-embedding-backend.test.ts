import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { EMBEDDING_DIMENSIONS, writeTinyEmbeddingModel } from '../../test/support/tiny-models.ts';
import { runEmbeddingBackendContract } from './embedding-backend.contract.ts';
import { cosineSimilarity } from './embedding-backend.ts';
import { openOnnxEmbeddingBackend } from './onnx-embedding-backend.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-onnx-embedding-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const folder = writeTinyEmbeddingModel(path.join(root, 'tiny-embedding'));
const open = () => openOnnxEmbeddingBackend(folder, { cacheDir: path.join(root, 'cache') });

// The tiny model's vectors are hand-picked, not trained: the contract's plumbing checks apply, the semantic one does not.
runEmbeddingBackendContract('onnx (test-built feature-extraction model)', open, { semantic: false });

describe('onnx embedding backend', () => {
  it('names the model content and the prefix in its version, and gives empty texts the zero vector', async () => {
    const backend = await open();
    const prefixed = await openOnnxEmbeddingBackend(folder, { cacheDir: path.join(root, 'cache'), prefix: 'query: ' });
    try {
      assert.equal(backend.dimension, EMBEDDING_DIMENSIONS);
      assert.match(backend.version, /^onnx:folder:tiny-embedding:[0-9a-f]{12}:mean:"":4$/);
      assert.notEqual(prefixed.version, backend.version);
      const [empty, cat, dog] = await backend.embed(['  ', 'the cat sat', 'the dog sat']);
      assert.deepEqual([...(empty ?? [])], [0, 0, 0, 0]);
      assert.ok(cat && dog && cosineSimilarity(cat, dog) < 0.9999, 'different words give different vectors');
    } finally {
      await backend.close();
      await prefixed.close();
    }
  });

  it('refuses to embed after close, and honours an aborted signal', async () => {
    const backend = await open();
    await assert.rejects(backend.embed(['the cat'], AbortSignal.abort()));
    await backend.close();
    await assert.rejects(backend.embed(['the cat']), /is closed/);
  });
});

describe('wildchat embed job with the onnx backend', () => {
  it('stores the model vectors of an imported dataset under the backend version', async () => {
    const [{ embedDataset }, { openSqliteStore }, { SqliteEmbeddingStore }, { fixtureRecord }] = await Promise.all([
      import('../jobs/embed-job.ts'),
      import('../store/sqlite/open-sqlite-store.ts'),
      import('../store/sqlite/sqlite-embedding-store.ts'),
      import('../search/search-index-fixtures.ts'),
    ]);
    const store = openSqliteStore({ path: ':memory:' });
    const embeddings = new SqliteEmbeddingStore(':memory:');
    const backend = await open();
    try {
      const info = await store.datasets.createOrGetDataset('sample', 0);
      const texts = ['the cat sat', 'alice met bobby in paris', 'hello there friend'];
      await store.datasets.insertRecords(
        info.id,
        texts.map((text, index) => ({
          rowKey: `r${index}`,
          record: fixtureRecord({
            name: `r${index}`,
            hashedIp: `ip-${index}`,
            messages: [
              { role: 'user', content: text },
              { role: 'assistant', content: 'ok' },
            ],
          }),
        })),
      );
      const report = await embedDataset({ store, embeddings, backend, dataset: 'sample', textRule: 'first-user-turn', replace: false });
      assert.equal(report.embedded, 3);
      assert.equal(report.version, backend.version);
      const set = await embeddings.getSet('sample', 'first-user-turn');
      assert.ok(set !== null);
      const points = await embeddings.readPoints(set.id);
      assert.equal(points.dimension, EMBEDDING_DIMENSIONS);
      const expected = await backend.embed(texts);
      // Each stored vector is the backend's vector of one of the texts, and every text has one.
      const matched = new Set<number>();
      points.keys.forEach((key, row) => {
        const stored = points.vectors.subarray(row * EMBEDDING_DIMENSIONS, (row + 1) * EMBEDDING_DIMENSIONS);
        const match = expected.findIndex((vector) => cosineSimilarity(stored, vector) > 0.9999);
        assert.ok(match >= 0, `point ${key}`);
        matched.add(match);
      });
      assert.equal(matched.size, texts.length);
    } finally {
      await backend.close();
      await embeddings.close();
      await store.close();
    }
  });
});
