/**
 * The no-model default: character 2–4-grams of the lower-cased, whitespace-collapsed text, hashed
 * into 2^20 buckets with sublinear term frequency (1 + log tf), then a seeded sparse random
 * projection (Achlioptas: each bucket adds ±1 to a few output dimensions) to `dimension` values.
 * A random projection keeps cosine distances between n-gram profiles (Johnson–Lindenstrauss), so
 * texts sharing wording and script land close together; it knows nothing of meaning (synonyms,
 * translations). There is no IDF weighting: every vector depends on its text alone, so batches stay
 * incremental; `wildchat map` then fits a PCA (the SVD step) on the stored vectors.
 */
import { normalizeInPlace, type EmbeddingBackend } from './embedding-backend.ts';

export interface HashedNgramOptions {
  dimension?: number;
  seed?: number;
}

const BUCKET_BITS = 20;
const BUCKET_MASK = (1 << BUCKET_BITS) - 1;
/** Output dimensions each n-gram bucket touches (sparse projection density 3/dimension). */
const TOUCHES = 3;
const MAX_CHARACTERS = 4000;

function fnv1a(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit mix (murmur3 finaliser) so that bucket → dimensions/sign is a fixed, seeded function. */
function mix(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function normalizeForNgrams(text: string): string {
  return ` ${text.slice(0, MAX_CHARACTERS).toLowerCase().replace(/\s+/gu, ' ').trim()} `;
}

/** Sublinear-tf counts of hashed character 2–4-grams of one text (bucket → weight). */
export function hashedNgramCounts(text: string): Map<number, number> {
  const normalized = normalizeForNgrams(text);
  const counts = new Map<number, number>();
  if (normalized.trim() === '') return counts;
  for (let length = 2; length <= 4; length += 1) {
    for (let start = 0; start + length <= normalized.length; start += 1) {
      const bucket = (fnv1a(normalized, start, start + length) ^ length) & BUCKET_MASK;
      counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
    }
  }
  for (const [bucket, count] of counts) counts.set(bucket, 1 + Math.log(count));
  return counts;
}

export class HashedNgramBackend implements EmbeddingBackend {
  readonly id = 'hashed-ngram';
  readonly version: string;
  readonly dimension: number;
  readonly maxBatchSize = 512;
  private readonly seed: number;

  constructor(options: HashedNgramOptions = {}) {
    this.dimension = options.dimension ?? 256;
    this.seed = options.seed ?? 1;
    this.version = `hashed-ngram/c2-4/b${BUCKET_BITS}/d${this.dimension}/s${this.seed}`;
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimension);
    for (const [bucket, weight] of hashedNgramCounts(text)) {
      let state = mix(bucket ^ Math.imul(this.seed, 0x9e3779b9));
      for (let touch = 0; touch < TOUCHES; touch += 1) {
        const dimension = state % this.dimension;
        const sign = (state & 0x80000000) === 0 ? 1 : -1;
        vector[dimension] = (vector[dimension] ?? 0) + sign * weight;
        state = mix(state + touch + 1);
      }
    }
    return normalizeInPlace(vector);
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((text) => this.embedOne(text)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
