import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  EMBEDDING_DIMENSIONS,
  TINY_VOCAB,
  tinyTokenEmbedding,
  writeTinyEmbeddingModel,
  writeTinyNerModel,
  writeTinyToxicityModel,
} from '../../test/support/tiny-models.ts';
import { createFeatureExtractor } from './feature-extractor.ts';
import { ModelError } from './model-error.ts';
import { loadModel } from './onnx-model.ts';
import { createTextClassifier } from './text-classifier.ts';
import { createTokenClassifier } from './token-classifier.ts';
import { splitWords } from './word-spans.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-models-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('splitWords', () => {
  it('splits words, punctuation and ideographs with their offsets', () => {
    const text = 'Hi, Zoë!王伟 ok';
    assert.deepEqual(
      splitWords(text).map((span) => text.slice(span.start, span.end)),
      ['Hi', ',', 'Zoë', '!', '王', '伟', 'ok'],
    );
  });
});

describe('token classification on the test-built model', async () => {
  const model = await loadModel(writeTinyNerModel(path.join(root, 'ner')), { batchSize: 2 });
  const tagger = createTokenClassifier(model);

  it('joins B-/I- words into whole entities at character offsets', async () => {
    const text = 'Alice Smith met Bobby in Paris, at ACME.';
    const [entities] = await tagger.tag([text]);
    assert.deepEqual(
      entities?.map((entity) => [text.slice(entity.start, entity.end), entity.type]),
      [
        ['Alice Smith', 'PER'],
        ['Bobby', 'PER'],
        ['Paris', 'LOC'],
        ['ACME', 'ORG'],
      ],
    );
    for (const entity of entities ?? []) assert.ok(entity.score > 0.9, `score ${entity.score}`);
  });

  it('tags Chinese names character by character and keeps batch order', async () => {
    const texts = ['hello there', '王伟在工作', 'my name is alice'];
    const results = await tagger.tag(texts);
    assert.deepEqual(results[0], []);
    assert.deepEqual(
      results[1]?.map((entity) => [entity.start, entity.end, entity.type]),
      [[0, 2, 'PER']],
    );
    assert.deepEqual(
      results[2]?.map((entity) => [texts[2]?.slice(entity.start, entity.end), entity.type]),
      [['alice', 'PER']],
    );
  });

  it('an I- label without a B- before it starts an entity', async () => {
    const [entities] = await tagger.tag(['the smith']);
    assert.deepEqual(
      entities?.map((entity) => [entity.start, entity.end, entity.type]),
      [[4, 9, 'PER']],
    );
  });

  it('texts longer than the model accepts are windowed with offsets into the whole text', async () => {
    const folder = writeTinyNerModel(path.join(root, 'ner-short'));
    const config = JSON.parse(fs.readFileSync(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ ...config, max_position_embeddings: 6 }));
    const short = createTokenClassifier(await loadModel(folder));
    const text = 'the cat sat and the dog sat in paris and alice sat';
    const [entities] = await short.tag([text]);
    assert.deepEqual(
      entities?.map((entity) => text.slice(entity.start, entity.end)),
      ['paris', 'alice'],
    );
  });
});

describe('text classification on the test-built model', async () => {
  const classifier = createTextClassifier(await loadModel(writeTinyToxicityModel(path.join(root, 'toxicity'))));

  it('gives sigmoid scores per head from the mean-pooled logits', async () => {
    const [insult, calm, threat] = await classifier.classify(['you are an idiot', 'hello there friend', 'i will kill you']);
    const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));
    // Six pooled tokens ([CLS] you are an idiot [SEP]): (3 × -6 + 30) / 6 = 2 for toxicity and insult, -24 / 6 for the rest.
    assert.ok(Math.abs((insult?.[0] ?? 0) - sigmoid(2)) < 1e-5);
    assert.ok(Math.abs((insult?.[4] ?? 0) - sigmoid(2)) < 1e-5);
    assert.ok(Math.abs((insult?.[3] ?? 0) - sigmoid(-4)) < 1e-5);
    assert.ok((calm?.[0] ?? 1) < 0.05);
    assert.ok((threat?.[3] ?? 0) > 0.5 && (threat?.[4] ?? 1) < 0.05);
  });
});

describe('feature extraction on the test-built model', async () => {
  const extractor = createFeatureExtractor(await loadModel(writeTinyEmbeddingModel(path.join(root, 'embedding'))));

  it('returns the L2-normalised masked mean of the token vectors', async () => {
    const [vector, other] = await extractor.embed(['cat sat', 'the dog sat in paris and alice sat']);
    const ids = ['[CLS]', 'cat', 'sat', '[SEP]'].map((token) => TINY_VOCAB.indexOf(token));
    const mean = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
    for (const id of ids) tinyTokenEmbedding(id).forEach((value, dimension) => (mean[dimension] = (mean[dimension] ?? 0) + value / ids.length));
    const norm = Math.hypot(...mean);
    assert.equal(vector?.length, EMBEDDING_DIMENSIONS);
    mean.forEach((value, dimension) => assert.ok(Math.abs((vector?.[dimension] ?? 0) - value / norm) < 1e-5));
    assert.ok(Math.abs(Math.hypot(...(other ?? [])) - 1) < 1e-5);
  });
});

describe('model folder errors', () => {
  it('names what is missing', async () => {
    await assert.rejects(loadModel(path.join(root, 'nothing')), (error: unknown) => error instanceof ModelError && /does not exist/.test(error.message));
    const folder = writeTinyNerModel(path.join(root, 'broken'));
    fs.writeFileSync(path.join(folder, 'config.json'), '{not json');
    await assert.rejects(loadModel(folder), /config\.json is not valid JSON/);
    fs.rmSync(path.join(folder, 'onnx'), { recursive: true });
    await assert.rejects(loadModel(folder), /has no ONNX file/);
  });

  it('refuses a file that is not an ONNX model', async () => {
    const folder = writeTinyNerModel(path.join(root, 'garbage'));
    fs.writeFileSync(path.join(folder, 'onnx', 'model.onnx'), 'not a model');
    await assert.rejects(loadModel(folder), /ONNX Runtime cannot load onnx\/model\.onnx/);
  });
});
