/**
 * One interface for every way of turning conversation text into vectors (the no-model hashed
 * n-gram default, an OpenAI-compatible /v1/embeddings server, an in-process ONNX model). Stored
 * embeddings are keyed by `version`, so vectors from two backends, two models or two settings of
 * one model are never mixed on one map.
 */

export interface EmbeddingBackend {
  /** Short backend name (`hashed-ngram`, `openai-compatible`, `onnx`). */
  readonly id: string;
  /**
   * Everything that changes the vectors: backend, model, revision, dimension and any parameter.
   * Two backends with the same version must return the same vectors for the same text.
   */
  readonly version: string;
  /** Length of every vector `embed` returns. */
  readonly dimension: number;
  /** How many texts one `embed` call should receive at most; callers split larger inputs. */
  readonly maxBatchSize: number;
  /**
   * One vector per text, in input order, each of length `dimension`, finite, and L2-normalised
   * (length 1; an empty text gives the zero vector). Rejects the whole batch on failure so a caller
   * can retry or resume it; never partially.
   */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Releases a model or connection; the backend is unusable afterwards. */
  close(): Promise<void>;
}

/** A backend's vectors do not match what it promised (wrong count, length or a non-finite value). */
export class EmbeddingShapeError extends Error {
  constructor(backendVersion: string, detail: string) {
    super(`embedding backend ${backendVersion}: ${detail}`);
    this.name = 'EmbeddingShapeError';
  }
}

/** Checks one batch's shape; backends that wrap a remote or native model call it before returning. */
export function checkEmbeddingBatch(backend: Pick<EmbeddingBackend, 'version' | 'dimension'>, inputCount: number, vectors: readonly Float32Array[]): void {
  if (vectors.length !== inputCount) throw new EmbeddingShapeError(backend.version, `returned ${vectors.length} vectors for ${inputCount} texts`);
  vectors.forEach((vector, position) => {
    if (vector.length !== backend.dimension)
      throw new EmbeddingShapeError(backend.version, `vector ${position} has ${vector.length} values, expected ${backend.dimension}`);
    for (const value of vector) if (!Number.isFinite(value)) throw new EmbeddingShapeError(backend.version, `vector ${position} has a non-finite value`);
  });
}

/** Scales a vector to length 1 in place (the zero vector stays zero). */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] ?? 0) * scale;
  return vector;
}

export function cosineSimilarity(left: Float32Array, right: Float32Array): number {
  let dot = 0;
  let leftSum = 0;
  let rightSum = 0;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftSum += a * a;
    rightSum += b * b;
  }
  return leftSum === 0 || rightSum === 0 ? 0 : dot / Math.sqrt(leftSum * rightSum);
}
