/**
 * Word lists behind the local moderation backend:
 * - obscenity 0.4.6 (English, robust to leet-speak and repeated letters);
 * - naughty-words 1.2.0 (LDNOOBW lists, 28 languages, CC-BY-4.0): word-boundary matching on word
 *   n-grams for space-separated scripts, substring matching for CJK, Hangul and Thai.
 * Both lists are filtered (see lexicon-term-classes.ts) so that everyday words do not flag.
 */
import { createRequire } from 'node:module';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { z } from 'zod';
import type { ModerationFeature } from './moderation-feature.ts';
import { mayContainEnglishProfanity } from './profanity-prefilter.ts';
import { AMBIGUOUS_CJK_TERMS, AMBIGUOUS_LATIN_TERMS, SEXUAL_LEANING_CHARACTERS, classifyEnglishTerm } from './lexicon-term-classes.ts';

const naughtyWordsSchema = z.record(z.string(), z.array(z.string()));
const SUBSTRING_SCRIPT = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{2fa1f}]/u;
const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;
const LATIN_ONLY = /^[\p{Script=Latin}\s'’&*.-]+$/u;
const MAX_NGRAM = 6;

interface WordEntry {
  features: ModerationFeature[];
}

export interface LexiconHit {
  term: string;
  features: ModerationFeature[];
  /** Offset of the hit in the text when known (obscenity and substring hits), else -1. */
  index: number;
}

export class LocalLexicon {
  private readonly obscenityMatcher: RegExpMatcher;
  private readonly wordEntries = new Map<string, WordEntry>();
  private readonly substringPattern: RegExp | null;
  private readonly substringFeatures = new Map<string, ModerationFeature[]>();
  private readonly symbolTerms: string[] = [];
  /** Every proper word prefix of a multi-word term ('ball' for 'ball gag'). */
  private readonly phrasePrefixes = new Set<string>();

  constructor() {
    this.obscenityMatcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
    const require = createRequire(import.meta.url);
    const lists = naughtyWordsSchema.parse(require('naughty-words'));
    const substringTerms: string[] = [];
    for (const [language, terms] of Object.entries(lists)) {
      for (const rawTerm of terms) {
        const term = rawTerm.normalize('NFKC').toLowerCase().trim();
        if (term.length === 0) continue;
        if (SUBSTRING_SCRIPT.test(term)) {
          if (Array.from(term).length < 2 || AMBIGUOUS_CJK_TERMS.has(term)) continue;
          const category = SEXUAL_LEANING_CHARACTERS.test(term) ? 'sexual' : 'harassment';
          this.substringFeatures.set(term, [{ category, weight: 0.5, label: `naughty-words:${language}` }]);
          substringTerms.push(term);
          continue;
        }
        const tokens = term.split(WORD_SEPARATOR).filter((token) => token.length > 0);
        if (tokens.length === 0) {
          this.symbolTerms.push(term);
          continue;
        }
        // Single letters ('s&m', 'g-spot') would match ordinary text once punctuation is dropped.
        if (tokens.some((token) => token.length < 2) || tokens.length > MAX_NGRAM) continue;
        const key = tokens.join(' ');
        for (let length = 1; length < tokens.length; length += 1) this.phrasePrefixes.add(tokens.slice(0, length).join(' '));
        if (language === 'en') {
          this.wordEntries.set(key, { features: classifyEnglishTerm(key, `naughty-words:en`) });
          continue;
        }
        // Short Latin-script words of other languages collide with English ('con', 'fan', 'pot').
        if (tokens.length === 1 && LATIN_ONLY.test(term) && (key.length < 5 || AMBIGUOUS_LATIN_TERMS.has(key))) continue;
        if (this.wordEntries.has(key)) continue;
        this.wordEntries.set(key, { features: [{ category: 'harassment', weight: 0.5, label: `naughty-words:${language}` }] });
      }
    }
    substringTerms.sort((a, b) => b.length - a.length);
    this.substringPattern =
      substringTerms.length > 0 ? new RegExp(substringTerms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : null;
  }

  /** All distinct terms found in `lowerText` (already NFKC-normalised and lower-cased). */
  find(lowerText: string): LexiconHit[] {
    const hits = new Map<string, LexiconHit>();
    // hasMatch is about 40% cheaper than getAllMatches, and most messages have no hit.
    const obscenityMatches =
      mayContainEnglishProfanity(lowerText) && this.obscenityMatcher.hasMatch(lowerText) ? this.obscenityMatcher.getAllMatches(lowerText) : [];
    for (const match of obscenityMatches) {
      const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
      if (word === undefined || hits.has(word)) continue;
      hits.set(word, { term: word, features: classifyEnglishTerm(word, 'obscenity'), index: match.startIndex });
    }
    const tokens = lowerText.split(WORD_SEPARATOR);
    for (let start = 0; start < tokens.length; start += 1) {
      let key = '';
      for (let length = 1; length <= MAX_NGRAM && start + length <= tokens.length; length += 1) {
        const token = tokens[start + length - 1] as string;
        if (token.length === 0) break;
        key = length === 1 ? token : `${key} ${token}`;
        const entry = this.wordEntries.get(key);
        if (entry !== undefined && !hits.has(key)) hits.set(key, { term: key, features: entry.features, index: -1 });
        // Most words start no multi-word term: stop before building longer keys.
        if (!this.phrasePrefixes.has(key)) break;
      }
    }
    if (this.substringPattern !== null && SUBSTRING_SCRIPT.test(lowerText)) {
      this.substringPattern.lastIndex = 0;
      for (const match of lowerText.matchAll(this.substringPattern)) {
        const term = match[0];
        if (hits.has(term)) continue;
        hits.set(term, { term, features: this.substringFeatures.get(term) ?? [], index: match.index });
      }
    }
    for (const term of this.symbolTerms) {
      if (lowerText.includes(term) && !hits.has(term)) {
        hits.set(term, { term, features: [{ category: 'harassment', weight: 0.5, label: 'naughty-words:symbol' }], index: lowerText.indexOf(term) });
      }
    }
    return [...hits.values()];
  }
}
