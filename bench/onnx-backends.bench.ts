/**
 * Throughput of the in-process ONNX backends (src/models) on the test-built tiny models
 * (test/support/tiny-models.ts): NER tagging (--pii-backend ner), Detoxify-class classification
 * (--moderation onnx) and feature extraction (embeddings), over real chat messages when
 * ../shared/data/chatlogs/sharegpt_sample_1000.jsonl exists, else synthetic ones. Baselines in
 * the same run: the tokenizer windows alone (the part that does not depend on model size) and
 * the offline PII detector. The tiny models' graphs cost almost nothing, so these figures are
 * an upper bound set by tokenizing and ONNX Runtime overhead; a real BERT-base model is far
 * slower and is not measured here (no weights can be downloaded on this machine).
 * Rates are per CPU-second of the whole process (ONNX Runtime's threads included).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createFeatureExtractor } from '../src/models/feature-extractor.ts';
import { loadModel } from '../src/models/onnx-model.ts';
import { createOnnxDetoxifyClassifier } from '../src/models/onnx-detoxify-classifier.ts';
import { createOnnxPiiTagger } from '../src/models/onnx-pii-tagger.ts';
import { createPiiDetector } from '../src/pipeline/pii/pii-detector.ts';
import { writeTinyEmbeddingModel, writeTinyNerModel, writeTinyToxicityModel } from '../test/support/tiny-models.ts';
import { benchSize, cpuSeconds, peakRssMegabytes, printFigures, scratchDirectory, type BenchFigure } from './bench-support.ts';
import { generateConversations } from './generate-conversations.ts';

const shareGptLineSchema = z.object({ conversations: z.array(z.object({ from: z.string(), value: z.string() })) });

function messages(size: number): { texts: string[]; source: string } {
  const file = path.resolve('..', 'shared', 'data', 'chatlogs', 'sharegpt_sample_1000.jsonl');
  if (fs.existsSync(file)) {
    const texts = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => shareGptLineSchema.parse(JSON.parse(line)).conversations.map((turn) => turn.value))
      .filter((text) => text.trim() !== '');
    return { texts, source: 'ShareGPT sample' };
  }
  return {
    texts: [...generateConversations(size, 11)].flatMap((conversation) => conversation.turns.flatMap((turn) => [turn.user, turn.assistant])),
    source: 'synthetic',
  };
}

async function rate(count: number, work: () => Promise<unknown>): Promise<number> {
  const started = cpuSeconds();
  await work();
  return count / (cpuSeconds() - started);
}

async function inBatches(texts: readonly string[], size: number, run: (batch: readonly string[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < texts.length; start += size) await run(texts.slice(start, start + size));
}

export async function runOnnxBackendsBenchmark(size: number): Promise<BenchFigure[]> {
  const { texts, source } = messages(size);
  const characters = texts.reduce((total, text) => total + text.length, 0);
  const folder = scratchDirectory('onnx-backends');
  try {
    const ner = await loadModel(writeTinyNerModel(path.join(folder, 'ner')), { batchSize: 16 });
    const toxicity = await loadModel(writeTinyToxicityModel(path.join(folder, 'toxicity')), { batchSize: 16 });
    const embedding = await loadModel(writeTinyEmbeddingModel(path.join(folder, 'embedding')), { batchSize: 16 });
    const tagger = createOnnxPiiTagger(ner);
    const classifier = createOnnxDetoxifyClassifier(toxicity);
    const extractor = createFeatureExtractor(embedding);
    const warm = texts.slice(0, 200);
    await tagger.tag(warm);
    await classifier.classify(warm);
    await extractor.embed(warm);

    const tokenizeRate = await rate(texts.length, async () => ner.tokenizer.encode(texts));
    const nerRate = await rate(texts.length, () => inBatches(texts, 64, (batch) => tagger.tag(batch)));
    // A fresh classifier: its memo of recent texts must not answer from the warm-up.
    const coldClassifier = createOnnxDetoxifyClassifier(toxicity);
    const moderationRate = await rate(texts.length, () => inBatches(texts, 64, (batch) => coldClassifier.classify(batch)));
    const embedRate = await rate(texts.length, () => inBatches(texts, 64, (batch) => extractor.embed(batch)));
    const detector = createPiiDetector();
    const offlineRate = await rate(texts.length, async () => texts.forEach((text) => detector.detect(text)));

    const figures: BenchFigure[] = [
      { name: `${source} messages (mean ${Math.round(characters / texts.length)} characters)`, value: texts.length, unit: 'messages' },
      { name: 'baseline: tokenizer windows alone (no model run)', value: tokenizeRate, unit: 'messages/CPU-s' },
      { name: 'NER PII tagging, tiny model (--pii-backend ner, model part only)', value: nerRate, unit: 'messages/CPU-s' },
      { name: 'Detoxify-class moderation, tiny model (--moderation onnx)', value: moderationRate, unit: 'messages/CPU-s' },
      { name: 'feature extraction, tiny model (first window)', value: embedRate, unit: 'messages/CPU-s' },
      { name: 'baseline: offline PII detector (all recognizers)', value: offlineRate, unit: 'messages/CPU-s' },
      { name: 'peak RSS (whole process)', value: peakRssMegabytes(), unit: 'MB' },
    ];
    printFigures('ONNX backends on the tiny test-built models (real-model throughput is not measured here)', figures);
    return figures;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runOnnxBackendsBenchmark(benchSize(2_000));
