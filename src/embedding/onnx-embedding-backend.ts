/**
 * The in-process ONNX embedding backend: a feature-extraction model (a local folder or a pinned
 * hub id, src/models) giving the attention-masked mean of its last hidden state, L2-normalised.
 * src/models (ONNX Runtime, the tokenizer) is imported only when this backend is opened.
 */
import type { ProgressSink } from '../core/progress-sink.ts';
import { checkEmbeddingBatch, type EmbeddingBackend } from './embedding-backend.ts';

export interface OnnxEmbeddingOptions {
  /** Where hub models are cached (the data dir's models folder). */
  cacheDir: string;
  hubUrl?: string;
  token?: string | null;
  progress?: ProgressSink;
  /** Texts per ONNX run. */
  batchSize?: number;
  threads?: number;
  /** Put in front of every text: E5 models expect "query: " (or "passage: "). */
  prefix?: string;
}

const MAX_BATCH = 64;

export async function openOnnxEmbeddingBackend(model: string, options: OnnxEmbeddingOptions): Promise<EmbeddingBackend> {
  const [{ openModel }, { createFeatureExtractor }] = await Promise.all([import('../models/open-model.ts'), import('../models/feature-extractor.ts')]);
  const loaded = await openModel(model, {
    cacheDir: options.cacheDir,
    hubUrl: options.hubUrl,
    token: options.token,
    progress: options.progress,
    batchSize: options.batchSize,
    threads: options.threads,
  });
  const prefix = options.prefix ?? '';
  const extractor = createFeatureExtractor(loaded, { prefix });
  // The width of the model's vectors, from one run (config.json does not always name it).
  const [probe] = await extractor.embed(['dimension']);
  const dimension = probe?.length ?? 0;
  let closed = false;
  const backend: EmbeddingBackend = {
    id: 'onnx',
    version: `onnx:${loaded.id}:mean:${JSON.stringify(prefix)}:${dimension}`,
    dimension,
    maxBatchSize: MAX_BATCH,
    async embed(texts, signal) {
      if (closed) throw new Error(`embedding backend ${backend.version} is closed`);
      signal?.throwIfAborted();
      const vectors: Float32Array[] = texts.map(() => new Float32Array(dimension));
      const nonEmpty = texts.flatMap((text, index) => (text.trim() === '' ? [] : [index]));
      if (nonEmpty.length > 0) {
        const embedded = await extractor.embed(nonEmpty.map((index) => texts[index] ?? ''));
        nonEmpty.forEach((index, position) => {
          vectors[index] = embedded[position] ?? new Float32Array(dimension);
        });
      }
      signal?.throwIfAborted();
      checkEmbeddingBatch(backend, texts.length, vectors);
      return vectors;
    },
    async close() {
      if (closed) return;
      closed = true;
      await loaded.close();
    },
  };
  return backend;
}
