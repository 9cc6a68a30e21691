import type { PiiSpan, Recognizer } from '../pii-entity.ts';
import { cjkPlacePattern, isPlaceName, isSubdivisionOnly, mayStartPlaceName } from './gazetteer.ts';

/**
 * LOCATION, as WildChat's Presidio configuration requested: countries, first-level subdivisions
 * and cities with at least 100,000 inhabitants, from the gazetteer. Latin and Cyrillic names must be capitalised (one to
 * three words, longest match first); CJK country names are matched as written.
 */
const WORD = /\p{Lu}[\p{L}\p{M}'’.-]*/gu;

export function createLocationRecognizer(): Recognizer {
  return {
    name: 'location',
    entity: 'LOCATION',
    mayMatch: (text) => /\p{Lu}|[\p{Script=Han}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text),
    find(text) {
      const spans: PiiSpan[] = [];
      let lastEnd = -1;
      for (const match of text.matchAll(WORD)) {
        if (match.index < lastEnd) continue;
        // Every candidate below starts with this word up to its first hyphen (less a final full
        // stop when it is all there is): most capitalised words start no place name.
        const stem = match[0].toLowerCase().split('-')[0] ?? '';
        if (!mayStartPlaceName(stem) && !(stem.endsWith('.') && mayStartPlaceName(stem.slice(0, -1)))) continue;
        // Longest of "New York City", "New York", "New".
        const following = /^(?:\p{Lu}[\p{L}\p{M}'’.-]*)?(?:[ -]\p{Lu}[\p{L}\p{M}'’.-]*){0,2}/u.exec(text.slice(match.index))?.[0] ?? match[0];
        const words = following.split(/(?=[ -]\p{Lu})/u);
        for (let count = words.length; count >= 1; count -= 1) {
          const candidate = words.slice(0, count).join('').replace(/[.]$/, '');
          if (isPlaceName(candidate) && !(isSubdivisionOnly(candidate) && !/\p{Ll}/u.test(candidate))) {
            spans.push({ start: match.index, end: match.index + candidate.length, entity: 'LOCATION', score: 0.6 });
            lastEnd = match.index + candidate.length;
            break;
          }
        }
      }
      if (/[\p{Script=Han}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text)) {
        for (const match of text.matchAll(cjkPlacePattern()))
          spans.push({ start: match.index, end: match.index + match[0].length, entity: 'LOCATION', score: 0.6 });
      }
      return spans;
    },
  };
}
