/**
 * Counts BPE tokens of tiktoken-style encodings (o200k_base, cl100k_base) from gpt-tokenizer's
 * rank tables, without encoding. Gives exactly gpt-tokenizer's `countTokens(text, {
 * disallowedSpecial: new Set() })` (special-token strings counted as plain text); a test checks it.
 *
 * Why not gpt-tokenizer's own counter: every pair lookup in its merge loop validates the bytes as
 * UTF-8 and decodes them to a string, and only its per-word merge cache hides that. Text with few
 * repeated words (names, code identifiers, many languages, the benchmark's random syllables) misses
 * that cache and ran at ~560 messages/s per core. Here a piece's bytes are a Latin-1 string (one
 * character per byte) and pairs of up to 7 bytes are looked up in integer-keyed typed-array tables,
 * longer ones in a Map of those strings; whole pieces are looked up by their text first, and merged
 * pieces' counts are remembered.
 */
import { type BytePairRanks as RawRanks, type PackedRanks, pipelineDataPackages } from '../data-packages.ts';

export type { PackedRanks };

function latin1(bytes: Uint8Array | readonly number[]): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** True when `bytes` is well-formed UTF-8 by the same rules gpt-tokenizer applies before a lookup. */
function isWellFormedUtf8(bytes: readonly number[]): boolean {
  return Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8').equals(Buffer.from(bytes));
}

const ASCII_TEXT = /^[\x00-\x7f]*$/;

/** Most pair lookups are short: up to this many bytes they are packed into integers, not sliced. */
const SHORT_TOKEN_BYTES = 7;

/**
 * Pieces from this many bytes are merged with a heap of candidate pairs: the scan for the lowest
 * pair costs O(n) per merge, O(n²) per piece, and long pieces (a run of CJK characters or of
 * random syllables is one piece) took most of the merging time.
 */
const HEAP_MERGE_BYTES = 32;

/** A heap key: the rank in the high bits and the start in the low 32, so ties go to the leftmost pair. */
const START_RANGE = 2 ** 32;

/** Pieces whose counts are remembered (~100 bytes each). */
const PIECE_CACHE_SIZE = 100_000;

/** Bytes start..start+4 of a Latin-1 string packed little-endian (missing bytes are 0). */
function packLow(bytes: string, start: number, end: number): number {
  let packed = 0;
  for (let index = Math.min(end, start + 4) - 1; index >= start; index -= 1) packed = (packed << 8) | bytes.charCodeAt(index);
  return packed;
}

/** Bytes start+4..end packed, with the length in the top byte so that keys of different lengths differ. */
function packHigh(bytes: string, start: number, end: number): number {
  let packed = 0;
  for (let index = end - 1; index >= start + 4; index -= 1) packed = (packed << 8) | bytes.charCodeAt(index);
  return packed | ((end - start) << 24);
}

function slotOf(low: number, high: number): number {
  return Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 15);
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ (bytes[index] as number), 0x01000193);
  return hash;
}

/** hashBytes of the bytes of a Latin-1 string (one character per byte). */
function hashLatin1(bytes: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ bytes.charCodeAt(index), 0x01000193);
  return hash;
}

/**
 * The tables of gpt-tokenizer's rank table, with its lookup rules: text tokens by their UTF-8
 * bytes (a later duplicate's rank wins, as a Map.set would), then byte-array tokens that are not
 * well-formed UTF-8 (gpt-tokenizer looks byte arrays up only when they are not valid UTF-8; valid
 * ones go to its string table, so a well-formed byte-array entry could never be found there
 * either), each only when no entry has its bytes yet.
 */
export function packRanks(raw: RawRanks): PackedRanks {
  let keyBytes: Uint8Array<ArrayBuffer> = new Uint8Array(raw.length * 8);
  const keyStarts = new Int32Array(raw.length + 1);
  const entryRanks = new Int32Array(raw.length);
  const entryIsText = new Uint8Array(raw.length);
  let size = 1024;
  while (size < raw.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  const encoder = new TextEncoder();
  let entries = 0;
  let used = 0;
  const live: number[] = [];
  const add = (rank: number, isText: boolean): void => {
    const start = keyStarts[entries] as number;
    const end = used;
    let slot = hashBytes(keyBytes, start, end) & mask;
    for (let occupant = slots[slot] as number; occupant !== 0; occupant = slots[slot] as number) {
      const other = occupant - 1;
      const otherStart = keyStarts[other] as number;
      const otherEnd = keyStarts[other + 1] as number;
      let same = otherEnd - otherStart === end - start;
      for (let index = 0; same && index < end - start; index += 1) same = keyBytes[otherStart + index] === keyBytes[start + index];
      if (same) {
        if (isText) entryRanks[other] = rank;
        used = start;
        return;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = entries + 1;
    entryRanks[entries] = rank;
    entryIsText[entries] = isText ? 1 : 0;
    live.push(entries);
    entries += 1;
    keyStarts[entries] = used;
  };
  const binary: number[] = [];
  raw.forEach((value, rank) => {
    if (typeof value !== 'string') {
      if (!isWellFormedUtf8(value)) binary.push(rank);
      return;
    }
    if (keyBytes.length - used < value.length * 3) keyBytes = grow(keyBytes, used + value.length * 3);
    used += encoder.encodeInto(value, keyBytes.subarray(used)).written;
    add(rank, true);
  });
  for (const rank of binary) {
    const value = raw[rank] as readonly number[];
    if (keyBytes.length - used < value.length) keyBytes = grow(keyBytes, used + value.length);
    keyBytes.set(value, used);
    used += value.length;
    add(rank, false);
  }
  const pairRanks = new Int32Array(65_536).fill(-1);
  let shortTokens = 0;
  for (const entry of live) {
    const length = (keyStarts[entry + 1] as number) - (keyStarts[entry] as number);
    if (length >= 3 && length <= SHORT_TOKEN_BYTES) shortTokens += 1;
  }
  let shortSlots = 1024;
  while (shortSlots < shortTokens * 2) shortSlots *= 2;
  const shortLow = new Int32Array(shortSlots);
  const shortHigh = new Int32Array(shortSlots);
  const shortRank = new Int32Array(shortSlots).fill(-1);
  const shortMask = shortSlots - 1;
  for (const entry of live) {
    const start = keyStarts[entry] as number;
    const length = (keyStarts[entry + 1] as number) - start;
    const rank = entryRanks[entry] as number;
    if (length === 2) pairRanks[(keyBytes[start] as number) * 256 + (keyBytes[start + 1] as number)] = rank;
    else if (length >= 3 && length <= SHORT_TOKEN_BYTES) {
      const key = latin1(keyBytes.subarray(start, start + length));
      const low = packLow(key, 0, length);
      const high = packHigh(key, 0, length);
      let slot = slotOf(low, high) & shortMask;
      while (shortRank[slot] !== -1) slot = (slot + 1) & shortMask;
      shortLow[slot] = low;
      shortHigh[slot] = high;
      shortRank[slot] = rank;
    }
  }
  return {
    keyBytes: keyBytes.slice(0, used),
    keyStarts: keyStarts.slice(0, entries + 1),
    entryRanks: entryRanks.slice(0, entries),
    entryIsText: entryIsText.slice(0, entries),
    slots,
    pairRanks,
    shortLow,
    shortHigh,
    shortRank,
  };
}

function grow(bytes: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array(Math.max(needed, bytes.length * 2));
  grown.set(bytes);
  return grown;
}

const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

export class BytePairCounter {
  private readonly keyBytes: Uint8Array;
  private readonly keyStarts: Int32Array;
  private readonly entryRanks: Int32Array;
  private readonly entryIsText: Uint8Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly pairRanks: Int32Array;
  private readonly shortLow: Int32Array;
  private readonly shortHigh: Int32Array;
  private readonly shortRank: Int32Array;
  private readonly shortMask: number;
  /** Token counts of recent pieces that needed merging (words repeat a lot in natural text). */
  private pieceCounts = new Map<string, number>();
  private readonly split: RegExp;
  // Reused between pieces; grown when a piece is longer.
  private next = new Int32Array(256);
  private rankAt = new Float64Array(256);
  private previous = new Int32Array(256);
  private heap = new Float64Array(768);

  constructor(tables: PackedRanks, split: RegExp) {
    this.split = new RegExp(split.source, split.flags);
    this.keyBytes = tables.keyBytes;
    this.keyStarts = tables.keyStarts;
    this.entryRanks = tables.entryRanks;
    this.entryIsText = tables.entryIsText;
    this.slots = tables.slots;
    this.mask = tables.slots.length - 1;
    this.pairRanks = tables.pairRanks;
    this.shortLow = tables.shortLow;
    this.shortHigh = tables.shortHigh;
    this.shortRank = tables.shortRank;
    this.shortMask = tables.shortLow.length - 1;
  }

  count(text: string): number {
    let total = 0;
    this.split.lastIndex = 0;
    for (let match = this.split.exec(text); match !== null; match = this.split.exec(text)) total += this.pieceCount(match[0]);
    return total;
  }

  /**
   * Like gpt-tokenizer, a piece is looked up whole by its text (a piece with a lone surrogate
   * never matches); only the others are merged from their UTF-8 bytes.
   */
  private pieceCount(piece: string): number {
    if (ASCII_TEXT.test(piece)) {
      const entry = this.entryOf(piece, 0, piece.length);
      if (entry !== -1 && this.entryIsText[entry] === 1) return 1;
      return this.cachedMergeCount(piece, piece);
    }
    // Only pieces that are not whole tokens are remembered, so a remembered one needs no lookup.
    const remembered = this.pieceCounts.get(piece);
    if (remembered !== undefined) return remembered;
    const bytes = Buffer.from(piece, 'utf8').toString('latin1');
    if (isWellFormed(piece)) {
      const entry = this.entryOf(bytes, 0, bytes.length);
      if (entry !== -1 && this.entryIsText[entry] === 1) return 1;
    }
    return this.cachedMergeCount(piece, bytes);
  }

  private cachedMergeCount(piece: string, bytes: string): number {
    let count = this.pieceCounts.get(piece);
    if (count === undefined) {
      count = this.mergeCount(bytes);
      // Dropping everything when full is cruder than LRU but costs nothing per hit.
      if (this.pieceCounts.size >= PIECE_CACHE_SIZE) this.pieceCounts = new Map();
      this.pieceCounts.set(piece, count);
    }
    return count;
  }

  /** The entry whose key is the bytes start..end of a Latin-1 string, or -1. */
  private entryOf(bytes: string, start: number, end: number): number {
    const keyBytes = this.keyBytes;
    const length = end - start;
    for (let slot = hashLatin1(bytes, start, end) & this.mask; ; slot = (slot + 1) & this.mask) {
      const occupant = this.slots[slot] as number;
      if (occupant === 0) return -1;
      const entry = occupant - 1;
      const entryStart = this.keyStarts[entry] as number;
      if ((this.keyStarts[entry + 1] as number) - entryStart !== length) continue;
      let index = 0;
      while (index < length && keyBytes[entryStart + index] === bytes.charCodeAt(start + index)) index += 1;
      if (index === length) return entry;
    }
  }

  private rank(piece: string, start: number, end: number): number {
    if (end - start === 2) {
      const rank = this.pairRanks[piece.charCodeAt(start) * 256 + piece.charCodeAt(start + 1)] as number;
      return rank === -1 ? Number.POSITIVE_INFINITY : rank;
    }
    if (end - start <= SHORT_TOKEN_BYTES) {
      const low = packLow(piece, start, end);
      const high = packHigh(piece, start, end);
      for (let slot = slotOf(low, high) & this.shortMask; ; slot = (slot + 1) & this.shortMask) {
        const rank = this.shortRank[slot] as number;
        if (rank === -1) return Number.POSITIVE_INFINITY;
        if (this.shortLow[slot] === low && this.shortHigh[slot] === high) return rank;
      }
    }
    const entry = this.entryOf(piece, start, end);
    return entry === -1 ? Number.POSITIVE_INFINITY : (this.entryRanks[entry] as number);
  }

  /**
   * The standard BPE merge: repeatedly join the adjacent pair with the lowest rank (leftmost on
   * ties) until none is a token; returns the number of parts left. Parts are a linked list of
   * start offsets; `rankAt[start]` is the rank of the part starting there joined with the next one.
   */
  private mergeCount(piece: string): number {
    const length = piece.length;
    if (length <= 1) return length;
    if (this.next.length < length + 1) {
      this.next = new Int32Array(length * 2);
      this.rankAt = new Float64Array(length * 2);
    }
    if (length >= HEAP_MERGE_BYTES) return this.heapMergeCount(piece);
    const next = this.next;
    const rankAt = this.rankAt;
    for (let start = 0; start < length; start += 1) {
      next[start] = start + 1;
      rankAt[start] = start + 2 <= length ? this.rank(piece, start, start + 2) : Number.POSITIVE_INFINITY;
    }
    let parts = length;
    for (;;) {
      let lowest = Number.POSITIVE_INFINITY;
      let lowestStart = -1;
      let previousOfLowest = -1;
      let previous = -1;
      for (let start = 0; start < length; start = next[start] as number) {
        const rank = rankAt[start] as number;
        if (rank < lowest) {
          lowest = rank;
          lowestStart = start;
          previousOfLowest = previous;
        }
        previous = start;
      }
      if (lowestStart === -1) return parts;
      // Join the lowest pair: its second part disappears.
      const removed = next[lowestStart] as number;
      next[lowestStart] = next[removed] as number;
      parts -= 1;
      const after = next[lowestStart] as number;
      rankAt[lowestStart] = after < length ? this.rank(piece, lowestStart, next[after] as number) : Number.POSITIVE_INFINITY;
      if (previousOfLowest !== -1) rankAt[previousOfLowest] = this.rank(piece, previousOfLowest, after);
    }
  }

  /**
   * mergeCount with the candidate pairs in a binary min-heap keyed by (rank, start), which picks the
   * same pair as the scan (lowest rank, leftmost on ties) in O(log n). Entries are not removed when
   * a pair changes; a popped entry whose rank is no longer its start's current rank is skipped
   * (a joined-away part's rank is infinite, so its entries are always skipped).
   */
  private heapMergeCount(piece: string): number {
    const length = piece.length;
    if (this.previous.length < length + 1) this.previous = new Int32Array(length * 2);
    // Every merge pushes at most two entries.
    if (this.heap.length < length * 3) this.heap = new Float64Array(length * 6);
    const next = this.next;
    const previous = this.previous;
    const rankAt = this.rankAt;
    const heap = this.heap;
    let size = 0;
    const push = (rank: number, start: number) => {
      let index = size++;
      const key = rank * START_RANGE + start;
      while (index > 0) {
        const parent = (index - 1) >> 1;
        const above = heap[parent] as number;
        if (above <= key) break;
        heap[index] = above;
        index = parent;
      }
      heap[index] = key;
    };
    const pop = (): number => {
      const top = heap[0] as number;
      const last = heap[--size] as number;
      let index = 0;
      for (;;) {
        let child = 2 * index + 1;
        if (child >= size) break;
        if (child + 1 < size && (heap[child + 1] as number) < (heap[child] as number)) child += 1;
        if ((heap[child] as number) >= last) break;
        heap[index] = heap[child] as number;
        index = child;
      }
      heap[index] = last;
      return top;
    };
    for (let start = 0; start < length; start += 1) {
      next[start] = start + 1;
      previous[start] = start - 1;
      const rank = start + 2 <= length ? this.rank(piece, start, start + 2) : Number.POSITIVE_INFINITY;
      rankAt[start] = rank;
      if (rank !== Number.POSITIVE_INFINITY) push(rank, start);
    }
    let parts = length;
    while (size > 0) {
      const key = pop();
      const rank = Math.floor(key / START_RANGE);
      const start = key - rank * START_RANGE;
      if (rankAt[start] !== rank) continue;
      const removed = next[start] as number;
      const after = next[removed] as number;
      next[start] = after;
      if (after < length) previous[after] = start;
      rankAt[removed] = Number.POSITIVE_INFINITY;
      parts -= 1;
      const joined = after < length ? this.rank(piece, start, next[after] as number) : Number.POSITIVE_INFINITY;
      rankAt[start] = joined;
      if (joined !== Number.POSITIVE_INFINITY) push(joined, start);
      const before = previous[start] as number;
      if (before !== -1) {
        const withBefore = this.rank(piece, before, after);
        rankAt[before] = withBefore;
        if (withBefore !== Number.POSITIVE_INFINITY) push(withBefore, before);
      }
    }
    return parts;
  }
}

const counters = new Map<string, BytePairCounter>();

/**
 * The counter of an encoding, built on first use: from the tables the build stored when they are
 * there (a few ms), else packed from the rank table (~0.3 CPU-s and tens of MB).
 */
export function bytePairCounter(encoding: 'o200k_base' | 'cl100k_base'): BytePairCounter {
  let counter = counters.get(encoding);
  if (counter === undefined) {
    const packages = pipelineDataPackages();
    const stored = packages.storedBytePairTables(encoding);
    if (stored !== null) counter = new BytePairCounter(stored.packed, stored.splitPattern);
    else {
      const tables = packages.bytePairTables(encoding);
      counter = new BytePairCounter(packRanks(tables.ranks), tables.splitPattern);
    }
    counters.set(encoding, counter);
  }
  return counter;
}
