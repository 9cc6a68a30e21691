/**
 * MinHash signatures: permutation i maps a shingle hash h to fmix32(h XOR seed_i), a bijection of
 * the 32-bit space; the signature keeps each permutation's minimum.
 */
import { fmix32, seedSequence } from './mix-hash.ts';

export class MinHasher {
  readonly permutations: number;
  private readonly seeds: Uint32Array;

  constructor(permutations = 128, seed = 0x6d696e68) {
    this.permutations = permutations;
    this.seeds = seedSequence(permutations, seed);
  }

  /** Writes the signature of `shingles` into `target` (length = permutations). */
  signatureInto(shingles: Uint32Array, target: Uint32Array): void {
    target.fill(0xffffffff);
    for (let index = 0; index < shingles.length; index += 1) {
      const shingle = shingles[index] as number;
      for (let permutation = 0; permutation < this.permutations; permutation += 1) {
        const value = fmix32(shingle ^ (this.seeds[permutation] as number));
        if (value < (target[permutation] as number)) target[permutation] = value;
      }
    }
  }

  signature(shingles: Uint32Array): Uint32Array {
    const target = new Uint32Array(this.permutations);
    this.signatureInto(shingles, target);
    return target;
  }
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
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
