/**
 * Finds user turns that are near copies of operator-supplied jailbreak templates, with the same
 * MinHash + LSH as the dedup stage (word 5-grams, character 3-grams for unspaced scripts).
 */
import { createHash } from 'node:crypto';
import type { XXHashAPI } from 'xxhash-wasm';
import { MinHasher, bandHash, estimateJaccard } from '../dedup/minhash.ts';
import { normaliseForDedup } from '../dedup/normalise-text.ts';
import { shingleHashes } from '../dedup/shingles.ts';
import type { JailbreakTemplate } from './jailbreak-template-file.ts';

export interface TemplateMatch {
  name: string;
  similarity: number;
}

export interface TemplateMatcherOptions {
  hasher: XXHashAPI;
  /** Minimum estimated Jaccard similarity. */
  threshold?: number;
  bands?: number;
  rows?: number;
}

export class JailbreakTemplateMatcher {
  /** Changes when the template set changes, for stage versions. */
  readonly fingerprint: string;
  private readonly hasher: XXHashAPI;
  private readonly minHasher = new MinHasher(128);
  private readonly threshold: number;
  private readonly bands: number;
  private readonly rows: number;
  private readonly names: string[] = [];
  private readonly signatures: Uint32Array[] = [];
  private readonly buckets: Array<Map<number, number[]>>;

  constructor(templates: readonly JailbreakTemplate[], options: TemplateMatcherOptions) {
    this.hasher = options.hasher;
    this.threshold = options.threshold ?? 0.5;
    this.bands = options.bands ?? 32;
    this.rows = options.rows ?? 4;
    this.buckets = Array.from({ length: this.bands }, () => new Map<number, number[]>());
    const digest = createHash('sha256');
    for (const template of templates) {
      const signature = this.signatureOf(template.prompt);
      if (signature === null) continue;
      const index = this.names.length;
      this.names.push(template.name);
      this.signatures.push(signature);
      for (let band = 0; band < this.bands; band += 1) {
        const key = bandHash(signature, 0, band, this.rows);
        const bucket = this.buckets[band] as Map<number, number[]>;
        const members = bucket.get(key);
        if (members === undefined) bucket.set(key, [index]);
        else members.push(index);
      }
      digest.update(template.name).update('\u0000').update(template.prompt).update('\u0001');
    }
    this.fingerprint = `${this.names.length}-${digest.digest('hex').slice(0, 12)}`;
  }

  get size(): number {
    return this.names.length;
  }

  /** The most similar template at or above the threshold, or null. */
  match(text: string): TemplateMatch | null {
    if (this.names.length === 0) return null;
    const signature = this.signatureOf(text);
    if (signature === null) return null;
    const candidates = new Set<number>();
    for (let band = 0; band < this.bands; band += 1) {
      const members = (this.buckets[band] as Map<number, number[]>).get(bandHash(signature, 0, band, this.rows));
      if (members !== undefined) for (const member of members) candidates.add(member);
    }
    let best: TemplateMatch | null = null;
    for (const candidate of candidates) {
      const similarity = estimateJaccard(signature, this.signatures[candidate] as Uint32Array);
      if (similarity >= this.threshold && (best === null || similarity > best.similarity)) {
        best = { name: this.names[candidate] as string, similarity };
      }
    }
    return best;
  }

  private signatureOf(text: string): Uint32Array | null {
    const shingles = shingleHashes(normaliseForDedup(text), this.hasher);
    return shingles.length === 0 ? null : this.minHasher.signature(shingles);
  }
}
