/**
 * Corpus-level exact and near-duplicate detection. Exact: SHA-256 of the normalised text. Near:
 * MinHash (128 permutations) + LSH (32 bands x 4 rows); an LSH candidate pair becomes an edge only
 * when its estimated Jaccard similarity reaches `threshold`, and clusters are the connected
 * components. Memory per document: the signature (512 bytes in shared typed-array chunks), the key
 * and the exact hash; band buckets are built one band at a time in finish().
 */
import { createHash } from 'node:crypto';
import type { XXHashAPI } from 'xxhash-wasm';
import { bandHash, MinHasher } from './minhash.ts';
import { normaliseForDedup } from './normalise-text.ts';
import { shingleHashes, type ShingleOptions } from './shingles.ts';

export interface DedupIndexOptions {
  /** From `await xxhash()` (xxhash-wasm). */
  hasher: XXHashAPI;
  permutations?: number;
  bands?: number;
  rows?: number;
  /** Minimum estimated Jaccard similarity for two texts to be near duplicates. */
  threshold?: number;
  shingles?: ShingleOptions;
  /** How many earlier members of an LSH bucket are compared with a new document. */
  maxBucketComparisons?: number;
}

export interface DedupAssignment {
  key: string;
  /** SHA-256 hex of the normalised text; null for empty text. */
  exactHash: string | null;
  /** The smallest key with the same normalised text, when that is another key. */
  exactDuplicateOf: string | null;
  /** The smallest key of the near-duplicate cluster (the key itself when alone). */
  nearDuplicateCluster: string;
  clusterSize: number;
}

const CHUNK_DOCUMENTS = 65_536;

export class DedupIndex {
  private readonly hasher: XXHashAPI;
  private readonly minHasher: MinHasher;
  private readonly bands: number;
  private readonly rows: number;
  private readonly threshold: number;
  private readonly shingleOptions: ShingleOptions;
  private readonly maxBucketComparisons: number;
  private readonly keys: string[] = [];
  private readonly exactHashes: (string | null)[] = [];
  private readonly signatureChunks: Uint32Array[] = [];
  private readonly hasSignature: number[] = [];
  private readonly seenKeys = new Set<string>();
  private finished = false;

  constructor(options: DedupIndexOptions) {
    this.hasher = options.hasher;
    const permutations = options.permutations ?? 128;
    this.bands = options.bands ?? 32;
    this.rows = options.rows ?? 4;
    if (this.bands * this.rows > permutations) throw new Error('bands x rows must not exceed the number of permutations');
    this.minHasher = new MinHasher(permutations);
    this.threshold = options.threshold ?? 0.5;
    this.shingleOptions = options.shingles ?? {};
    this.maxBucketComparisons = options.maxBucketComparisons ?? 8;
  }

  get size(): number {
    return this.keys.length;
  }

  add(key: string, text: string): void {
    if (this.finished) throw new Error('DedupIndex.add after finish()');
    if (this.seenKeys.has(key)) throw new Error('DedupIndex.add: duplicate key');
    this.seenKeys.add(key);
    const index = this.keys.length;
    this.keys.push(key);
    const normalised = normaliseForDedup(text);
    if (normalised.length === 0) {
      this.exactHashes.push(null);
      this.hasSignature.push(0);
      return;
    }
    this.exactHashes.push(createHash('sha256').update(normalised, 'utf8').digest('hex'));
    const shingles = shingleHashes(normalised, this.hasher, this.shingleOptions);
    if (shingles.length === 0) {
      this.hasSignature.push(0);
      return;
    }
    const permutations = this.minHasher.permutations;
    const chunkIndex = Math.floor(index / CHUNK_DOCUMENTS);
    if (chunkIndex >= this.signatureChunks.length) this.signatureChunks.push(new Uint32Array(CHUNK_DOCUMENTS * permutations));
    const chunk = this.signatureChunks[chunkIndex] as Uint32Array;
    const offset = (index % CHUNK_DOCUMENTS) * permutations;
    this.minHasher.signatureInto(shingles, chunk.subarray(offset, offset + permutations));
    this.hasSignature.push(1);
  }

  /** Cluster assignments in the order the keys were added. */
  finish(): DedupAssignment[] {
    this.finished = true;
    const count = this.keys.length;
    const parent = new Int32Array(count);
    for (let index = 0; index < count; index += 1) parent[index] = index;
    const find = (index: number): number => {
      let root = index;
      while (parent[root] !== root) root = parent[root] as number;
      let current = index;
      while (parent[current] !== root) {
        const next = parent[current] as number;
        parent[current] = root;
        current = next;
      }
      return root;
    };
    const union = (first: number, second: number): void => {
      const firstRoot = find(first);
      const secondRoot = find(second);
      if (firstRoot !== secondRoot) parent[Math.max(firstRoot, secondRoot)] = Math.min(firstRoot, secondRoot);
    };

    // Exact duplicates.
    const firstByHash = new Map<string, number>();
    const exactGroupMinimum = new Map<string, string>();
    for (let index = 0; index < count; index += 1) {
      const hash = this.exactHashes[index];
      if (hash == null) continue;
      const first = firstByHash.get(hash);
      if (first === undefined) firstByHash.set(hash, index);
      else union(first, index);
      const key = this.keys[index] as string;
      const minimum = exactGroupMinimum.get(hash);
      if (minimum === undefined || key < minimum) exactGroupMinimum.set(hash, key);
    }
    firstByHash.clear();

    // Near duplicates: one band at a time keeps only one bucket map alive.
    const nextInBucket = new Int32Array(count);
    for (let band = 0; band < this.bands; band += 1) {
      const heads = new Map<number, number>();
      for (let index = 0; index < count; index += 1) {
        if (this.hasSignature[index] !== 1) continue;
        const [chunk, offset] = this.locate(index);
        const bucket = bandHash(chunk, offset, band, this.rows);
        const head = heads.get(bucket);
        nextInBucket[index] = head ?? -1;
        heads.set(bucket, index);
        let candidate = head ?? -1;
        for (let compared = 0; candidate !== -1 && compared < this.maxBucketComparisons; compared += 1) {
          if (find(candidate) === find(index)) break;
          if (this.similarity(index, candidate) >= this.threshold) {
            union(index, candidate);
            break;
          }
          candidate = nextInBucket[candidate] as number;
        }
      }
    }

    const clusterMinimum = new Map<number, string>();
    const clusterSize = new Map<number, number>();
    for (let index = 0; index < count; index += 1) {
      const root = find(index);
      const key = this.keys[index] as string;
      const minimum = clusterMinimum.get(root);
      if (minimum === undefined || key < minimum) clusterMinimum.set(root, key);
      clusterSize.set(root, (clusterSize.get(root) ?? 0) + 1);
    }
    const assignments: DedupAssignment[] = [];
    for (let index = 0; index < count; index += 1) {
      const key = this.keys[index] as string;
      const hash = this.exactHashes[index] ?? null;
      const exactMinimum = hash === null ? undefined : exactGroupMinimum.get(hash);
      const root = find(index);
      assignments.push({
        key,
        exactHash: hash,
        exactDuplicateOf: exactMinimum !== undefined && exactMinimum !== key ? exactMinimum : null,
        nearDuplicateCluster: clusterMinimum.get(root) as string,
        clusterSize: clusterSize.get(root) as number,
      });
    }
    return assignments;
  }

  private locate(index: number): [Uint32Array, number] {
    return [this.signatureChunks[Math.floor(index / CHUNK_DOCUMENTS)] as Uint32Array, (index % CHUNK_DOCUMENTS) * this.minHasher.permutations];
  }

  private similarity(first: number, second: number): number {
    const [firstChunk, firstOffset] = this.locate(first);
    const [secondChunk, secondOffset] = this.locate(second);
    const permutations = this.minHasher.permutations;
    let equal = 0;
    for (let position = 0; position < permutations; position += 1) {
      if (firstChunk[firstOffset + position] === secondChunk[secondOffset + position]) equal += 1;
    }
    return equal / permutations;
  }
}
