/**
 * A map from string keys to non-negative integers that stores only a 64-bit hash of each key
 * (two xxhash h32 with different seeds) in typed arrays: 24 bytes per key at most, where a
 * Map<string, number> of row keys took ~150 bytes. Two different keys with the same 64-bit hash
 * (odds ~1 in 30 million for a million keys) are taken for the same key; callers that must not
 * merge keys check for "already present" and fail loudly rather than misroute.
 */
import type { XXHashAPI } from 'xxhash-wasm';

const HIGH_SEED = 0x6b657931;
const LOW_SEED = 0x6b657932;
const EMPTY = -1;

export class KeyHashTable {
  private readonly hasher: XXHashAPI;
  private high: Int32Array;
  private low: Int32Array;
  private values: Int32Array;
  private count = 0;

  constructor(hasher: XXHashAPI, initialSlots = 1024) {
    this.hasher = hasher;
    let slots = 16;
    while (slots < initialSlots) slots *= 2;
    this.high = new Int32Array(slots);
    this.low = new Int32Array(slots);
    this.values = new Int32Array(slots).fill(EMPTY);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for `key`, or undefined. */
  get(key: string): number | undefined {
    const high = this.hasher.h32(key, HIGH_SEED) | 0;
    const low = this.hasher.h32(key, LOW_SEED) | 0;
    const slot = this.find(high, low);
    const value = this.values[slot] as number;
    return value === EMPTY ? undefined : value;
  }

  /** Stores `value` (0..2^31-1) for `key`; returns false, storing nothing, when the key is already present. */
  setIfAbsent(key: string, value: number): boolean {
    if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new Error('KeyHashTable values must be integers from 0 to 2^31-1');
    const high = this.hasher.h32(key, HIGH_SEED) | 0;
    const low = this.hasher.h32(key, LOW_SEED) | 0;
    const slot = this.find(high, low);
    if (this.values[slot] !== EMPTY) return false;
    this.high[slot] = high;
    this.low[slot] = low;
    this.values[slot] = value;
    this.count += 1;
    if (this.count * 2 > this.values.length) this.grow();
    return true;
  }

  /** The slot holding (high, low), or the empty slot where it would go. */
  private find(high: number, low: number): number {
    const mask = this.values.length - 1;
    let slot = low & mask;
    while (this.values[slot] !== EMPTY && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { high, low, values } = this;
    this.high = new Int32Array(values.length * 2);
    this.low = new Int32Array(values.length * 2);
    this.values = new Int32Array(values.length * 2).fill(EMPTY);
    for (let slot = 0; slot < values.length; slot += 1) {
      if (values[slot] === EMPTY) continue;
      const target = this.find(high[slot] as number, low[slot] as number);
      this.high[target] = high[slot] as number;
      this.low[target] = low[slot] as number;
      this.values[target] = values[slot] as number;
    }
  }
}
