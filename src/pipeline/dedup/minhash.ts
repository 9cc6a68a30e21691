/**
 * MinHash signatures by one-permutation hashing with rotation densification (Li, Owen & Zhang
 * 2012; Shrivastava 2017): each shingle is hashed once, the top bits pick one of `permutations`
 * bins and the bin keeps its minimum; an empty bin copies the next non-empty bin to its right
 * (circularly), tagged with the distance so copies rarely agree by chance. This costs one hash per
 * shingle instead of one per shingle and permutation, and the share of equal positions still
 * estimates the Jaccard similarity of the shingle sets.
 */
import { fmix32 } from './mix-hash.ts';

const VALUE_BITS = 24;
const VALUE_MASK = (1 << VALUE_BITS) - 1;
const EMPTY = 0xffffffff;

export class MinHasher {
  readonly permutations: number;
  private readonly seed: number;
  private readonly binShift: number;

  constructor(permutations = 128, seed = 0x6d696e68) {
    if (!Number.isInteger(Math.log2(permutations)) || permutations > 256) {
      throw new Error('MinHasher: permutations must be a power of two up to 256');
    }
    this.permutations = permutations;
    this.seed = seed >>> 0;
    this.binShift = 32 - Math.log2(permutations);
  }

  /** Writes the signature of `shingles` into `target` (length = permutations). */
  signatureInto(shingles: Uint32Array, target: Uint32Array): void {
    target.fill(EMPTY);
    for (let index = 0; index < shingles.length; index += 1) {
      const hash = fmix32((shingles[index] as number) ^ this.seed);
      const bin = this.binShift === 32 ? 0 : hash >>> this.binShift;
      const value = hash & VALUE_MASK;
      if (value < (target[bin] as number)) target[bin] = value;
    }
    const bins = this.permutations;
    // Rotation densification, right to left. The first non-empty bin from the left stands to the
    // right of the last bins (the walk is circular).
    let nextValue = EMPTY;
    let nextIndex = -1;
    for (let bin = 0; bin < bins; bin += 1) {
      if ((target[bin] as number) <= VALUE_MASK) {
        nextValue = target[bin] as number;
        nextIndex = bin + bins;
        break;
      }
    }
    if (nextIndex === -1) return;
    for (let bin = bins - 1; bin >= 0; bin -= 1) {
      const value = target[bin] as number;
      if (value <= VALUE_MASK) {
        nextValue = value;
        nextIndex = bin;
      } else {
        target[bin] = (((nextIndex - bin) << VALUE_BITS) | nextValue) >>> 0;
      }
    }
  }

  signature(shingles: Uint32Array): Uint32Array {
    const target = new Uint32Array(this.permutations);
    this.signatureInto(shingles, target);
    return target;
  }
}

/** Share of equal positions: an estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(first: Uint32Array, second: Uint32Array): number {
  let equal = 0;
  for (let index = 0; index < first.length; index += 1) if (first[index] === second[index]) equal += 1;
  return equal / first.length;
}

/** LSH key of one band (rows consecutive signature values). */
export function bandHash(signature: Uint32Array, offset: number, band: number, rows: number): number {
  let hash = fmix32(band + 0x9e3779b9);
  for (let row = 0; row < rows; row += 1) {
    hash = fmix32((hash ^ (signature[offset + band * rows + row] as number)) + Math.imul(row + 1, 0x27d4eb2d));
  }
  return hash;
}
