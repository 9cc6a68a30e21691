import { pipelineDataPackages } from '../../data-packages.ts';

/**
 * Ordinary English words from dictionary-en (SCOWL-derived Hunspell list, MIT AND BSD). Hunspell
 * writes proper nouns capitalised ("Paris/M") and common words in lower case ("rose/MS"), so the
 * lower-case entries say which capitalised words in a message could be words rather than names.
 * compromise's lexicon (~25k entries) leaves many common words out ("winter", "studio").
 */
let words: Set<string> | null = null;

function load(): Set<string> {
  const set = new Set<string>();
  for (const line of pipelineDataPackages().englishDictionary().split('\n')) {
    const slash = line.indexOf('/');
    const word = slash < 0 ? line.trim() : line.slice(0, slash);
    if (/^\p{Ll}/u.test(word)) set.add(word);
  }
  return set;
}

// Hunspell stores stems and affix flags; these cover the inflections a capitalised word takes.
const INFLECTIONS: ReadonlyArray<readonly [suffix: string, replacement: string]> = [
  ['ies', 'y'],
  ['es', ''],
  ['s', ''],
  ['ied', 'y'],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
  ['ers', ''],
  ['er', ''],
  ['ly', ''],
];

/** Is the word (any case) an ordinary English word or a regular inflection of one? */
export function isEnglishWord(word: string): boolean {
  words ??= load();
  const lower = word.toLowerCase().replace(/['’]s$/u, '');
  if (words.has(lower)) return true;
  for (const [suffix, replacement] of INFLECTIONS) {
    if (lower.length > suffix.length + 2 && lower.endsWith(suffix) && words.has(lower.slice(0, -suffix.length) + replacement)) return true;
  }
  return false;
}
