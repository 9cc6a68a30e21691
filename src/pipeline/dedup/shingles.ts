/**
 * Shingles that work across scripts. Text is cut into units: each character of a script written
 * without spaces (Han, kana, Hangul syllables, Thai, Lao, Khmer, Myanmar) is one unit, and every
 * other run of letters or digits is one unit. Shingles are n-grams of units: 5 units for mostly
 * space-separated text (word 5-grams), 3 for mostly unspaced scripts (character 3-grams).
 */
import type { XXHashAPI } from 'xxhash-wasm';

const UNIT_PATTERN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[\p{L}\p{N}\p{M}]+/gu;
const UNSPACED_CHARACTER =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u;

export interface ShingleOptions {
  wordShingleSize?: number;
  characterShingleSize?: number;
  /** Stop after this many units, to bound the work on huge texts. */
  maxUnits?: number;
  seed?: number;
}

export function textUnits(normalisedText: string, maxUnits = 50_000): string[] {
  const units: string[] = [];
  UNIT_PATTERN.lastIndex = 0;
  for (const match of normalisedText.matchAll(UNIT_PATTERN)) {
    units.push(match[0]);
    if (units.length >= maxUnits) break;
  }
  return units;
}

/** Distinct 32-bit shingle hashes of an already normalised text (empty for a text without units). */
export function shingleHashes(normalisedText: string, hasher: XXHashAPI, options: ShingleOptions = {}): Uint32Array {
  const units = textUnits(normalisedText, options.maxUnits);
  if (units.length === 0) return new Uint32Array(0);
  let unspaced = 0;
  for (const unit of units) if (unit.length <= 2 && UNSPACED_CHARACTER.test(unit)) unspaced += 1;
  const size = unspaced * 2 >= units.length ? (options.characterShingleSize ?? 3) : (options.wordShingleSize ?? 5);
  const seed = options.seed ?? 0x5eed;
  const hashes = new Set<number>();
  if (units.length <= size) {
    hashes.add(hasher.h32(units.join(' '), seed));
  } else {
    for (let start = 0; start + size <= units.length; start += 1) {
      hashes.add(hasher.h32(units.slice(start, start + size).join(' '), seed));
    }
  }
  return Uint32Array.from(hashes);
}
