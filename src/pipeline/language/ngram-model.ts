/**
 * A character n-gram Naive Bayes language model over WildChat's closed label set. lid.176 cannot name
 * eight of lingua's languages and blurs close pairs on short text; this model is trained on text
 * every label has (scripts/train-language-model.ts) and is combined with lid.176 in the stage.
 *
 * Features of a text: for each lower-cased word, its letters (order 1), the bigrams and trigrams of
 * the word padded with spaces (orders 2, 3) and the whole word (order 0). Scores are log-likelihoods
 * with additive smoothing, so an n-gram a language never showed costs it the same fixed penalty.
 */
export const FEATURE_ORDERS = 4;
const SMOOTHING = 0.5;

export interface NgramModel {
  /** In-set ISO codes, indexed by the language numbers used below. */
  languages: readonly string[];
  /**
   * Features by hash in an open-addressing table (scoring allocates no strings): slot → feature hash
   * (0 = empty), and the range of (language, log((count + α) / α)) entries it owns.
   */
  slots: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  entryLanguages: Uint8Array;
  entryBoosts: Float32Array;
  /** log(α / (total_l,o + α · vocabulary_o)) per language (rows) and order (columns), flattened. */
  unseen: Float64Array;
}

/**
 * 32-bit FNV-1a over the feature order (as a unit no UTF-16 code unit equals) and the code units;
 * never 0 (0 marks an empty slot).
 */
function hashUnits(order: number, units: ArrayLike<number>, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ (0x10000 + order), 0x01000193);
  for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ (units[index] ?? 0), 0x01000193);
  return hash === 0 ? 1 : hash;
}

function hashFeature(feature: string, order: number): number {
  const body = order === 0 ? feature.slice(1) : feature;
  const units = new Uint16Array(body.length);
  for (let index = 0; index < body.length; index += 1) units[index] = body.charCodeAt(index);
  return hashUnits(order, units, 0, units.length);
}

function slotOf(slots: Int32Array, hash: number): number {
  const mask = slots.length - 1;
  let slot = hash & mask;
  while (slots[slot] !== 0 && slots[slot] !== hash) slot = (slot + 1) & mask;
  return slot;
}

/** Words of a text: lower-cased runs of letters and marks (apostrophes inside words kept). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu) ?? [];
}

/** Calls `visit(feature, order)` for every feature of `text`; returns how many there were. */
export function forEachFeature(text: string, visit: (feature: string, order: number) => void): number {
  let count = 0;
  for (const word of wordsOf(text)) {
    visit(`\u0001${word}`, 0);
    const padded = ` ${word} `;
    for (let index = 1; index < padded.length - 1; index += 1) {
      visit(padded[index] ?? '', 1);
      visit(padded.slice(index - 1, index + 1), 2);
      if (index + 2 <= padded.length) visit(padded.slice(index - 1, index + 2), 3);
      count += 3;
    }
    visit(padded.slice(-2), 2);
    count += 2;
  }
  return count;
}

/** Counts per language and feature: the serialisable form of the model. */
export interface NgramCounts {
  languages: string[];
  /** Feature → flattened (language index, count) pairs. */
  counts: Map<string, number[]>;
}

export function countFeatures(corpora: ReadonlyMap<string, readonly string[]>): NgramCounts {
  const languages = [...corpora.keys()].sort();
  const counts = new Map<string, number[]>();
  languages.forEach((iso, languageIndex) => {
    const perLanguage = new Map<string, number>();
    for (const text of corpora.get(iso) ?? []) forEachFeature(text, (feature) => perLanguage.set(feature, (perLanguage.get(feature) ?? 0) + 1));
    for (const [feature, count] of perLanguage) {
      const entry = counts.get(feature);
      if (entry) entry.push(languageIndex, count);
      else counts.set(feature, [languageIndex, count]);
    }
  });
  return { languages, counts };
}

function orderOf(feature: string): number {
  if (feature.startsWith('\u0001')) return 0;
  return Math.min(feature.length, FEATURE_ORDERS - 1);
}

export function modelFromCounts({ languages, counts }: NgramCounts): NgramModel {
  const totals = new Float64Array(languages.length * FEATURE_ORDERS);
  const vocabulary = new Float64Array(FEATURE_ORDERS);
  let size = 1;
  while (size < counts.size * 2) size *= 2;
  const slots = new Int32Array(size);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  let entries = 0;
  for (const pairs of counts.values()) entries += pairs.length / 2;
  const entryLanguages = new Uint8Array(entries);
  const entryBoosts = new Float32Array(entries);
  // Features grouped by slot: two features whose 32-bit hashes collide share one entry list.
  const bySlot = new Map<number, Array<[number, number]>>();
  for (const [feature, pairs] of counts) {
    const order = orderOf(feature);
    vocabulary[order] = (vocabulary[order] ?? 0) + 1;
    const hash = hashFeature(feature, order);
    const slot = slotOf(slots, hash);
    slots[slot] = hash;
    const list = bySlot.get(slot) ?? [];
    for (let index = 0; index < pairs.length; index += 2) {
      const language = pairs[index] ?? 0;
      const count = pairs[index + 1] ?? 0;
      totals[language * FEATURE_ORDERS + order] = (totals[language * FEATURE_ORDERS + order] ?? 0) + count;
      list.push([language, Math.log((count + SMOOTHING) / SMOOTHING)]);
    }
    bySlot.set(slot, list);
  }
  let next = 0;
  for (const [slot, list] of bySlot) {
    starts[slot] = next;
    for (const [language, boost] of list) {
      entryLanguages[next] = language;
      entryBoosts[next] = boost;
      next += 1;
    }
    ends[slot] = next;
  }
  return { languages, slots, starts, ends, entryLanguages, entryBoosts, unseen: unseenLogProbabilities(languages.length, totals, vocabulary) };
}

/** One line per feature: `feature<TAB>index:count,index:count`; the first line lists the languages. */
export function serializeCounts({ languages, counts }: NgramCounts): string {
  const lines = [languages.join(',')];
  for (const feature of [...counts.keys()].sort()) {
    const pairs = counts.get(feature) ?? [];
    const cells: string[] = [];
    for (let index = 0; index < pairs.length; index += 2) cells.push(`${pairs[index] ?? 0}:${pairs[index + 1] ?? 0}`);
    lines.push(`${feature}\t${cells.join(',')}`);
  }
  return lines.join('\n');
}

export function parseCounts(serialized: string): NgramCounts {
  const lines = serialized.split('\n');
  const languages = (lines[0] ?? '').split(',').filter((iso) => iso !== '');
  const counts = new Map<string, number[]>();
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const tab = line.lastIndexOf('\t');
    if (tab <= 0) throw new Error(`language model data: malformed line ${index + 1}`);
    const pairs: number[] = [];
    for (const cell of line.slice(tab + 1).split(',')) {
      const colon = cell.indexOf(':');
      const language = Number(cell.slice(0, colon));
      const count = Number(cell.slice(colon + 1));
      if (!Number.isInteger(language) || language < 0 || language >= languages.length || !(count > 0))
        throw new Error(`language model data: bad count on line ${index + 1}`);
      pairs.push(language, count);
    }
    counts.set(line.slice(0, tab), pairs);
  }
  return { languages, counts };
}

/**
 * modelFromCounts(parseCounts(serialized)) in one pass over the text, for data as serializeCounts
 * writes it (features sorted, each once, plain decimal numbers). The two-step form builds a Map of
 * ~300k features with an array each, then a Map of slot lists: 0.25 CPU-s and much garbage at
 * every start. Anything else falls back to the two steps, which also give their errors; a test
 * checks that both build the same tables from the bundled data.
 */
export function modelFromSerialized(serialized: string): NgramModel {
  return buildFromSerialized(serialized) ?? modelFromCounts(parseCounts(serialized));
}

const COMMA = 44;
const COLON = 58;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** Compares serialized[aStart, aEnd) with serialized[bStart, bEnd) as JavaScript compares strings. */
function compareRanges(serialized: string, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let index = 0; index < length; index += 1) {
    const difference = serialized.charCodeAt(aStart + index) - serialized.charCodeAt(bStart + index);
    if (difference !== 0) return difference;
  }
  return aEnd - aStart - (bEnd - bStart);
}

/**
 * What the parse has gathered so far. The work is split into small functions (one call per line,
 * the layout on its own): as one long function it ran mostly unoptimised, its loops compiled by
 * on-stack replacement, deoptimised on the next loop it reached, and recompiled (~0.2 CPU-s).
 */
interface SerializedParse {
  languageCount: number;
  slots: Int32Array;
  totals: Float64Array;
  vocabulary: Float64Array;
  featureSlots: Int32Array;
  /** Per slot: how many entries it owns, then (during layout) where the next one goes. */
  slotEntries: Int32Array;
  slotOrder: number[];
  pairLanguages: Int32Array<ArrayBuffer>;
  pairCounts: Float64Array<ArrayBuffer>;
  pairEnds: Int32Array;
  pairs: number;
}

function countLines(text: string): number {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines += 1;
  return lines;
}

function buildFromSerialized(serialized: string): NgramModel | null {
  const firstNewline = serialized.indexOf('\n');
  if (firstNewline === -1) return null;
  const languages = serialized
    .slice(0, firstNewline)
    .split(',')
    .filter((iso) => iso !== '');
  const features = countLines(serialized);
  let size = 1;
  while (size < features * 2) size *= 2;
  const parse: SerializedParse = {
    languageCount: languages.length,
    slots: new Int32Array(size),
    totals: new Float64Array(languages.length * FEATURE_ORDERS),
    vocabulary: new Float64Array(FEATURE_ORDERS),
    featureSlots: new Int32Array(features),
    slotEntries: new Int32Array(size),
    slotOrder: [],
    pairLanguages: new Int32Array(features * 4),
    pairCounts: new Float64Array(features * 4),
    pairEnds: new Int32Array(features),
    pairs: 0,
  };
  let previousStart = -1;
  let previousEnd = -1;
  let position = firstNewline + 1;
  for (let feature = 0; feature < features; feature += 1) {
    const newline = serialized.indexOf('\n', position);
    const lineEnd = newline === -1 ? serialized.length : newline;
    const tab = serialized.lastIndexOf('\t', lineEnd - 1);
    if (tab <= position) return null;
    if (previousStart !== -1 && compareRanges(serialized, previousStart, previousEnd, position, tab) >= 0) return null;
    if (!readLine(serialized, position, tab, lineEnd, feature, parse)) return null;
    previousStart = position;
    previousEnd = tab;
    position = lineEnd + 1;
  }
  return layOut(languages, parse);
}

/** One feature line: hashes the feature into its slot and reads its cells (digits ':' digits, comma-separated). */
function readLine(serialized: string, position: number, tab: number, lineEnd: number, feature: number, parse: SerializedParse): boolean {
  const order = serialized.charCodeAt(position) === 1 ? 0 : Math.min(tab - position, FEATURE_ORDERS - 1);
  parse.vocabulary[order] = (parse.vocabulary[order] ?? 0) + 1;
  let hash = Math.imul(0x811c9dc5 ^ (0x10000 + order), 0x01000193);
  for (let index = order === 0 ? position + 1 : position; index < tab; index += 1) hash = Math.imul(hash ^ serialized.charCodeAt(index), 0x01000193);
  if (hash === 0) hash = 1;
  const slot = slotOf(parse.slots, hash);
  parse.slots[slot] = hash;
  parse.featureSlots[feature] = slot;
  if (parse.slotEntries[slot] === 0) parse.slotOrder.push(slot);
  let cursor = tab + 1;
  for (;;) {
    let language = 0;
    const languageStart = cursor;
    for (let code = serialized.charCodeAt(cursor); code >= DIGIT_0 && code <= DIGIT_9; code = serialized.charCodeAt(++cursor))
      language = language * 10 + code - DIGIT_0;
    if (cursor === languageStart || serialized.charCodeAt(cursor) !== COLON) return false;
    cursor += 1;
    let count = 0;
    const countStart = cursor;
    for (let code = serialized.charCodeAt(cursor); code >= DIGIT_0 && code <= DIGIT_9; code = serialized.charCodeAt(++cursor))
      count = count * 10 + code - DIGIT_0;
    // Past 2^53 digit-by-digit parsing could round differently from Number().
    if (cursor === countStart || language >= parse.languageCount || !(count > 0) || count > Number.MAX_SAFE_INTEGER) return false;
    if (parse.pairs === parse.pairLanguages.length) {
      parse.pairLanguages = growInt32(parse.pairLanguages);
      parse.pairCounts = growFloat64(parse.pairCounts);
    }
    parse.pairLanguages[parse.pairs] = language;
    parse.pairCounts[parse.pairs] = count;
    parse.pairs += 1;
    parse.totals[language * FEATURE_ORDERS + order] = (parse.totals[language * FEATURE_ORDERS + order] ?? 0) + count;
    parse.slotEntries[slot] = (parse.slotEntries[slot] ?? 0) + 1;
    const after = serialized.charCodeAt(cursor);
    if (after === COMMA) cursor += 1;
    else if (cursor === lineEnd) break;
    else return false;
  }
  parse.pairEnds[feature] = parse.pairs;
  return true;
}

/** Entries grouped by slot, slots in the order first seen, as modelFromCounts lays them out. */
function layOut(languages: string[], parse: SerializedParse): NgramModel {
  const { slots, slotEntries, featureSlots, pairEnds, pairLanguages, pairCounts, totals, vocabulary } = parse;
  const starts = new Int32Array(slots.length);
  const ends = new Int32Array(slots.length);
  let next = 0;
  for (const slot of parse.slotOrder) {
    starts[slot] = next;
    next += slotEntries[slot] ?? 0;
    ends[slot] = next;
    slotEntries[slot] = starts[slot] ?? 0;
  }
  const entryLanguages = new Uint8Array(parse.pairs);
  const entryBoosts = new Float32Array(parse.pairs);
  let pair = 0;
  for (let feature = 0; feature < featureSlots.length; feature += 1) {
    const slot = featureSlots[feature] ?? 0;
    for (const end = pairEnds[feature] ?? 0; pair < end; pair += 1) {
      const entry = slotEntries[slot] ?? 0;
      entryLanguages[entry] = pairLanguages[pair] ?? 0;
      entryBoosts[entry] = Math.log(((pairCounts[pair] ?? 0) + SMOOTHING) / SMOOTHING);
      slotEntries[slot] = entry + 1;
    }
  }
  return { languages, slots, starts, ends, entryLanguages, entryBoosts, unseen: unseenLogProbabilities(languages.length, totals, vocabulary) };
}

/** Per language and feature order, the smoothed log probability of a feature the language never showed. */
function unseenLogProbabilities(languageCount: number, totals: ArrayLike<number>, vocabulary: ArrayLike<number>): Float64Array {
  const unseen = new Float64Array(languageCount * FEATURE_ORDERS);
  for (let language = 0; language < languageCount; language += 1)
    for (let order = 0; order < FEATURE_ORDERS; order += 1)
      unseen[language * FEATURE_ORDERS + order] = Math.log(
        SMOOTHING / ((totals[language * FEATURE_ORDERS + order] ?? 0) + SMOOTHING * (vocabulary[order] ?? 1)),
      );
  return unseen;
}

function growInt32(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

function growFloat64(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(array.length * 2);
  grown.set(array);
  return grown;
}

export interface NgramScores {
  /** Log-likelihood per language (same order as `model.languages`). */
  logLikelihood: Float64Array;
  /** Number of features scored. */
  features: number;
}

const SPACE = 32;

export function scoreText(model: NgramModel, text: string): NgramScores {
  const languageCount = model.languages.length;
  const logLikelihood = new Float64Array(languageCount);
  const perOrder = new Float64Array(FEATURE_ORDERS);
  const { slots, starts, ends, entryLanguages, entryBoosts } = model;
  const mask = slots.length - 1;
  let units = new Uint16Array(64);
  const add = (hash: number, order: number): void => {
    perOrder[order] = (perOrder[order] ?? 0) + 1;
    let slot = hash & mask;
    for (;;) {
      const stored = slots[slot] ?? 0;
      if (stored === 0) return;
      if (stored === hash) break;
      slot = (slot + 1) & mask;
    }
    const end = ends[slot] ?? 0;
    for (let entry = starts[slot] ?? 0; entry < end; entry += 1) {
      const language = entryLanguages[entry] ?? 0;
      logLikelihood[language] = (logLikelihood[language] ?? 0) + (entryBoosts[entry] ?? 0);
    }
  };
  let features = 0;
  for (const word of wordsOf(text)) {
    // The word padded with spaces, as code units, without building substrings.
    const length = word.length + 2;
    if (units.length < length) units = new Uint16Array(length * 2);
    units[0] = SPACE;
    for (let index = 0; index < word.length; index += 1) units[index + 1] = word.charCodeAt(index);
    units[length - 1] = SPACE;
    add(hashUnits(0, units, 1, length - 1), 0);
    for (let index = 1; index < length - 1; index += 1) {
      add(hashUnits(1, units, index, index + 1), 1);
      add(hashUnits(2, units, index - 1, index + 1), 2);
      add(hashUnits(3, units, index - 1, index + 2), 3);
    }
    add(hashUnits(2, units, length - 2, length), 2);
    features += 3 * word.length + 2;
  }
  for (let language = 0; language < languageCount; language += 1) {
    let base = 0;
    for (let order = 0; order < FEATURE_ORDERS; order += 1) base += (perOrder[order] ?? 0) * (model.unseen[language * FEATURE_ORDERS + order] ?? 0);
    logLikelihood[language] = (logLikelihood[language] ?? 0) + base;
  }
  return { logLikelihood, features };
}
