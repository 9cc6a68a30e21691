import type { LanguageAnnotation, LanguageDetector } from './language-stage.ts';
import { cleanTextForLanguage } from './clean-text-for-language.ts';
import { foldIntoLabelSet } from './closed-label-set.ts';
import { canonicalIsoCode, languageName } from './language-names.ts';

/**
 * The opt-in `--language-detector combined`: naive Bayes over the answers of the stage, eld and
 * cld3-asm. P(answer of detector d | true language c) is counted per line length on a development
 * split (eval/language/generate-combiner-counts.ts) and the answer is argmax_c Σ_d log P(answer_d | c)
 * with add-one smoothing and a uniform prior, as the experiment in eval/language/combiner-experiment.ts
 * measured it.
 */

/** eld and cld3-asm, loaded at the edge (src/resources); each returns its own language code or null. */
import type { PeerLanguageDetectors } from '../data-packages.ts';

export type LineLength = 'sentence' | 'pair' | 'word';
export const LINE_LENGTHS: readonly LineLength[] = ['sentence', 'pair', 'word'];

/** Detector order of the count tables. */
export const COMBINED_DETECTORS = ['stage', 'eld', 'cld3'] as const;
export const NO_ANSWER = 'none';

/** Counts of the detectors' answers per true language, per line length; the generated data module has this shape. */
export interface CombinerCounts {
  /** The candidate languages (the closed label set the tables were counted over). */
  labels: readonly string[];
  lengths: Record<
    LineLength,
    {
      /** Lines per true language. */
      totals: Readonly<Record<string, number>>;
      /** One table per detector, in COMBINED_DETECTORS order: true language → answer → count. */
      answers: ReadonlyArray<Readonly<Record<string, Readonly<Record<string, number>>>>>;
    }
  >;
}

// Spellings the peers use for in-set languages that lid.176's aliases do not cover.
const PEER_ALIASES: Readonly<Record<string, string>> = { iw: 'he', fil: 'tl', 'zh-cn': 'zh', 'zh-tw': 'zh', 'zh-latn': 'zh', 'ja-latn': 'ja' };

/** The in-set code a peer's answer stands for, or NO_ANSWER; training and detection share it. */
export function peerAnswer(code: string | null): string {
  if (code === null || code === '') return NO_ANSWER;
  const lower = code.toLowerCase();
  return foldIntoLabelSet(PEER_ALIASES[lower] ?? canonicalIsoCode(lower)) ?? NO_ANSWER;
}

const NO_SPACE_LANGUAGES: ReadonlySet<string> = new Set(['zh', 'ja', 'th']);

/** The line length the tables were counted for: words, or letters for scripts written without spaces. */
export function lineLengthOf(text: string, iso: string | null): LineLength {
  if (iso !== null && NO_SPACE_LANGUAGES.has(iso)) {
    const letters = [...text.replace(/[^\p{L}\p{M}]/gu, '')].length;
    return letters <= 2 ? 'word' : letters <= 4 ? 'pair' : 'sentence';
  }
  let count = 0;
  for (const word of text.split(/\s+/)) {
    if (/\p{L}/u.test(word) && !/\d/.test(word) && (count += 1) > 2) break;
  }
  return count <= 1 ? 'word' : count === 2 ? 'pair' : 'sentence';
}

/** Log-probability tables of one length, built once from the counts. */
interface LengthModel {
  /** Per detector: language index → answer → log P. */
  logP: Array<Array<Map<string, number>>>;
  /** Per detector and language: log P of an answer never seen for it. */
  unseen: Float64Array[];
}

export interface CombinerModel {
  labels: readonly string[];
  byLength: Record<LineLength, LengthModel>;
}

export function combinerModel(counts: CombinerCounts): CombinerModel {
  const outcomes = counts.labels.length + 1;
  const build = (length: LineLength): LengthModel => {
    const table = counts.lengths[length];
    return {
      logP: COMBINED_DETECTORS.map((_, detector) =>
        counts.labels.map((label) => {
          const total = table.totals[label] ?? 0;
          const row = new Map<string, number>();
          for (const [answer, count] of Object.entries(table.answers[detector]?.[label] ?? {})) row.set(answer, Math.log((count + 1) / (total + outcomes)));
          return row;
        }),
      ),
      unseen: COMBINED_DETECTORS.map(() => Float64Array.from(counts.labels, (label) => Math.log(1 / ((table.totals[label] ?? 0) + outcomes)))),
    };
  };
  return { labels: counts.labels, byLength: { sentence: build('sentence'), pair: build('pair'), word: build('word') } };
}

export interface CombinedAnswer {
  iso: string;
  /** The winner's posterior under the uniform prior. */
  confidence: number;
  runnerUp: number;
}

/** argmax over the labels of Σ_d log P(answers[d] | label); ties go to the earlier label. */
export function combineAnswers(model: CombinerModel, length: LineLength, answers: readonly string[]): CombinedAnswer {
  const tables = model.byLength[length];
  const scores = new Float64Array(model.labels.length);
  let best = 0;
  for (let label = 0; label < model.labels.length; label += 1) {
    let score = 0;
    for (let detector = 0; detector < answers.length; detector += 1) {
      score += tables.logP[detector]?.[label]?.get(answers[detector] ?? NO_ANSWER) ?? tables.unseen[detector]?.[label] ?? 0;
    }
    scores[label] = score;
    if (score > (scores[best] ?? -Infinity)) best = label;
  }
  const top = scores[best] ?? 0;
  let sum = 0;
  let second = 0;
  for (let label = 0; label < scores.length; label += 1) {
    const weight = Math.exp((scores[label] ?? -Infinity) - top);
    sum += weight;
    if (label !== best && weight > second) second = weight;
  }
  return { iso: model.labels[best] ?? 'en', confidence: 1 / sum, runnerUp: second / sum };
}

const UNSURE_BELOW = 0.6;
const UNSURE_MARGIN = 0.2;
const PEER_CHARACTERS = 400;

/**
 * Wraps the stage's detector: blank and letterless messages keep the stage's Nolang; every other
 * message is decided by the combiner from the three answers.
 */
export function createCombinedDetector(stage: LanguageDetector, peers: PeerLanguageDetectors, model: CombinerModel): LanguageDetector {
  return {
    detect(text) {
      const own = stage.detect(text);
      if (own.method === 'blank' || own.method === 'no-letters') return own;
      // The peers see what the stage judged: the start of the message without code and URLs.
      const head = text.length > PEER_CHARACTERS * 3 ? text.slice(0, PEER_CHARACTERS * 3) : text;
      const cleaned = cleanTextForLanguage(head).slice(0, PEER_CHARACTERS);
      const sample = cleaned.trim() === '' ? head.slice(0, PEER_CHARACTERS) : cleaned;
      const answers = [own.iso ?? NO_ANSWER, peerAnswer(peers.eld(sample)), peerAnswer(peers.cld3(sample))];
      const combined = combineAnswers(model, lineLengthOf(sample, own.iso), answers);
      const confidence = Math.round(combined.confidence * 1e4) / 1e4;
      const annotation: LanguageAnnotation = {
        language: languageName(combined.iso),
        iso: combined.iso,
        confidence,
        method: 'model',
        unsure: combined.confidence < UNSURE_BELOW || combined.confidence - combined.runnerUp < UNSURE_MARGIN,
      };
      return annotation;
    },
  };
}
