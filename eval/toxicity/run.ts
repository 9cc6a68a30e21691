/**
 * Precision and recall of the offline moderation backend ('local-lexicon-v1': `flagged`) on
 * third-party labelled data in ../shared/data/toxicity (read at run time, never copied):
 * - Davidson et al. tweets: class 0 (hate) and 1 (offensive) count as toxic, 2 (neither) not;
 * - Jigsaw samples: a row is toxic when any of its six labels is 1; test rows labelled -1 are unscored.
 * Skips with a message when the folder is absent (a fresh clone has no ../shared).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { LocalModerationStage } from '../../src/pipeline/moderation/local-moderation-stage.ts';
import type { WildChatModeration } from '../../src/pipeline/moderation/moderation-result.ts';
import { parseCsv } from '../../src/pipeline/jailbreak/parse-csv.ts';
import { QUALITY_DOC_PATH, updateDocSection } from '../language/update-doc-section.ts';

export interface BinaryScore {
  examples: number;
  positives: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ToxicityDatasetResult extends BinaryScore {
  name: string;
  /** Recall per label group (e.g. Davidson hate vs offensive). */
  recallByGroup: Record<string, { examples: number; recall: number }>;
  messagesPerSecond: number;
}

export type ToxicityEvalResult =
  | { skipped: true; reason: string }
  | { skipped: false; date: string; datasets: ToxicityDatasetResult[] };

interface LabelledText {
  text: string;
  toxic: boolean;
  group: string;
}

const labelSchema = z.coerce.number().int();

export function defaultDataDirectory(): string {
  return path.resolve('..', 'shared', 'data');
}

function readRows(file: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (header === undefined) return [];
  return rows.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? ''])));
}

function loadDavidson(file: string): LabelledText[] {
  return readRows(file).map((row) => {
    const label = labelSchema.parse(row.class);
    return { text: row.tweet ?? '', toxic: label === 0 || label === 1, group: label === 0 ? 'hate' : label === 1 ? 'offensive' : 'neither' };
  });
}

const JIGSAW_LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'] as const;

function loadJigsaw(file: string): LabelledText[] {
  const examples: LabelledText[] = [];
  for (const row of readRows(file)) {
    const labels = JIGSAW_LABELS.map((label) => labelSchema.parse(row[label]));
    if (labels.some((label) => label < 0)) continue;
    const toxic = labels.some((label) => label === 1);
    const group = toxic ? (JIGSAW_LABELS.filter((_, index) => labels[index] === 1).includes('threat') ? 'threat' : 'toxic') : 'clean';
    examples.push({ text: row.comment_text ?? '', toxic, group });
  }
  return examples;
}

function score(name: string, examples: readonly LabelledText[], stage: LocalModerationStage): ToxicityDatasetResult {
  const started = performance.now();
  const flagged = examples.map((example) => {
    const item = stage.moderateText(example.text);
    return 'flagged' in item && (item as WildChatModeration).flagged;
  });
  const seconds = (performance.now() - started) / 1000;
  let truePositives = 0;
  let falsePositives = 0;
  const groups: Record<string, { examples: number; hits: number }> = {};
  examples.forEach((example, index) => {
    const hit = flagged[index] === true;
    if (hit && example.toxic) truePositives += 1;
    if (hit && !example.toxic) falsePositives += 1;
    const group = (groups[example.group] ??= { examples: 0, hits: 0 });
    group.examples += 1;
    if (hit) group.hits += 1;
  });
  const positives = examples.filter((example) => example.toxic).length;
  const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = positives === 0 ? 0 : truePositives / positives;
  return {
    name,
    examples: examples.length,
    positives,
    truePositives,
    falsePositives,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    // For 'neither'/'clean' groups this is the flag rate, i.e. the false-positive rate.
    recallByGroup: Object.fromEntries(Object.entries(groups).map(([group, value]) => [group, { examples: value.examples, recall: value.hits / value.examples }])),
    messagesPerSecond: examples.length / Math.max(seconds, 1e-9),
  };
}

export async function runToxicityEval(options: { dataDirectory?: string } = {}): Promise<ToxicityEvalResult> {
  const directory = path.join(options.dataDirectory ?? defaultDataDirectory(), 'toxicity');
  if (!fs.existsSync(directory)) return { skipped: true, reason: `no toxicity data at ${path.relative(process.cwd(), directory) || directory}` };
  const stage = new LocalModerationStage();
  const datasets: ToxicityDatasetResult[] = [];
  const davidson = path.join(directory, 'davidson_labeled_data.csv');
  if (fs.existsSync(davidson)) datasets.push(score('Davidson et al. tweets (hate + offensive = toxic)', loadDavidson(davidson), stage));
  const jigsaw = fs
    .readdirSync(directory)
    .filter((file) => /^jigsaw_sample_.*\.csv$/.test(file))
    .sort()
    .flatMap((file) => loadJigsaw(path.join(directory, file)));
  if (jigsaw.length > 0) datasets.push(score('Jigsaw samples (any label = toxic)', jigsaw, stage));
  if (datasets.length === 0) return { skipped: true, reason: 'toxicity folder has none of the expected files' };
  return { skipped: false, date: new Date().toISOString().slice(0, 10), datasets };
}

const fixed = (value: number) => value.toFixed(3);

export function toxicityEvalMarkdown(result: ToxicityEvalResult): string {
  if (result.skipped) return `## Toxicity: local moderation backend (eval/toxicity)\n\nSkipped: ${result.reason}.`;
  const rows = result.datasets.map(
    (dataset) =>
      `| ${dataset.name} | ${dataset.examples} | ${dataset.positives} | ${fixed(dataset.precision)} | ${fixed(dataset.recall)} | ${fixed(dataset.f1)} | ${Object.entries(dataset.recallByGroup)
        .map(([group, value]) => `${group} ${fixed(value.recall)} (n=${value.examples})`)
        .join(', ')} | ${Math.round(dataset.messagesPerSecond).toLocaleString('en-US')} |`,
  );
  return [
    '## Toxicity: local moderation backend (eval/toxicity)',
    '',
    `Run ${result.date}. Backend \`local-lexicon-v1\` (obscenity 0.4.6 + naughty-words 1.2.0 + our phrase rules), score = its \`flagged\`. Data read from \`../shared/data/toxicity\` at run time. Neither data set was used to write rules or word classes.`,
    '',
    '| data set | n | toxic | precision | recall | F1 | flag rate per group | messages/s |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'How to read this: the local backend is a lexicon + phrase-rule heuristic, not a classifier. It flags profanity, slurs, targeted insults, threats, self-harm and explicit sexual wording; it misses toxicity without such words (sarcasm, coded hate, insults in unusual spellings). Davidson labels most tweets containing "bitch"/"hoe" as offensive, so lexicon recall there is high by construction; on Jigsaw (Wikipedia talk pages) the labels are broader. For the paper\'s toxic flag, configure an OpenAI-compatible moderation endpoint and a Detoxify endpoint; the release records which source produced the scores. The flag rate of the `neither`/`clean` group is the false-positive rate on that data.',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runToxicityEval();
  updateDocSection(QUALITY_DOC_PATH, 'toxicity-eval', toxicityEvalMarkdown(result));
  if (result.skipped) console.log(`toxicity: skipped (${result.reason})`);
  else for (const dataset of result.datasets) console.log(`toxicity: ${dataset.name}: precision ${fixed(dataset.precision)}, recall ${fixed(dataset.recall)}, n=${dataset.examples}`);
}
