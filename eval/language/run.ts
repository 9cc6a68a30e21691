import { pathToFileURL } from 'node:url';
import { EVAL_LANGUAGES, evalLanguage } from './languages.ts';
import { LINE_LENGTHS, cldrAnnotationSet, udhrHeldOutSet, uiStringSet, type LanguageTestSet, type LineLength } from './test-sets.ts';
import { ourDetector, peerDetectors, rawFastTextDetector, type EvalDetector } from './detectors.ts';
import { icuDisplayNameSet } from './icu-display-names-set.ts';
import { QUALITY_DOC_PATH, updateDocSection } from './update-doc-section.ts';

/**
 * Language-ID accuracy of this project, lid.176 alone and the npm peers on the same lines: per test
 * set, per length (sentence, word pair, single word), the mean over the in-set languages the set
 * has (a language counts for a length when it has at least MIN_LINES lines of it).
 */
const MIN_LINES = 10;

type Accuracy = Map<string, Record<LineLength, number | null>>;

interface SetResult {
  set: LanguageTestSet;
  /** Detector name → in-set ISO → accuracy per length. */
  accuracy: Map<string, Accuracy>;
  /** Our most frequent wrong answers per language (sentences). */
  confusions: Map<string, string[]>;
}

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);

async function scoreSet(set: LanguageTestSet, detectors: readonly EvalDetector[]): Promise<SetResult> {
  const accuracy = new Map<string, Accuracy>();
  const confusions = new Map<string, string[]>();
  for (const detector of detectors) {
    const byLanguage: Accuracy = new Map();
    for (const [iso, lines] of set.lines) {
      const row: Record<LineLength, number | null> = { sentence: null, pair: null, word: null };
      for (const length of LINE_LENGTHS) {
        const batch = lines[length];
        if (batch.length < MIN_LINES) continue;
        const answers = await detector.identify(batch);
        row[length] = answers.filter((answer) => answer === iso).length / batch.length;
        if (detector === detectors[0] && length === 'sentence') {
          const wrong = new Map<string, number>();
          for (const answer of answers) if (answer !== iso) wrong.set(answer ?? 'none', (wrong.get(answer ?? 'none') ?? 0) + 1);
          confusions.set(
            iso,
            [...wrong]
              .sort((left, right) => right[1] - left[1])
              .slice(0, 3)
              .map(([code, count]) => `${evalLanguage(code)?.name ?? code} ×${count}`),
          );
        }
      }
      byLanguage.set(iso, row);
    }
    accuracy.set(detector.name, byLanguage);
  }
  return { set, accuracy, confusions };
}

function meanOf(accuracy: Accuracy, length: LineLength): { value: number | null; languages: number } {
  const values = [...accuracy.values()].map((row) => row[length]).filter((value): value is number => value !== null);
  return { value: mean(values), languages: values.length };
}

const percent = (value: number | null): string => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

function setMarkdown(result: SetResult): string {
  const ours = result.accuracy.values().next().value as Accuracy;
  const lineCounts = LINE_LENGTHS.map((length) =>
    [...result.set.lines.values()].filter((lines) => lines[length].length >= MIN_LINES).reduce((sum, lines) => sum + lines[length].length, 0),
  );
  const header = LINE_LENGTHS.map((length, index) => `${length} (${meanOf(ours, length).languages} lang., ${lineCounts[index] ?? 0} lines)`);
  const summary = [...result.accuracy].map(
    ([name, accuracy]) => `| ${name} | ${LINE_LENGTHS.map((length) => percent(meanOf(accuracy, length).value)).join(' | ')} |`,
  );
  const detectorNames = [...result.accuracy.keys()];
  const perLanguage = EVAL_LANGUAGES.filter((language) => ours.has(language.iso)).map((language) => {
    const cells = LINE_LENGTHS.map((length) => {
      const own = ours.get(language.iso)?.[length] ?? null;
      const bestPeer = Math.max(...detectorNames.slice(1).map((name) => result.accuracy.get(name)?.get(language.iso)?.[length] ?? -1));
      return `${percent(own)} / ${percent(bestPeer < 0 ? null : bestPeer)}`;
    });
    return `| ${language.name} | ${cells.join(' | ')} | ${result.confusions.get(language.iso)?.join(', ') || '—'} |`;
  });
  return [
    `### ${result.set.name}`,
    '',
    result.set.description + '.',
    '',
    `| detector (mean over languages) | ${header.join(' | ')} |`,
    `|---|${LINE_LENGTHS.map(() => '---').join('|')}|`,
    ...summary,
    `| this project ahead of every other detector? | ${LINE_LENGTHS.map((length) => {
      const own = meanOf(ours, length).value ?? 0;
      const others = [...result.accuracy.values()].slice(1).map((accuracy) => meanOf(accuracy, length).value ?? 0);
      return own > Math.max(...others) ? 'yes' : 'no';
    }).join(' | ')} |`,
    '',
    '<details><summary>Per language: this project / best other detector on the same lines</summary>',
    '',
    `| language | ${LINE_LENGTHS.join(' | ')} | our sentence errors |`,
    `|---|${LINE_LENGTHS.map(() => '---').join('|')}|---|`,
    ...perLanguage,
    '',
    '</details>',
  ].join('\n');
}

export async function runLanguageEval(): Promise<SetResult[]> {
  const detectors = [await ourDetector(), await rawFastTextDetector(), ...(await peerDetectors())];
  const sets = [icuDisplayNameSet(), cldrAnnotationSet(), uiStringSet(), udhrHeldOutSet()];
  const results: SetResult[] = [];
  for (const set of sets) results.push(await scoreSet(set, detectors));
  return results;
}

export function languageEvalMarkdown(results: readonly SetResult[]): string {
  return [
    '## Language identification (eval/language)',
    '',
    'Accuracy of the language stage, of lid.176 alone and of the npm peers on the same lines, per test set and length; a mean is over the languages of the label set that the set has at that length (at least ' +
      `${MIN_LINES} lines). Answers outside the label set count as wrong. Produced by \`npm run eval -- language\`.`,
    '',
    'How to read this:',
    '',
    "- The stage is lid.176 combined with an n-gram model trained on the UDHR training half (preamble and odd articles) and stopwords-iso; its weights were chosen on a development split inside that training half (`eval/language/tune-ensemble.ts`). No test set below was used to choose anything; the set builders and the peers' code mapping were written before the model was scored on them.",
    '- `icu-display-names` is the held-out set of the short-text rules (close-language-markers.ts): it was built, scored once with the peers and frozen (its fingerprint is checked) before those rules were written, and nothing was chosen on it; its figures before those rules are in the note after this section.',
    '- `cldr-annotations` and `ui-strings` are the out-of-source estimates. `udhr-held-out` shares register and much vocabulary with the training half (the same declaration, other articles), so it flatters the n-gram model; franc is built from UDHR text too, which explains its score there. Quote the first two.',
    "- CLDR emoji names and UI strings are not chat prompts: they are short, noun-heavy and sometimes keep loanwords. No labelled real-chat set is included (the ShareGPT sample has no language labels); lingua's, FLORES' and Tatoeba's test data are not used.",
    "- The issue's targets (≥ 96 % sentences, ≥ 89 % word pairs, ≥ 75 % single words) are not met on the out-of-source sets; the tables below show by how much.",
    '',
    ...results.flatMap((result) => [setMarkdown(result), '']),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await runLanguageEval();
  updateDocSection(QUALITY_DOC_PATH, 'language-eval', languageEvalMarkdown(results));
  for (const result of results) {
    const lines = [...result.accuracy].map(
      ([name, accuracy]) => `  ${name.padEnd(24)} ${LINE_LENGTHS.map((length) => `${length} ${percent(meanOf(accuracy, length).value)}`).join('  ')}`,
    );
    console.log(`${result.set.name}\n${lines.join('\n')}`);
  }
}
