import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TOXICITY_LABELS, writeTinyToxicityModel } from '../../test/support/tiny-models.ts';
import { resolveReleaseConfig } from '../settings/resolve-release-config.ts';
import { createOnnxDetoxifyClassifier } from './onnx-detoxify-classifier.ts';
import { loadModel } from './onnx-model.ts';
import { isMultiLabel } from './text-classifier.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-detoxify-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** The tiny toxicity model with its labels renamed, as a checkpoint with generic label names would have them. */
function renamedModel(name: string, labels: readonly string[]): string {
  const folder = writeTinyToxicityModel(path.join(root, name));
  const configFile = path.join(folder, 'config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(configFile, JSON.stringify({ ...config, id2label: Object.fromEntries(labels.map((label, index) => [String(index), label])) }));
  return folder;
}

describe('ONNX Detoxify classifier', () => {
  it('knows the Jigsaw label names and fills the keys the model has no head for with 0', async () => {
    const jigsaw = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate', 'unrelated_head'];
    const classifier = createOnnxDetoxifyClassifier(await loadModel(renamedModel('jigsaw', jigsaw)));
    const [scores] = await classifier.classify(['you are an idiot']);
    assert.ok((scores?.toxicity ?? 0) > 0.8 && (scores?.insult ?? 0) > 0.8);
    assert.equal(scores?.sexual_explicit, 0, 'the seventh head is not a Detoxify key');
  });

  it('maps generic label names with --moderation-onnx-labels, and refuses a model with no toxicity label', async () => {
    const generic = TOXICITY_LABELS.map((_, index) => `LABEL_${index}`);
    const folder = renamedModel('generic', generic);
    await assert.rejects(async () => createOnnxDetoxifyClassifier(await loadModel(folder)), /none of its labels .* maps to toxicity/);
    const labels = Object.fromEntries(TOXICITY_LABELS.map((key, index) => [`LABEL_${index}`, key]));
    const classifier = createOnnxDetoxifyClassifier(await loadModel(folder), labels);
    const [threat] = await classifier.classify(['i will kill you']);
    assert.ok((threat?.threat ?? 0) > 0.5 && (threat?.insult ?? 1) < 0.05);
    assert.match(classifier.model, /\+labels:LABEL_0=toxicity,/);
  });

  it('answers repeated texts from its memo with equal scores', async () => {
    const classifier = createOnnxDetoxifyClassifier(await loadModel(writeTinyToxicityModel(path.join(root, 'memo'))));
    const first = await classifier.classify(['you are an idiot', 'hello there']);
    const second = await classifier.classify(['hello there', 'you are an idiot']);
    assert.deepEqual(second, [first[1], first[0]]);
  });

  it('takes a sigmoid per label for multi-label models and a softmax for two-label ones', () => {
    assert.equal(isMultiLabel('multi_label_classification', 2), true);
    assert.equal(isMultiLabel('single_label_classification', 7), false);
    assert.equal(isMultiLabel(null, 2), false);
    assert.equal(isMultiLabel(null, 7), true);
  });

  it('the label map setting is checked when the config is resolved', () => {
    const base = { out: path.join(root, 'out'), dataDir: path.join(root, 'data'), moderation: 'onnx', moderationOnnxModel: './model' };
    const config = resolveReleaseConfig({ ...base, moderationOnnxLabels: 'LABEL_0=toxicity,LABEL_1=insult' }, {});
    assert.deepEqual(config.moderation, { kind: 'onnx', model: './model', labels: { LABEL_0: 'toxicity', LABEL_1: 'insult' } });
    assert.equal(config.models.cacheDir, path.join(root, 'data', 'models'));
    assert.throws(() => resolveReleaseConfig({ ...base, moderationOnnxLabels: 'LABEL_0=rudeness' }, {}), /is not label=key with key one of/);
    assert.throws(
      () => resolveReleaseConfig({ out: base.out, dataDir: base.dataDir, moderation: 'onnx' }, {}),
      /--moderation onnx needs --moderation-onnx-model/,
    );
  });
});
