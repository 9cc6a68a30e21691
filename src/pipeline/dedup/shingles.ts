/**
 * Shingles that work across scripts. Text is cut into units: each character of a script written
 * without spaces (Han, kana, Hangul syllables, Thai, Lao, Khmer, Myanmar) is one unit, and every
 * other run of letters, digits or marks is one unit. Shingles are n-grams of units: 5 units for
 * mostly space-separated text (word 5-grams), 3 for mostly unspaced scripts (character 3-grams).
 *
 * Each unit is hashed once with xxhash (h32) and shingle hashes combine the unit hashes, so no
 * shingle string is ever built; duplicates are removed by sorting a typed array (a Set or a
 * memo Map of strings was measured slower).
 */
import type { XXHashAPI } from 'xxhash-wasm';
import { fmix32 } from './mix-hash.ts';

const WORD_SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const UNSPACED_CHARACTERS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]\p{M}*|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;

export interface ShingleOptions {
  wordShingleSize?: number;
  characterShingleSize?: number;
  /** Stop after this many units, to bound the work on huge texts. */
  maxUnits?: number;
  seed?: number;
}

export interface TextUnits {
  units: string[];
  /** How many units are single characters of an unspaced script. */
  unspaced: number;
}

export function textUnits(normalisedText: string, maxUnits = 50_000): TextUnits {
  const units: string[] = [];
  let unspaced = 0;
  const tokens = normalisedText.split(WORD_SEPARATORS);
  if (!UNSPACED_SCRIPT.test(normalisedText)) {
    for (const token of tokens) {
      if (token.length === 0) continue;
      units.push(token);
      if (units.length >= maxUnits) break;
    }
    return { units, unspaced: 0 };
  }
  for (const token of tokens) {
    if (token.length === 0) continue;
    if (!UNSPACED_SCRIPT.test(token)) {
      units.push(token);
    } else {
      for (const match of token.matchAll(UNSPACED_CHARACTERS)) {
        const unit = match[0];
        units.push(unit);
        if (UNSPACED_SCRIPT.test(unit)) unspaced += 1;
        if (units.length >= maxUnits) break;
      }
    }
    if (units.length >= maxUnits) break;
  }
  return { units: units.length > maxUnits ? units.slice(0, maxUnits) : units, unspaced };
}

/** Distinct 32-bit shingle hashes of an already normalised text (empty for a text without units). */
export function shingleHashes(normalisedText: string, hasher: XXHashAPI, options: ShingleOptions = {}): Uint32Array {
  const { units, unspaced } = textUnits(normalisedText, options.maxUnits);
  if (units.length === 0) return new Uint32Array(0);
  const size = unspaced * 2 >= units.length ? (options.characterShingleSize ?? 3) : (options.wordShingleSize ?? 5);
  const seed = options.seed ?? 0x5eed;
  const hashes = new Uint32Array(units.length);
  for (let index = 0; index < units.length; index += 1) hashes[index] = hasher.h32(units[index] as string, seed);
  const count = Math.max(1, units.length - size + 1);
  const shingles = new Uint32Array(count);
  for (let start = 0; start < count; start += 1) {
    // Order matters ('a b' differs from 'b a'), so each step mixes before adding the next unit.
    let hash = size;
    const end = Math.min(units.length, start + size);
    for (let index = start; index < end; index += 1) hash = fmix32((hash ^ (hashes[index] as number)) + 0x9e3779b9);
    shingles[start] = hash;
  }
  shingles.sort();
  let distinct = 0;
  for (let index = 0; index < shingles.length; index += 1) {
    if (index === 0 || shingles[index] !== shingles[index - 1]) shingles[distinct++] = shingles[index] as number;
  }
  return shingles.slice(0, distinct);
}
