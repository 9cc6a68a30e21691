import { compromiseLexicon } from '../compromise.ts';

/**
 * Short English chat lines full of technical words ("Json to React", "make it metaphor") fool
 * character n-gram models. compromise ships a ~25k-word English lexicon; when most words of a
 * short Latin-script text are in it, the text is English whatever the n-grams say.
 */
const MAX_WORDS = 12;
const NAME_TAGS = new Set(['MaleName', 'FemaleName', 'FirstName', 'LastName', 'Person', 'Place', 'City', 'Country', 'Region']);
// Two-letter words that are English only; "me", "no", "de", "la" are shared with Romance languages.
const ENGLISH_TWO_LETTER = new Set([
  'it',
  'is',
  'to',
  'of',
  'in',
  'on',
  'my',
  'we',
  'he',
  'an',
  'at',
  'by',
  'or',
  'if',
  'up',
  'so',
  'do',
  'go',
  'us',
  'am',
  'be',
  'ok',
]);
const MIN_SHARE = 0.6;

export function looksLikeShortEnglish(sample: string): boolean {
  const words = sample.toLowerCase().match(/[a-z']{2,}/g) ?? [];
  if (words.length === 0 || words.length > MAX_WORDS) return false;
  // Non-ASCII letters (é, ñ, ß, ą …) point away from English.
  if (/[^\x00-\x7f]/.test(sample)) return false;
  // Names say nothing about the language ("me llamo Juan"); they are left out of the count.
  const counted = words.filter((word) => !NAME_TAGS.has(compromiseLexicon()[word] ?? ''));
  if (counted.length === 0) return false;
  const known = counted.filter((word) => compromiseLexicon()[word] !== undefined && (word.length >= 3 || ENGLISH_TWO_LETTER.has(word))).length;
  return known / counted.length >= MIN_SHARE;
}
