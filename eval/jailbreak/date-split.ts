/**
 * Does jailbreak tagging generalise to prompts written later than what it was built from? The
 * in-the-wild file (../shared/data/jailbreak, Shen et al., MIT; read at run time, never copied) is
 * split by `created_at`, never by random row: prompts before SPLIT_DATE are the development part,
 * prompts from SPLIT_DATE on the test part. Compared on the test part, with false positives on
 * benign prompts the systems never saw:
 * - the shipped detector (signatures + structure; built without the file's text, but its logistic
 *   midpoint was chosen looking at whole-file aggregates, so the test part is not fully unseen);
 * - similarity to known templates: the MinHash template matcher loaded with the development part
 *   (what an operator gets from `--jailbreak-templates`);
 * - a hashed n-gram logistic regression trained here on the development part against the user
 *   turns of the even-numbered ShareGPT conversations (its threshold set for ≤ 1 % false
 *   positives on those training negatives); it is evaluated on the odd-numbered ones;
 * - combinations (either system tags).
 */
import fs from 'node:fs';
import path from 'node:path';
import xxhash from 'xxhash-wasm';
import { z } from 'zod';
import { JailbreakDetector } from '../../src/pipeline/jailbreak/jailbreak-detector.ts';
import { HashedNgramClassifier } from '../../src/pipeline/jailbreak/hashed-ngram-classifier.ts';
import { JailbreakTemplateMatcher } from '../../src/pipeline/jailbreak/jailbreak-template-matcher.ts';
import { parseCsv } from '../../src/pipeline/jailbreak/parse-csv.ts';
import { BENIGN_EDGY_PROMPTS } from './benign-prompts.ts';
import { BENIGN_UNTUNED_NEGATIVES } from './benign-untuned-negatives.ts';
import { BENIGN_RISKY_AFTER_FREEZE } from './benign-risky-after-freeze.ts';
import { OWN_JAILBREAKS_NEW_STYLES } from './own-jailbreaks-new-styles.ts';
import { OWN_SAFE_PROMPTS_OVER_REFUSAL } from './own-safe-prompts-over-refusal.ts';
import { OWN_JAILBREAKS_AFTER_FREEZE, OWN_SAFE_AFTER_FREEZE } from './own-after-freeze-v4.ts';

/** Jailbreaks we wrote in styles the file lacks: a recall check outside the file. */
const OWN_JAILBREAK_SETS: Readonly<Record<string, readonly string[]>> = {
  'our new-style jailbreaks (n=30; v4 cues partly adjusted on them)': OWN_JAILBREAKS_NEW_STYLES,
  'our new-style jailbreaks written after freezing v4 (n=15)': OWN_JAILBREAKS_AFTER_FREEZE,
};

export const SPLIT_DATE = '2023-04-07';

export interface DateSplitLine {
  system: string;
  /** Recall on the test part (prompts dated from SPLIT_DATE on). */
  recall: number;
  /** Recall on test prompts under 500 characters. */
  shortRecall: number;
  /** False-positive rates on benign sets. */
  benign: Record<string, number>;
  /** Recall on jailbreaks we wrote ourselves, by set. */
  own: Record<string, number>;
}

export interface DateSplitResult {
  development: { prompts: number; from: string; to: string };
  test: { prompts: number; short: number; from: string; to: string };
  benignSets: Record<string, { size: number; source: string }>;
  lines: DateSplitLine[];
}

interface DatedPrompt {
  prompt: string;
  createdAt: string;
}

const shareGptLineSchema = z.object({ conversations: z.array(z.object({ from: z.string(), value: z.string() })) });

function shareGptUserTurns(file: string): { even: string[]; odd: string[] } {
  const even: string[] = [];
  const odd: string[] = [];
  let conversation = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim().length === 0) continue;
    const parsed = shareGptLineSchema.safeParse(JSON.parse(line));
    conversation += 1;
    if (!parsed.success) continue;
    for (const message of parsed.data.conversations) {
      if (message.from === 'human' && message.value.length > 0) (conversation % 2 === 0 ? even : odd).push(message.value);
    }
  }
  return { even, odd };
}

function loadDated(file: string): DatedPrompt[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (header === undefined) return [];
  const prompt = header.indexOf('prompt');
  const created = header.indexOf('created_at');
  return rows
    .map((row) => ({ prompt: row[prompt] ?? '', createdAt: row[created] ?? '' }))
    .filter((row) => row.prompt.trim().length > 0 && row.createdAt.length >= 10);
}

type Tagger = (text: string) => boolean;

export async function runDateSplitEval(dataDirectory: string): Promise<DateSplitResult | null> {
  const file = path.join(dataDirectory, 'jailbreak', 'jailbreak_prompts_2023_05_07.csv');
  const shareGptFile = path.join(dataDirectory, 'chatlogs', 'sharegpt_sample_1000.jsonl');
  if (!fs.existsSync(file) || !fs.existsSync(shareGptFile)) return null;
  const prompts = loadDated(file).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const development = prompts.filter((row) => row.createdAt < SPLIT_DATE);
  const test = prompts.filter((row) => row.createdAt >= SPLIT_DATE);
  const shareGpt = shareGptUserTurns(shareGptFile);

  const detector = new JailbreakDetector();
  const hasher = await xxhash();
  const templates = new JailbreakTemplateMatcher(
    development.map((row, index) => ({ name: `dev-${index}`, prompt: row.prompt })),
    { hasher, threshold: 0.3 },
  );
  const classifier = new HashedNgramClassifier();
  classifier.train([...development.map((row) => row.prompt), ...shareGpt.even], [...development.map(() => true), ...shareGpt.even.map(() => false)]);
  const trainingNegativeScores = shareGpt.even.map((turn) => classifier.score(turn)).sort((a, b) => b - a);
  const classifierThreshold = Math.max(0.5, trainingNegativeScores[Math.floor(trainingNegativeScores.length * 0.01)] ?? 0.5);

  const detectorTag: Tagger = (text) => detector.detect(text).tagged;
  const templateTag: Tagger = (text) => templates.match(text) !== null;
  const classifierTag: Tagger = (text) => classifier.score(text) >= classifierThreshold;
  const systems: Array<[string, Tagger]> = [
    ['shipped detector (signatures + structure)', detectorTag],
    ['templates: MinHash similarity to the development part (Jaccard ≥ 0.3)', templateTag],
    [`hashed n-gram logistic regression trained on the development part (threshold ${classifierThreshold.toFixed(2)})`, classifierTag],
    ...[0.8, 0.95, 0.99].map((threshold): [string, Tagger] => [`same classifier at threshold ${threshold}`, (text) => classifier.score(text) >= threshold]),
    ['detector or templates', (text) => detectorTag(text) || templateTag(text)],
    ['detector or templates or classifier', (text) => detectorTag(text) || templateTag(text) || classifierTag(text)],
  ];
  const benignSets: Record<string, { texts: readonly string[]; source: string }> = {
    'ShareGPT user turns, odd conversations': { texts: shareGpt.odd, source: '../shared/data/chatlogs (never used for training)' },
    'our benign-but-edgy prompts': { texts: BENIGN_EDGY_PROMPTS, source: 'eval/jailbreak/benign-prompts.ts (the detector was adjusted on part of it)' },
    'risky-looking benign prompts written after freezing': {
      texts: [...BENIGN_UNTUNED_NEGATIVES, ...BENIGN_RISKY_AFTER_FREEZE],
      source: 'eval/jailbreak/benign-untuned-negatives.ts + benign-risky-after-freeze.ts',
    },
    'over-refusal-style safe prompts': {
      texts: [...OWN_SAFE_PROMPTS_OVER_REFUSAL, ...OWN_SAFE_AFTER_FREEZE],
      source: 'eval/jailbreak/own-safe-prompts-over-refusal.ts + own-after-freeze-v4.ts (never used to change the detector)',
    },
  };
  const short = test.filter((row) => row.prompt.length < 500);
  const rate = (texts: readonly string[], tag: Tagger) => (texts.length === 0 ? 0 : texts.filter((text) => tag(text)).length / texts.length);
  return {
    development: { prompts: development.length, from: development[0]?.createdAt.slice(0, 10) ?? '', to: development.at(-1)?.createdAt.slice(0, 10) ?? '' },
    test: { prompts: test.length, short: short.length, from: test[0]?.createdAt.slice(0, 10) ?? '', to: test.at(-1)?.createdAt.slice(0, 10) ?? '' },
    benignSets: Object.fromEntries(Object.entries(benignSets).map(([name, set]) => [name, { size: set.texts.length, source: set.source }])),
    lines: systems.map(([system, tag]) => ({
      system,
      recall: rate(
        test.map((row) => row.prompt),
        tag,
      ),
      shortRecall: rate(
        short.map((row) => row.prompt),
        tag,
      ),
      benign: Object.fromEntries(Object.entries(benignSets).map(([name, set]) => [name, rate(set.texts, tag)])),
      own: Object.fromEntries(Object.entries(OWN_JAILBREAK_SETS).map(([name, texts]) => [name, rate(texts, tag)])),
    })),
  };
}

export function dateSplitMarkdown(result: DateSplitResult | null): string {
  if (result === null) return '### Date split\n\nSkipped: needs ../shared/data/jailbreak and ../shared/data/chatlogs.';
  const benignNames = Object.keys(result.benignSets);
  const ownNames = Object.keys(result.lines[0]?.own ?? {});
  const lines = [
    '### Date split: prompts written after the development part (eval/jailbreak/date-split.ts)',
    '',
    `In-the-wild file split by \`created_at\`: development part ${result.development.prompts} prompts (${result.development.from} – ${result.development.to}), test part ${result.test.prompts} prompts (${result.test.from} – ${result.test.to}; ${result.test.short} under 500 characters). False-positive sets: ${benignNames.map((name) => `${name} (n=${result.benignSets[name]?.size}, ${result.benignSets[name]?.source})`).join('; ')}.`,
    '',
    `| system | recall, test part | recall, test prompts < 500 chars | ${ownNames.map((name) => `recall: ${name}`).join(' | ')} | ${benignNames.map((name) => `FPR: ${name}`).join(' | ')} |`,
    `|---|---|---|${ownNames.map(() => '---').join('|')}|${benignNames.map(() => '---').join('|')}|`,
    ...result.lines.map(
      (line) =>
        `| ${line.system} | ${line.recall.toFixed(3)} | ${line.shortRecall.toFixed(3)} | ${ownNames.map((name) => (line.own[name] ?? 0).toFixed(3)).join(' | ')} | ${benignNames.map((name) => `${((line.benign[name] ?? 0) * 100).toFixed(2)} %`).join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}
