/**
 * Corpus-level exact and near-duplicate detection. Exact: SHA-256 of the normalised text. Near:
 * MinHash (128 permutations) + LSH (32 bands x 4 rows); an LSH candidate pair becomes an edge only
 * when its estimated Jaccard similarity reaches `threshold`, and clusters are the connected
 * components. Memory per document: the signature (4 bytes per permutation in shared typed-array
 * chunks, dropped by finish()), the 32-byte exact hash, one state byte and, for keyed documents,
 * the key; band buckets are built one band at a time in finish(). `addUnkeyed` + `finishCompact`
 * (keys are insertion positions) keep a 1M-document release index in typed arrays only.
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

/** finishCompact(): per document, indexes into the insertion order. */
export interface CompactDedupAssignments {
  /** The document with the smallest key and the same normalised text (itself when unique); -1 for empty text. */
  exactMinimum: Int32Array;
  /** The document with the smallest key in the near-duplicate cluster (itself when alone). */
  nearMinimum: Int32Array;
  clusterSize: Int32Array;
}

const CHUNK_DOCUMENTS = 65_536;
const HASH_BYTES = 32;
/** Per-document state: empty text, text without shingles, or text with a signature. */
const EMPTY_TEXT = 0;
const NO_SIGNATURE = 1;
const SIGNED = 2;

export class DedupIndex {
  private readonly hasher: XXHashAPI;
  private readonly minHasher: MinHasher;
  private readonly bands: number;
  private readonly rows: number;
  private readonly threshold: number;
  private readonly shingleOptions: ShingleOptions;
  private readonly maxBucketComparisons: number;
  /** Null until the first add; then whether documents carry string keys (add) or not (addUnkeyed). */
  private keyed: boolean | null = null;
  private readonly keys: string[] = [];
  private readonly seenKeys = new Set<string>();
  private count = 0;
  private readonly hashChunks: Uint8Array[] = [];
  private readonly stateChunks: Uint8Array[] = [];
  private signatureChunks: Uint32Array[] = [];
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
    return this.count;
  }

  add(key: string, text: string): void {
    if (this.finished) throw new Error('DedupIndex.add after finish()');
    if (this.keyed === false) throw new Error('DedupIndex.add after addUnkeyed()');
    if (this.seenKeys.has(key)) throw new Error('DedupIndex.add: duplicate key');
    this.keyed = true;
    this.seenKeys.add(key);
    this.keys.push(key);
    this.addText(text);
  }

  /** Adds a document whose key is its position (0, 1, ...): no key is stored. Returns the position. */
  addUnkeyed(text: string): number {
    if (this.finished) throw new Error('DedupIndex.add after finish()');
    if (this.keyed === true) throw new Error('DedupIndex.addUnkeyed after add()');
    this.keyed = false;
    const index = this.count;
    this.addText(text);
    return index;
  }

  private addText(text: string): void {
    const index = this.count;
    this.count += 1;
    const chunkIndex = Math.floor(index / CHUNK_DOCUMENTS);
    const offset = index % CHUNK_DOCUMENTS;
    if (chunkIndex >= this.stateChunks.length) {
      this.stateChunks.push(new Uint8Array(CHUNK_DOCUMENTS));
      this.hashChunks.push(new Uint8Array(CHUNK_DOCUMENTS * HASH_BYTES));
    }
    const state = this.stateChunks[chunkIndex] as Uint8Array;
    const normalised = normaliseForDedup(text);
    if (normalised.length === 0) {
      state[offset] = EMPTY_TEXT;
      return;
    }
    (this.hashChunks[chunkIndex] as Uint8Array).set(createHash('sha256').update(normalised, 'utf8').digest(), offset * HASH_BYTES);
    const shingles = shingleHashes(normalised, this.hasher, this.shingleOptions);
    if (shingles.length === 0) {
      state[offset] = NO_SIGNATURE;
      return;
    }
    const permutations = this.minHasher.permutations;
    while (chunkIndex >= this.signatureChunks.length) this.signatureChunks.push(new Uint32Array(CHUNK_DOCUMENTS * permutations));
    const chunk = this.signatureChunks[chunkIndex] as Uint32Array;
    this.minHasher.signatureInto(shingles, chunk.subarray(offset * permutations, (offset + 1) * permutations));
    state[offset] = SIGNED;
  }

  /**
   * Bytes of one compact signature (signatureInto/addSignature): the MinHash words, the exact hash,
   * the state byte, padded to whole words so records packed back to back stay word-aligned.
   */
  get signatureBytes(): number {
    return this.minHasher.permutations * 4 + HASH_BYTES + 4;
  }

  /**
   * Computes a document's compact signature into `target` (signatureBytes long, word-aligned)
   * without adding it, so the signatures of a corpus can be computed apart (e.g. per shard, on
   * other machines) and added later, in order, with exactly the result of addUnkeyed. The words
   * are in the platform's byte order (little-endian on every machine we run on).
   */
  signatureInto(text: string, target: Uint8Array): void {
    if (target.length !== this.signatureBytes) throw new Error('DedupIndex.signatureInto: target has the wrong length');
    target.fill(0);
    const permutations = this.minHasher.permutations;
    const hashStart = permutations * 4;
    const normalised = normaliseForDedup(text);
    if (normalised.length === 0) {
      target[hashStart + HASH_BYTES] = EMPTY_TEXT;
      return;
    }
    target.set(createHash('sha256').update(normalised, 'utf8').digest(), hashStart);
    const shingles = shingleHashes(normalised, this.hasher, this.shingleOptions);
    if (shingles.length === 0) {
      target[hashStart + HASH_BYTES] = NO_SIGNATURE;
      return;
    }
    this.minHasher.signatureInto(shingles, new Uint32Array(target.buffer, target.byteOffset, permutations));
    target[hashStart + HASH_BYTES] = SIGNED;
  }

  /** Adds a document from its compact signature (see signatureInto); returns its position. */
  addSignature(source: Uint8Array): number {
    if (this.finished) throw new Error('DedupIndex.add after finish()');
    if (this.keyed === true) throw new Error('DedupIndex.addSignature after add()');
    if (source.length !== this.signatureBytes) throw new Error('DedupIndex.addSignature: signature has the wrong length');
    this.keyed = false;
    const index = this.count;
    this.count += 1;
    const chunkIndex = Math.floor(index / CHUNK_DOCUMENTS);
    const offset = index % CHUNK_DOCUMENTS;
    if (chunkIndex >= this.stateChunks.length) {
      this.stateChunks.push(new Uint8Array(CHUNK_DOCUMENTS));
      this.hashChunks.push(new Uint8Array(CHUNK_DOCUMENTS * HASH_BYTES));
    }
    const permutations = this.minHasher.permutations;
    const hashStart = permutations * 4;
    const state = source[hashStart + HASH_BYTES] as number;
    (this.stateChunks[chunkIndex] as Uint8Array)[offset] = state;
    if (state === EMPTY_TEXT) return index;
    (this.hashChunks[chunkIndex] as Uint8Array).set(source.subarray(hashStart, hashStart + HASH_BYTES), offset * HASH_BYTES);
    if (state === NO_SIGNATURE) return index;
    while (chunkIndex >= this.signatureChunks.length) this.signatureChunks.push(new Uint32Array(CHUNK_DOCUMENTS * permutations));
    (this.signatureChunks[chunkIndex] as Uint32Array).set(new Uint32Array(source.buffer, source.byteOffset, permutations), offset * permutations);
    return index;
  }

  private state(index: number): number {
    return (this.stateChunks[Math.floor(index / CHUNK_DOCUMENTS)] as Uint8Array)[index % CHUNK_DOCUMENTS] as number;
  }

  /** SHA-256 hex of a document's normalised text; null for empty text. Still available after finish(). */
  exactHash(index: number): string | null {
    if (index < 0 || index >= this.count || this.state(index) === EMPTY_TEXT) return null;
    const start = (index % CHUNK_DOCUMENTS) * HASH_BYTES;
    return Buffer.from((this.hashChunks[Math.floor(index / CHUNK_DOCUMENTS)] as Uint8Array).subarray(start, start + HASH_BYTES)).toString('hex');
  }

  /** True when document `first`'s key sorts before document `second`'s. */
  private keyBefore(first: number, second: number): boolean {
    return this.keyed === true ? (this.keys[first] as string) < (this.keys[second] as string) : first < second;
  }

  private sameHash(first: number, second: number): boolean {
    const firstChunk = this.hashChunks[Math.floor(first / CHUNK_DOCUMENTS)] as Uint8Array;
    const secondChunk = this.hashChunks[Math.floor(second / CHUNK_DOCUMENTS)] as Uint8Array;
    const firstStart = (first % CHUNK_DOCUMENTS) * HASH_BYTES;
    const secondStart = (second % CHUNK_DOCUMENTS) * HASH_BYTES;
    for (let byte = 0; byte < HASH_BYTES; byte += 1) if (firstChunk[firstStart + byte] !== secondChunk[secondStart + byte]) return false;
    return true;
  }

  private hashSlot(index: number, mask: number): number {
    const chunk = this.hashChunks[Math.floor(index / CHUNK_DOCUMENTS)] as Uint8Array;
    const start = (index % CHUNK_DOCUMENTS) * HASH_BYTES;
    return (
      ((chunk[start] as number) | ((chunk[start + 1] as number) << 8) | ((chunk[start + 2] as number) << 16) | ((chunk[start + 3] as number) << 24)) & mask
    );
  }

  /** Cluster assignments in the order the keys were added. */
  finish(): DedupAssignment[] {
    if (this.keyed === false) throw new Error('DedupIndex.finish: documents were added without keys; use finishCompact()');
    const compact = this.finishCompact();
    const assignments: DedupAssignment[] = [];
    for (let index = 0; index < this.count; index += 1) {
      const key = this.keys[index] as string;
      const exactMinimum = compact.exactMinimum[index] as number;
      assignments.push({
        key,
        exactHash: this.exactHash(index),
        exactDuplicateOf: exactMinimum !== -1 && exactMinimum !== index ? (this.keys[exactMinimum] as string) : null,
        nearDuplicateCluster: this.keys[compact.nearMinimum[index] as number] as string,
        clusterSize: compact.clusterSize[index] as number,
      });
    }
    return assignments;
  }

  /** Cluster assignments as positions in the insertion order; drops the signatures. */
  finishCompact(): CompactDedupAssignments {
    if (this.finished) throw new Error('DedupIndex finished twice');
    this.finished = true;
    const count = this.count;
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

    // Exact duplicates: an open-addressing table of the first document of each hash.
    const exactMinimum = new Int32Array(count).fill(-1);
    let slots = 1024;
    while (slots < count * 2) slots *= 2;
    const mask = slots - 1;
    const firstInSlot = new Int32Array(slots).fill(-1);
    const minimumInSlot = new Int32Array(slots);
    for (let index = 0; index < count; index += 1) {
      if (this.state(index) === EMPTY_TEXT) continue;
      let slot = this.hashSlot(index, mask);
      for (;;) {
        const first = firstInSlot[slot] as number;
        if (first === -1) {
          firstInSlot[slot] = index;
          minimumInSlot[slot] = index;
          break;
        }
        if (this.sameHash(first, index)) {
          union(first, index);
          if (this.keyBefore(index, minimumInSlot[slot] as number)) minimumInSlot[slot] = index;
          break;
        }
        slot = (slot + 1) & mask;
      }
      // Remember the slot for the second walk below (exactMinimum is filled in from it).
      exactMinimum[index] = slot;
    }
    for (let index = 0; index < count; index += 1) {
      const slot = exactMinimum[index] as number;
      if (slot !== -1) exactMinimum[index] = minimumInSlot[slot] as number;
    }

    // Near duplicates: one band at a time keeps only one bucket map alive.
    const nextInBucket = new Int32Array(count);
    for (let band = 0; band < this.bands; band += 1) {
      const heads = new Map<number, number>();
      for (let index = 0; index < count; index += 1) {
        if (this.state(index) !== SIGNED) continue;
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
    this.signatureChunks = [];

    // Per root: the member with the smallest key and the member count.
    const rootMinimum = new Int32Array(count).fill(-1);
    const rootSize = new Int32Array(count);
    for (let index = 0; index < count; index += 1) {
      const root = find(index);
      const minimum = rootMinimum[root] as number;
      if (minimum === -1 || this.keyBefore(index, minimum)) rootMinimum[root] = index;
      rootSize[root] = (rootSize[root] as number) + 1;
    }
    const nearMinimum = new Int32Array(count);
    const clusterSize = new Int32Array(count);
    for (let index = 0; index < count; index += 1) {
      const root = find(index);
      nearMinimum[index] = rootMinimum[root] as number;
      clusterSize[index] = rootSize[root] as number;
    }
    return { exactMinimum, nearMinimum, clusterSize };
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
