/**
 * Word lists behind the local moderation backend:
 * - obscenity 0.4.6 (English, robust to leet-speak and repeated letters);
 * - naughty-words 1.2.0 (LDNOOBW lists, 28 languages, CC-BY-4.0): word-boundary matching on word
 *   n-grams for space-separated scripts, substring matching for CJK, Hangul and Thai.
 * Both lists are filtered (see lexicon-term-classes.ts) so that everyday words and identity terms
 * do not flag, and each naughty-words list applies only to messages of its language
 * (message-languages.ts): no list reaches another language's text, by word or by substring.
 */
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { z } from 'zod';
import { pipelineDataPackages } from '../data-packages.ts';
import type { MessageLanguages } from './message-languages.ts';
import type { ModerationFeature } from './moderation-feature.ts';
import { mayContainEnglishProfanity } from './profanity-prefilter.ts';
import { AMBIGUOUS_CJK_TERMS, AMBIGUOUS_LATIN_TERMS, IDENTITY_TERMS, SEXUAL_LEANING_CHARACTERS, classifyEnglishTerm } from './lexicon-term-classes.ts';
import { escapeRegExp } from '../../core/escape-regexp.ts';

const naughtyWordsSchema = z.record(z.string(), z.array(z.string()));
const SUBSTRING_SCRIPT = /[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{2fa1f}]/u;
const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;
const LATIN_ONLY = /^[\p{Script=Latin}\s'’&*.-]+$/u;
const MAX_NGRAM = 6;

/** Scripts matched inside words: they are written without spaces. */
const SUBSTRING_LANGUAGES = new Set(['zh', 'ja', 'ko', 'th']);
/** Of those, the ones whose hits must also fall on word boundaries (Hangul words are space-separated). */
const SEGMENTED_LANGUAGES = new Set(['zh', 'ja', 'th']);
const DIGITS_ONLY = /^\p{N}+$/u;

interface LanguageFeatures {
  language: string;
  features: ModerationFeature[];
}

interface SubstringList {
  language: string;
  pattern: RegExp;
  features: Map<string, ModerationFeature[]>;
}

export interface LexiconHit {
  term: string;
  features: ModerationFeature[];
  /** Offset of the hit in the text when known (obscenity and substring hits), else -1. */
  index: number;
}

export class LocalLexicon {
  private readonly obscenityMatcher: RegExpMatcher;
  private readonly wordEntries = new Map<string, LanguageFeatures[]>();
  private readonly substringLists: SubstringList[] = [];
  private readonly symbolTerms: Array<{ term: string; language: string }> = [];
  /** Every proper word prefix of a multi-word term ('ball' for 'ball gag'). */
  private readonly phrasePrefixes = new Set<string>();
  private readonly segmenters = new Map<string, Intl.Segmenter>();

  constructor() {
    this.obscenityMatcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
    const lists = naughtyWordsSchema.parse(pipelineDataPackages().naughtyWords());
    const substringTerms = new Map<string, Map<string, ModerationFeature[]>>();
    for (const [listName, terms] of Object.entries(lists)) {
      const language = listName.toLowerCase();
      for (const rawTerm of terms) {
        const term = rawTerm.normalize('NFKC').toLowerCase().trim();
        if (term.length === 0 || IDENTITY_TERMS.has(term)) continue;
        if (SUBSTRING_SCRIPT.test(term)) {
          if (Array.from(term).length < 2 || AMBIGUOUS_CJK_TERMS.has(term)) continue;
          // A list's CJK entry applies to its own language; entries of other lists in these scripts are rare loans.
          const target = SUBSTRING_LANGUAGES.has(language) ? language : scriptLanguage(term);
          const category = SEXUAL_LEANING_CHARACTERS.test(term) ? 'sexual' : 'harassment';
          const features = substringTerms.get(target) ?? new Map<string, ModerationFeature[]>();
          features.set(term, [{ category, weight: 0.5, label: `naughty-words:${language}` }]);
          substringTerms.set(target, features);
          continue;
        }
        const tokens = term.split(WORD_SEPARATOR).filter((token) => token.length > 0);
        if (tokens.length === 0) {
          this.symbolTerms.push({ term, language });
          continue;
        }
        // Single letters ('s&m', 'g-spot') would match ordinary text once punctuation is dropped; numbers are not words.
        if (tokens.some((token) => token.length < 2) || tokens.every((token) => DIGITS_ONLY.test(token)) || tokens.length > MAX_NGRAM) continue;
        const key = tokens.join(' ');
        if (IDENTITY_TERMS.has(key)) continue;
        for (let length = 1; length < tokens.length; length += 1) this.phrasePrefixes.add(tokens.slice(0, length).join(' '));
        const entries = this.wordEntries.get(key) ?? [];
        if (language === 'en') {
          entries.push({ language, features: classifyEnglishTerm(key, `naughty-words:en`) });
        } else {
          // Short Latin-script words collide with other languages even within the right one ('con', 'fan', 'pot').
          if (tokens.length === 1 && LATIN_ONLY.test(term) && (key.length < 5 || AMBIGUOUS_LATIN_TERMS.has(key))) continue;
          entries.push({ language, features: [{ category: 'harassment', weight: 0.5, label: `naughty-words:${language}` }] });
        }
        this.wordEntries.set(key, entries);
      }
    }
    for (const [language, features] of substringTerms) {
      const terms = [...features.keys()].sort((a, b) => b.length - a.length);
      const pattern = new RegExp(terms.map(escapeRegExp).join('|'), 'gu');
      this.substringLists.push({ language, pattern, features });
    }
  }

  /**
   * All distinct terms found in `lowerText` (already NFKC-normalised and lower-cased), using only
   * the lists of `languages` (see message-languages.ts).
   */
  find(lowerText: string, languages: MessageLanguages): LexiconHit[] {
    const hits = new Map<string, LexiconHit>();
    if (languages.has('en')) {
      // hasMatch is about 40% cheaper than getAllMatches, and most messages have no hit.
      const obscenityMatches =
        mayContainEnglishProfanity(lowerText) && this.obscenityMatcher.hasMatch(lowerText) ? this.obscenityMatcher.getAllMatches(lowerText) : [];
      for (const match of obscenityMatches) {
        const word = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord;
        if (word === undefined || hits.has(word) || IDENTITY_TERMS.has(word)) continue;
        hits.set(word, { term: word, features: classifyEnglishTerm(word, 'obscenity'), index: match.startIndex });
      }
    }
    const tokens = lowerText.split(WORD_SEPARATOR);
    for (let start = 0; start < tokens.length; start += 1) {
      let key = '';
      for (let length = 1; length <= MAX_NGRAM && start + length <= tokens.length; length += 1) {
        const token = tokens[start + length - 1] as string;
        if (token.length === 0) break;
        key = length === 1 ? token : `${key} ${token}`;
        const entries = this.wordEntries.get(key);
        if (entries !== undefined && !hits.has(key)) {
          const entry = entries.find((candidate) => languages.has(candidate.language));
          if (entry !== undefined) hits.set(key, { term: key, features: entry.features, index: -1 });
        }
        // Most words start no multi-word term: stop before building longer keys.
        if (!this.phrasePrefixes.has(key)) break;
      }
    }
    if (SUBSTRING_SCRIPT.test(lowerText)) {
      for (const list of this.substringLists) {
        if (!languages.has(list.language)) continue;
        list.pattern.lastIndex = 0;
        for (const match of lowerText.matchAll(list.pattern)) {
          const term = match[0];
          if (hits.has(term)) continue;
          if (SEGMENTED_LANGUAGES.has(list.language) && !this.onWordBoundaries(lowerText, match.index, term.length, list.language)) continue;
          hits.set(term, { term, features: list.features.get(term) ?? [], index: match.index });
        }
      }
    }
    for (const { term, language } of this.symbolTerms) {
      if (languages.has(language) && lowerText.includes(term) && !hits.has(term)) {
        hits.set(term, { term, features: [{ category: 'harassment', weight: 0.5, label: 'naughty-words:symbol' }], index: lowerText.indexOf(term) });
      }
    }
    return [...hits.values()];
  }

  /**
   * Whether a hit starts and ends on word boundaries of the language's dictionary segmentation, so
   * that 做爱 does not match inside 做|爱尔兰|人 ("be Irish"). Runs only on hits, which are rare.
   */
  private onWordBoundaries(text: string, start: number, length: number, language: string): boolean {
    let segmenter = this.segmenters.get(language);
    if (segmenter === undefined) {
      segmenter = new Intl.Segmenter(language, { granularity: 'word' });
      this.segmenters.set(language, segmenter);
    }
    // Segment a window around the hit: boundaries depend only on nearby characters.
    const windowStart = Math.max(0, start - 16);
    const window = text.slice(windowStart, start + length + 16);
    const boundaries = new Set<number>();
    for (const segment of segmenter.segment(window)) {
      boundaries.add(windowStart + segment.index);
      boundaries.add(windowStart + segment.index + segment.segment.length);
    }
    return boundaries.has(start) && boundaries.has(start + length);
  }
}

function scriptLanguage(term: string): string {
  if (/[\uac00-\ud7af]/u.test(term)) return 'ko';
  if (/[\u0e00-\u0e7f]/u.test(term)) return 'th';
  if (/[\u3040-\u30ff]/u.test(term)) return 'ja';
  return 'zh';
}
