/** Small integer hash helpers (32-bit, deterministic) used by MinHash and LSH. */

/** MurmurHash3's 32-bit finaliser: a bijection with good avalanche. */
export function fmix32(value: number): number {
  let hash = value >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Deterministic 32-bit seeds (SplitMix32-style sequence). */
export function seedSequence(count: number, seed: number): Uint32Array {
  const seeds = new Uint32Array(count);
  let state = seed >>> 0;
  for (let index = 0; index < count; index += 1) {
    state = (state + 0x9e3779b9) >>> 0;
    seeds[index] = fmix32(state);
  }
  return seeds;
}
