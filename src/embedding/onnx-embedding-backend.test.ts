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
