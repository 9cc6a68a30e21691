/**
 * `node --import tsx eval/language/combiner-experiment.ts`: does a learned combination of the npm
 * detectors (this project's stage, lid.176, eld, cld3-asm, franc) beat the stage alone?
 *
 * The combiner is naive Bayes over the detectors' answers: per line length (sentence, pair, word, which
 * the stage can tell from the input), P(answer of detector d | true language c) is counted on a
 * development split with add-one smoothing, and the answer is argmax_c Σ_d log P(answer_d | c) with a
 * uniform prior (the metric is the mean over languages). Two development splits, each scored only on
 * data it never saw:
 * - `udhr-dev`: UDHR articles 3, 7, 11, … with the stage's n-gram model retrained without them (as in
 *   tune-ensemble.ts); scored on the UDHR held-out half, CLDR and UI strings. franc is built from UDHR
 *   text, so this split over-trusts franc.
 * - `cldr-dev`: a hash half of the CLDR lines; scored on the other CLDR half, UI strings and UDHR held-out.
 * Also prints each detector's speed in lines per CPU-second on the UDHR held-out sentences.
 */
import { eld } from 'eld/large';
import { franc } from 'franc-all';
import { loadModule } from 'cld3-asm';
import { createLanguageDetector, loadLanguageModel, loadLanguageModels } from '../../src/pipeline/language/language-stage.ts';
import { countFeatures, modelFromCounts } from '../../src/pipeline/language/ngram-model.ts';
import { foldIntoLabelSet } from '../../src/pipeline/language/closed-label-set.ts';
import { canonicalIsoCode } from '../../src/pipeline/language/language-names.ts';
import { EVAL_LANGUAGES, inSetCode } from './languages.ts';
import { LINE_LENGTHS, cldrAnnotationSet, udhrHeldOutSet, udhrLines, uiStringSet, type LineLength } from './test-sets.ts';
import { trainingCorpora } from './training-corpora.ts';

type Identify = (line: string) => string | null;
interface Labelled {
  iso: string;
  length: LineLength;
  line: string;
}
type LineSet = Map<string, Record<LineLength, string[]>>;

const DETECTOR_NAMES = ['stage', 'lid.176', 'eld', 'cld3', 'franc'] as const;
const LABELS = EVAL_LANGUAGES.map((language) => language.iso);
const NONE = 'none';

function flatten(set: LineSet): Labelled[] {
  const result: Labelled[] = [];
  for (const [iso, byLength] of set) for (const length of LINE_LENGTHS) for (const line of byLength[length]) result.push({ iso, length, line });
  return result;
}

/** FNV-1a: a stable half split of a set's lines that does not depend on their order. */
function inFirstHalf(line: string): boolean {
  let hash = 0x811c9dc5;
  for (let index = 0; index < line.length; index += 1) hash = Math.imul(hash ^ line.charCodeAt(index), 0x01000193);
  return (hash & 1) === 0;
}

function split(set: LineSet, keep: (line: string) => boolean): LineSet {
  const result: LineSet = new Map();
  for (const [iso, byLength] of set) {
    const kept: Record<LineLength, string[]> = { sentence: [], pair: [], word: [] };
    for (const length of LINE_LENGTHS) kept[length] = byLength[length].filter(keep);
    result.set(iso, kept);
  }
  return result;
}

const fastText = await loadLanguageModel();
const shipped = await loadLanguageModels();
const cld = (await loadModule()).create(0, 1000);
const peers: Record<Exclude<(typeof DETECTOR_NAMES)[number], 'stage'>, Identify> = {
  'lid.176': (line) => {
    const top = [...fastText.predict(line.replace(/\s+/g, ' ').toLowerCase(), 1, 0).keys()][0];
    return top === undefined ? null : foldIntoLabelSet(canonicalIsoCode(top.slice('__label__'.length)));
  },
  eld: (line) => inSetCode(eld.detect(line).language || ''),
  cld3: (line) => inSetCode(cld.findLanguage(line).language),
  franc: (line) => inSetCode(franc(line, { minLength: 1 })),
};

function answersOf(lines: readonly Labelled[], stage: Identify): string[][] {
  return lines.map(({ line }) => [stage(line), ...Object.values(peers).map((identify) => identify(line))].map((answer) => answer ?? NONE));
}

/** Log P(answer | language) per length and detector, add-one smoothed over the labels plus "none". */
type Model = Map<LineLength, Array<Map<string, Map<string, number>>>>;

function train(lines: readonly Labelled[], answers: readonly string[][]): Model {
  const counts = new Map<LineLength, Array<Map<string, Map<string, number>>>>();
  const totals = new Map<string, number>();
  for (const length of LINE_LENGTHS)
    counts.set(
      length,
      DETECTOR_NAMES.map(() => new Map()),
    );
  lines.forEach(({ iso, length }, index) => {
    totals.set(`${length}/${iso}`, (totals.get(`${length}/${iso}`) ?? 0) + 1);
    answers[index]?.forEach((answer, detector) => {
      const table = counts.get(length)?.[detector];
      if (!table) return;
      const row = table.get(iso) ?? new Map<string, number>();
      row.set(answer, (row.get(answer) ?? 0) + 1);
      table.set(iso, row);
    });
  });
  const outcomes = LABELS.length + 1;
  const model: Model = new Map();
  for (const length of LINE_LENGTHS)
    model.set(
      length,
      DETECTOR_NAMES.map((_, detector) => {
        const table = new Map<string, Map<string, number>>();
        for (const iso of LABELS) {
          const total = totals.get(`${length}/${iso}`) ?? 0;
          const row = new Map<string, number>();
          for (const [answer, count] of counts.get(length)?.[detector]?.get(iso) ?? []) row.set(answer, Math.log((count + 1) / (total + outcomes)));
          row.set('', Math.log(1 / (total + outcomes)));
          table.set(iso, row);
        }
        return table;
      }),
    );
  return model;
}

function combine(model: Model, length: LineLength, answers: readonly string[], use: readonly number[]): string {
  const tables = model.get(length) ?? [];
  let best = '';
  let bestScore = -Infinity;
  for (const iso of LABELS) {
    let score = 0;
    for (const detector of use) {
      const row = tables[detector]?.get(iso);
      score += row?.get(answers[detector] ?? NONE) ?? row?.get('') ?? 0;
    }
    if (score > bestScore) {
      bestScore = score;
      best = iso;
    }
  }
  return best;
}

/** Mean over languages with at least 10 lines of that length, as eval/language/run.ts reports. */
function meanAccuracy(lines: readonly Labelled[], predicted: readonly string[]): Record<LineLength, number> {
  const result: Record<LineLength, number> = { sentence: 0, pair: 0, word: 0 };
  for (const length of LINE_LENGTHS) {
    const perLanguage = new Map<string, [number, number]>();
    lines.forEach((item, index) => {
      if (item.length !== length) return;
      const entry = perLanguage.get(item.iso) ?? [0, 0];
      entry[0] += predicted[index] === item.iso ? 1 : 0;
      entry[1] += 1;
      perLanguage.set(item.iso, entry);
    });
    const values = [...perLanguage.values()].filter(([, total]) => total >= 10).map(([right, total]) => right / total);
    result[length] = values.reduce((sum, value) => sum + value, 0) / values.length;
  }
  return result;
}

const format = (accuracy: Record<LineLength, number>): string => LINE_LENGTHS.map((length) => `${(accuracy[length] * 100).toFixed(1)}%`).join(' / ');

const developmentStage = createLanguageDetector({
  fastText,
  ngram: modelFromCounts(countFeatures(trainingCorpora((article) => article === 0 || article % 4 === 1))),
});
const shippedStage = createLanguageDetector(shipped);
const stage: Identify = (line) => shippedStage.detect(line).iso;
/** Whether the shipped stage flags its answer as unsure: the back-off consults the other detectors only then. */
const unsureOf = (lines: readonly Labelled[]): boolean[] => lines.map(({ line }) => shippedStage.detect(line).unsure);

const cldr = cldrAnnotationSet().lines;
const sets = {
  'udhr-dev': flatten(udhrLines((article) => article % 4 === 3)),
  'udhr-held-out': flatten(udhrHeldOutSet().lines),
  cldr: flatten(cldr),
  'cldr-dev-half': flatten(split(cldr, inFirstHalf)),
  'cldr-test-half': flatten(split(cldr, (line) => !inFirstHalf(line))),
  'ui-strings': flatten(uiStringSet().lines),
};
const answers = {
  'udhr-dev': answersOf(sets['udhr-dev'], (line) => developmentStage.detect(line).iso),
  'udhr-held-out': answersOf(sets['udhr-held-out'], stage),
  cldr: answersOf(sets.cldr, stage),
  'cldr-dev-half': answersOf(sets['cldr-dev-half'], stage),
  'cldr-test-half': answersOf(sets['cldr-test-half'], stage),
  'ui-strings': answersOf(sets['ui-strings'], stage),
};

const SUBSETS: Array<[string, number[]]> = [
  ['stage + lid.176 + eld + cld3 + franc', [0, 1, 2, 3, 4]],
  ['stage + eld + cld3', [0, 2, 3]],
  ['stage + eld', [0, 2]],
  ['stage + cld3', [0, 3]],
  ['stage + franc', [0, 4]],
  ['lid.176 + eld + cld3 + franc (no stage)', [1, 2, 3, 4]],
];
const EXPERIMENTS: Array<[string, keyof typeof sets, Array<keyof typeof sets>]> = [
  ['udhr-dev', 'udhr-dev', ['udhr-held-out', 'cldr', 'ui-strings']],
  ['cldr-dev-half', 'cldr-dev-half', ['cldr-test-half', 'ui-strings', 'udhr-held-out']],
];

for (const [name, development, tests] of EXPERIMENTS) {
  const model = train(sets[development], answers[development]);
  console.log(`\nCombiner trained on ${name} (${sets[development].length} lines); sentence / pair / word, mean over languages`);
  for (const test of tests) {
    console.log(`  ${test} (${sets[test].length} lines)`);
    DETECTOR_NAMES.forEach((detector, index) =>
      console.log(
        `    ${detector.padEnd(44)} ${format(
          meanAccuracy(
            sets[test],
            answers[test].map((row) => row[index] ?? NONE),
          ),
        )}`,
      ),
    );
    const unsure = unsureOf(sets[test]);
    for (const [label, use] of SUBSETS) {
      const predicted = sets[test].map((item, index) => combine(model, item.length, answers[test][index] ?? [], use));
      console.log(`    NB ${label.padEnd(41)} ${format(meanAccuracy(sets[test], predicted))}`);
      if (use[0] !== 0) continue;
      const backedOff = predicted.map((answer, index) => (unsure[index] ? answer : (answers[test][index]?.[0] ?? NONE)));
      console.log(`    back-off ${label.padEnd(35)} ${format(meanAccuracy(sets[test], backedOff))}`);
    }
    const share = unsure.filter(Boolean).length / unsure.length;
    console.log(`    (stage unsure on ${(share * 100).toFixed(1)}% of the lines: the back-off runs the others on those only)`);
  }
}

// Speed: lines per CPU-second (user + system) for each detector over the same sentences, in one run.
const sentences = sets['udhr-held-out'].filter((item) => item.length === 'sentence').map((item) => item.line);
console.log(`\nSpeed over ${sentences.length} UDHR held-out sentences (lines per CPU-second, user+sys; wall for reference)`);
const timed: Array<[string, Identify]> = [['stage', stage], ...Object.entries(peers)];
for (const [name, identify] of timed) {
  for (const line of sentences.slice(0, 200)) identify(line);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let round = 0; round < 3; round += 1) for (const line of sentences) identify(line);
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  const wallSeconds = (performance.now() - wall) / 1000;
  console.log(
    `  ${name.padEnd(10)} ${((sentences.length * 3) / seconds).toFixed(0)} lines/CPU-s  (${seconds.toFixed(2)} CPU-s, ${wallSeconds.toFixed(2)} s wall)`,
  );
}
