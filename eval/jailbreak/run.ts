/**
 * Jailbreak detector quality:
 * - recall on ../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv (Shen et al., in-the-wild
 *   prompts; every row is a jailbreak), read at run time and never copied;
 * - false-positive rate on our own benign-but-edgy prompts (benign-prompts.ts).
 * The signatures were written from the publicly described families, not from that file; the
 * recall below is what they achieve, reported at several thresholds (the default is 0.5).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_JAILBREAK_THRESHOLD, JailbreakDetector } from '../../src/pipeline/jailbreak/jailbreak-detector.ts';
import { parseJailbreakTemplates } from '../../src/pipeline/jailbreak/jailbreak-template-file.ts';
import { QUALITY_DOC_PATH, updateDocSection } from '../language/update-doc-section.ts';
import { BENIGN_EDGY_PROMPTS } from './benign-prompts.ts';

const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7];

export interface ThresholdRow {
  threshold: number;
  recall: number | null;
  falsePositiveRate: number;
}

export interface JailbreakEvalResult {
  date: string;
  benignPrompts: number;
  falsePositives: number;
  falsePositiveRate: number;
  /** Null when the in-the-wild file is absent. */
  jailbreakPrompts: number | null;
  recall: number | null;
  byThreshold: ThresholdRow[];
  /** Detected family counts among the tagged jailbreak prompts at the default threshold. */
  familyCounts: Record<string, number>;
  promptsPerSecond: number | null;
  skippedReason: string | null;
}

export async function runJailbreakEval(options: { dataDirectory?: string } = {}): Promise<JailbreakEvalResult> {
  const detector = new JailbreakDetector();
  const benignScores = BENIGN_EDGY_PROMPTS.map((prompt) => detector.detect(prompt).score);
  const file = path.join(options.dataDirectory ?? path.resolve('..', 'shared', 'data'), 'jailbreak', 'jailbreak_prompts_2023_05_07.csv');
  let jailbreakScores: number[] | null = null;
  const familyCounts: Record<string, number> = {};
  let promptsPerSecond: number | null = null;
  let skippedReason: string | null = null;
  if (fs.existsSync(file)) {
    const prompts = parseJailbreakTemplates(fs.readFileSync(file, 'utf8'), 'csv').map((template) => template.prompt);
    const started = performance.now();
    const detections = prompts.map((prompt) => detector.detect(prompt));
    promptsPerSecond = prompts.length / Math.max((performance.now() - started) / 1000, 1e-9);
    jailbreakScores = detections.map((detection) => detection.score);
    for (const detection of detections) {
      if (detection.tagged && detection.family !== null) familyCounts[detection.family] = (familyCounts[detection.family] ?? 0) + 1;
    }
  } else {
    skippedReason = 'no ../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv: recall not measured';
  }
  const rate = (scores: readonly number[], threshold: number) => scores.filter((score) => score >= threshold).length / scores.length;
  const falsePositives = benignScores.filter((score) => score >= DEFAULT_JAILBREAK_THRESHOLD).length;
  return {
    date: new Date().toISOString().slice(0, 10),
    benignPrompts: BENIGN_EDGY_PROMPTS.length,
    falsePositives,
    falsePositiveRate: falsePositives / BENIGN_EDGY_PROMPTS.length,
    jailbreakPrompts: jailbreakScores?.length ?? null,
    recall: jailbreakScores === null ? null : rate(jailbreakScores, DEFAULT_JAILBREAK_THRESHOLD),
    byThreshold: THRESHOLDS.map((threshold) => ({
      threshold,
      recall: jailbreakScores === null ? null : rate(jailbreakScores, threshold),
      falsePositiveRate: rate(benignScores, threshold),
    })),
    familyCounts,
    promptsPerSecond,
    skippedReason,
  };
}

const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function jailbreakEvalMarkdown(result: JailbreakEvalResult): string {
  const lines = [
    '## Jailbreak detection (eval/jailbreak)',
    '',
    `Run ${result.date}. Detector: our signature library \`jailbreak-signatures-v1\` (11 families, weighted phrase features combined as a noisy-or), default threshold ${DEFAULT_JAILBREAK_THRESHOLD}, no operator templates. Targets: recall ≥ 0.9 with ≤ 2% false positives.`,
    '',
    `**Default threshold: recall ${fixed(result.recall)}${result.jailbreakPrompts === null ? '' : ` on ${result.jailbreakPrompts} in-the-wild jailbreak prompts`}, false positives ${result.falsePositives}/${result.benignPrompts} (${(result.falsePositiveRate * 100).toFixed(1)}%) on our benign-but-edgy prompts.**`,
  ];
  if (result.skippedReason !== null) lines.push('', `Recall skipped: ${result.skippedReason}.`);
  lines.push(
    '',
    '| threshold | recall (in-the-wild jailbreaks) | false-positive rate (benign set) |',
    '|---|---|---|',
    ...result.byThreshold.map((row) => `| ${row.threshold} | ${fixed(row.recall)} | ${fixed(row.falsePositiveRate)} |`),
  );
  if (Object.keys(result.familyCounts).length > 0) {
    lines.push(
      '',
      `Families assigned to the tagged jailbreak prompts: ${Object.entries(result.familyCounts)
        .sort((a, b) => b[1] - a[1])
        .map(([family, count]) => `${family} ${count}`)
        .join(', ')}.`,
    );
  }
  if (result.promptsPerSecond !== null) lines.push('', `Speed: ${Math.round(result.promptsPerSecond).toLocaleString('en-US')} prompts/s on these long prompts (one core, machine shared with other jobs).`);
  lines.push(
    '',
    'How to read this: the recall target is not met. The file mixes classic jailbreaks (DAN, Developer Mode, AIM, "ignore all previous instructions", token games, two-answer formats), which the signatures catch, with many persona and role-play set-ups (fictional characters, story generators, "act as X" prompts with no rule-breaking wording) that carry no jailbreak-specific phrase; catching those by wording would also tag ordinary role-play, which the benign set guards against. The benign set was written by us, so its false-positive rate is an estimate on our idea of "edgy but fine", not on real traffic. For known templates, give the operator template file (`--jailbreak-templates`), which matches near copies with MinHash whatever their wording. During development we looked at the overall recall, at which of our own signatures fired, and at the opening lines of about 25 missed prompts to see what kinds of prompt were missed; that led to a few general signatures (persona names ending in GPT, lists of harmful adjectives, \"NSFW … allowed\", two-entity games, long persona rulebooks). No phrase was copied from the file, but the recall above is not a held-out figure and is somewhat optimistic.',
  );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runJailbreakEval();
  updateDocSection(QUALITY_DOC_PATH, 'jailbreak-eval', jailbreakEvalMarkdown(result));
  console.log(`jailbreak: recall ${fixed(result.recall)}, false positives ${result.falsePositives}/${result.benignPrompts}${result.skippedReason === null ? '' : ` (${result.skippedReason})`}`);
}
