/**
 * Script-based guesses for text too short (or too code-heavy) for the statistical model, and a
 * sanity check on the model: a string written in Hangul is Korean whatever a 3-letter n-gram
 * model says. Scripts used by many languages (Latin, Cyrillic, Arabic, Devanagari) fall back
 * to their most common language unless a letter unique to another language appears.
 */
interface ScriptRule {
  script: string;
  pattern: RegExp;
  /** Language a text in this script is assumed to be in, or a resolver for shared scripts. */
  language: (text: string) => string;
  /** True when the script is written by (practically) one language only. */
  unique: boolean;
}

const SCRIPT_RULES: readonly ScriptRule[] = [
  { script: 'Hangul', pattern: /\p{Script=Hangul}/u, language: () => 'ko', unique: true },
  { script: 'Kana', pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u, language: () => 'ja', unique: true },
  { script: 'Han', pattern: /\p{Script=Han}/u, language: () => 'zh', unique: true },
  { script: 'Thai', pattern: /\p{Script=Thai}/u, language: () => 'th', unique: true },
  { script: 'Greek', pattern: /\p{Script=Greek}/u, language: () => 'el', unique: true },
  { script: 'Hebrew', pattern: /\p{Script=Hebrew}/u, language: (text) => (/[ײװױ]/.test(text) ? 'yi' : 'he'), unique: false },
  { script: 'Georgian', pattern: /\p{Script=Georgian}/u, language: () => 'ka', unique: true },
  { script: 'Armenian', pattern: /\p{Script=Armenian}/u, language: () => 'hy', unique: true },
  { script: 'Ethiopic', pattern: /\p{Script=Ethiopic}/u, language: () => 'am', unique: false },
  { script: 'Khmer', pattern: /\p{Script=Khmer}/u, language: () => 'km', unique: true },
  { script: 'Lao', pattern: /\p{Script=Lao}/u, language: () => 'lo', unique: true },
  { script: 'Myanmar', pattern: /\p{Script=Myanmar}/u, language: () => 'my', unique: true },
  { script: 'Sinhala', pattern: /\p{Script=Sinhala}/u, language: () => 'si', unique: true },
  { script: 'Tamil', pattern: /\p{Script=Tamil}/u, language: () => 'ta', unique: true },
  { script: 'Telugu', pattern: /\p{Script=Telugu}/u, language: () => 'te', unique: true },
  { script: 'Kannada', pattern: /\p{Script=Kannada}/u, language: () => 'kn', unique: true },
  { script: 'Malayalam', pattern: /\p{Script=Malayalam}/u, language: () => 'ml', unique: true },
  { script: 'Gujarati', pattern: /\p{Script=Gujarati}/u, language: () => 'gu', unique: true },
  { script: 'Gurmukhi', pattern: /\p{Script=Gurmukhi}/u, language: () => 'pa', unique: true },
  { script: 'Oriya', pattern: /\p{Script=Oriya}/u, language: () => 'or', unique: true },
  { script: 'Tibetan', pattern: /\p{Script=Tibetan}/u, language: () => 'bo', unique: true },
  { script: 'Bengali', pattern: /\p{Script=Bengali}/u, language: () => 'bn', unique: false },
  { script: 'Devanagari', pattern: /\p{Script=Devanagari}/u, language: () => 'hi', unique: false },
  {
    script: 'Arabic',
    pattern: /\p{Script=Arabic}/u,
    unique: false,
    language: (text) => (/[ٹڈڑںےھ]/.test(text) ? 'ur' : /[پچژگکی]/.test(text) ? 'fa' : 'ar'),
  },
  {
    script: 'Cyrillic',
    pattern: /\p{Script=Cyrillic}/u,
    unique: false,
    language: (text) =>
      /[іїєґІЇЄҐ]/.test(text)
        ? 'uk'
        : /[ўЎ]/.test(text)
          ? 'be'
          : /[ѓќѕЃЌЅ]/.test(text)
            ? 'mk'
            : /[ђћЂЋ]/.test(text)
              ? 'sr'
              : /[әғқңұһӘҒҚҢҰҺ]/.test(text)
                ? 'kk'
                : /[үөҮӨ]/.test(text)
                  ? 'mn'
                  : 'ru',
  },
  { script: 'Latin', pattern: /\p{Script=Latin}/u, language: () => 'en', unique: false },
];

const LETTER = /\p{L}/u;

export interface ScriptGuess {
  script: string;
  isoCode: string;
  /** Share of the letters written in this script (0..1). */
  share: number;
  unique: boolean;
}

/** The dominant script of the letters in `text` and the language it suggests, or null without letters. */
export function guessByScript(text: string): ScriptGuess | null {
  const counts = new Map<ScriptRule, number>();
  let total = 0;
  let latinCount = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 128) {
      // ASCII letters are Latin; skip the per-script tests for them.
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
        total += 1;
        latinCount += 1;
      }
      continue;
    }
    const codePoint = text.codePointAt(index) ?? code;
    if (codePoint > 0xffff) index += 1;
    const letter = String.fromCodePoint(codePoint);
    if (!LETTER.test(letter)) continue;
    total += 1;
    for (const rule of SCRIPT_RULES) {
      if (rule.pattern.test(letter)) {
        counts.set(rule, (counts.get(rule) ?? 0) + 1);
        break;
      }
    }
  }
  const latin = SCRIPT_RULES[SCRIPT_RULES.length - 1] as ScriptRule;
  if (latinCount > 0) counts.set(latin, (counts.get(latin) ?? 0) + latinCount);
  if (total === 0) return null;
  // Japanese mixes Kana and Han; any Kana at all makes Han-heavy text Japanese.
  const kana = [...counts.entries()].find(([rule]) => rule.script === 'Kana');
  const han = [...counts.entries()].find(([rule]) => rule.script === 'Han');
  if (kana && han) {
    counts.set(kana[0], kana[1] + han[1]);
    counts.delete(han[0]);
  }
  let best: [ScriptRule, number] | null = null;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  if (!best) return null;
  const [rule, count] = best;
  return { script: rule.script, isoCode: rule.language(text), share: count / total, unique: rule.unique };
}
