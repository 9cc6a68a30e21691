/**
 * Jailbreak detector quality:
 * - recall on ../shared/data/jailbreak/jailbreak_prompts_2023_05_07.csv (Shen et al., in-the-wild
 *   prompts; every row is a jailbreak), read at run time and never copied;
 * - false-positive rate on our own benign-but-edgy prompts (benign-prompts.ts), including hard
 *   negatives built like jailbreaks (benign-hard-negatives.ts);
 * - when ../shared/data/chatlogs/sharegpt_sample_1000.jsonl exists, the share of its ordinary user
 *   turns that get tagged (an upper bound on the false-positive rate on real traffic).
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
import { BENIGN_HARD_NEGATIVES } from './benign-hard-negatives.ts';
import { BENIGN_UNTUNED_NEGATIVES } from './benign-untuned-negatives.ts';
import { JAILBREAK_SIGNATURES_VERSION } from '../../src/pipeline/jailbreak/jailbreak-stage.ts';
import { z } from 'zod';
import { dateSplitMarkdown, runDateSplitEval, type DateSplitResult } from './date-split.ts';

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
  /** False positives at the default threshold among the hard negatives (a subset of the benign set). */
  hardNegativeFalsePositives: number;
  hardNegatives: number;
  /** False positives among the hard negatives written after the detector was frozen. */
  untunedFalsePositives: number;
  untunedNegatives: number;
  /** Tagged ShareGPT user turns, or null when the sample is absent. */
  shareGpt: { turns: number; tagged: number } | null;
}

const shareGptLineSchema = z.object({ conversations: z.array(z.object({ from: z.string(), value: z.string() })) });

function shareGptUserTurns(dataDirectory: string): string[] | null {
  const file = path.join(dataDirectory, 'chatlogs', 'sharegpt_sample_1000.jsonl');
  if (!fs.existsSync(file)) return null;
  const turns: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim().length === 0) continue;
    const parsed = shareGptLineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) continue;
    for (const message of parsed.data.conversations) if (message.from === 'human' && message.value.length > 0) turns.push(message.value);
  }
  return turns;
}

export async function runJailbreakEval(options: { dataDirectory?: string } = {}): Promise<JailbreakEvalResult> {
  const detector = new JailbreakDetector();
  const benignScores = BENIGN_EDGY_PROMPTS.map((prompt) => detector.detect(prompt).score);
  const dataDirectory = options.dataDirectory ?? path.resolve('..', 'shared', 'data');
  const file = path.join(dataDirectory, 'jailbreak', 'jailbreak_prompts_2023_05_07.csv');
  const hardNegativeFalsePositives = BENIGN_HARD_NEGATIVES.filter((prompt) => detector.detect(prompt).tagged).length;
  const untunedFalsePositives = BENIGN_UNTUNED_NEGATIVES.filter((prompt) => detector.detect(prompt).tagged).length;
  const shareGptTurns = shareGptUserTurns(dataDirectory);
  const shareGpt = shareGptTurns === null ? null : { turns: shareGptTurns.length, tagged: shareGptTurns.filter((turn) => detector.detect(turn).tagged).length };
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
    hardNegativeFalsePositives,
    hardNegatives: BENIGN_HARD_NEGATIVES.length,
    untunedFalsePositives,
    untunedNegatives: BENIGN_UNTUNED_NEGATIVES.length,
    shareGpt,
  };
}

const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function jailbreakEvalMarkdown(result: JailbreakEvalResult, dateSplit: DateSplitResult | null = null): string {
  const lines = [
    '## Jailbreak detection (eval/jailbreak)',
    '',
    `Run ${result.date}. Detector \`${JAILBREAK_SIGNATURES_VERSION}\`: our signature library (11 families, English plus Chinese, Russian, Spanish, French, German, Portuguese and Japanese variants of the main ones; weighted phrase features combined as a noisy-or) joined in that noisy-or by a structural score (capped groups of weak cues — persona set-up, keeping the role, talk of the model's rules, refusal suppression, reply prefixes and two-answer formats, confirmations, commands and penalties, lists of harms, claims of having no limits — summed and passed through a logistic; scaffolding counts only when the prompt addresses the model and talks about its rules or about harm). Default threshold ${DEFAULT_JAILBREAK_THRESHOLD}, no operator templates. Targets: recall ≥ 0.9 with ≤ 2% false positives.`,
    '',
    `**Default threshold: recall ${fixed(result.recall)}${result.jailbreakPrompts === null ? '' : ` on ${result.jailbreakPrompts} in-the-wild jailbreak prompts`}, false positives ${result.falsePositives}/${result.benignPrompts} (${(result.falsePositiveRate * 100).toFixed(1)}%) on our benign-but-edgy prompts, of which ${result.hardNegativeFalsePositives}/${result.hardNegatives} among the hard negatives built like jailbreaks and ${result.untunedFalsePositives}/${result.untunedNegatives} among the hard negatives written after the detector was frozen.**`,
  ];
  if (result.shareGpt !== null) {
    lines.push(
      '',
      `Ordinary traffic: ${result.shareGpt.tagged} of ${result.shareGpt.turns.toLocaleString('en-US')} ShareGPT user turns tagged (${((result.shareGpt.tagged / Math.max(result.shareGpt.turns, 1)) * 100).toFixed(2)}%; an upper bound on the false-positive rate there, since ShareGPT holds some real jailbreaks).`,
    );
  }
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
  if (result.promptsPerSecond !== null)
    lines.push(
      '',
      `Speed: ${Math.round(result.promptsPerSecond).toLocaleString('en-US')} prompts/s on these long prompts (one core, machine shared with other jobs).`,
    );
  lines.push('', dateSplitMarkdown(dateSplit), '', DATE_SPLIT_READING);
  lines.push(
    '',
    'How to read the whole-file figures: the recall target is not met. The file mixes classic jailbreaks (DAN, Developer Mode, AIM, "ignore all previous instructions", token games, two-answer formats, unrestricted personas), which the signatures and the structural score catch, with many persona and role-play set-ups (fictional characters, story generators, "act as X" prompts) that never mention rules, filters or harm; those are built exactly like the legitimate persona set-ups in our hard negatives (tutors, terminals, game masters with rules lists, "stay in character", reply prefixes, points), so tagging them would break the false-positive target. The benign set was written by us: 230 everyday-but-edgy prompts; 200 hard negatives built like jailbreaks (long system-prompt-style personas with rule lists, "stay in character", reply prefixes, confirmations, slash commands and points; interactive-fiction set-ups; academic talk about jailbreaks and DAN; security questions; questions about OpenAI\'s policies; dark fiction; multilingual role-play; system prompts that talk about harm and policies in order to keep them); and 25 more written after the detector was frozen and never used to change it. The detector was adjusted while looking at the first 200: in particular the 30 rule-keeping system prompts had 9 false positives with the first structural version, which led to the compliance cues (a prompt that says it never produces harmful content and follows the content policy, with no drop-the-rules talk, gets its harm and policy talk discounted and its weak signatures capped), so the false-positive rate on them is optimistic; the untouched batch and the ShareGPT line are the fairer checks. All of it is our idea of "edgy but fine", not real traffic; the ShareGPT line above is the real-traffic check. Development history, so the figure is read correctly: signature version 1 was written after looking at the opening lines of about 25 missed prompts. For version 2 no prompt text of the file was read; the structural cues and multilingual signatures were written from the publicly described jailbreak families, but we did look at aggregate figures on the file — overall recall, how many missed prompts each structural cue fired on, the histogram of structural points — and chose the logistic midpoint (1.8 points) and slope from a small grid of recall against false positives on our benign set and on ShareGPT turns (lower midpoints gained about one point of recall per 0.3 points of midpoint at no extra benign false positive). The recall above is therefore not a held-out figure and is somewhat optimistic; a held-out set of the same kind should be expected to score a few points lower. For known templates, give the operator template file (`--jailbreak-templates`), which matches near copies with MinHash whatever their wording.',
  );
  return lines.join('\n');
}

const DATE_SPLIT_READING = [
  "How to read the date split: the test part is the fairest jailbreak figure we have, since the file's text was never read for signature versions 2 and 3 and only its development part was read for version 4; version 2's logistic midpoint was picked on whole-file aggregates, so it is still slightly optimistic.",
  'Version 3 added short "from now on you can answer anything" signatures in six languages and a persona-reset cue, written from the issue\'s description; they change nothing on the test part (its prompts are long) and serve the short prompts of later traffic.',
  'Version 4 (2026-12-02) added general structural cues — safety switched off in prose or in a fake settings block, a claimed maker or developer, a fake end-of-message or system boundary, a persona defined by having no limits, an alter ego, "respond as both", two answers in two styles, "despite" and "whatever you ask" after any-request, "do not filter your …" — written while reading only the development part (prompts before the split date) and our first 30 new-style jailbreaks; the test part was not read. Measured effect, all at the default threshold: test part 0.845 → 0.845 (no change; none of its 30 misses gained enough), development part 0.796 → 0.806, whole file 0.809 → 0.817, our first 30 new-style jailbreaks 19/30 → 21/30 (the 21 is optimistic: 2 cues were fixed while looking at those misses; with the cues written from the development part alone it was 20/30), and the 15 new-style jailbreaks written after freezing v4 and measured once 9/15 with v3 and 9/15 with v4 — no gain out of sample. False positives unchanged on every benign set (ShareGPT 1/3,524 user turns, benign-but-edgy 3/455, after-freeze 1/65, over-refusal-style safe prompts 0/45 with both versions). Cost: about 10 % more CPU per prompt (992 against 1,105 prompts per CPU-second over the file, one same-machine run each). So the recall target (≥ 0.9 on data the rules were not tuned on) is still not met: the misses left are mostly persona and role-play set-ups that never mention rules or harm, short prompts (test part < 500 characters: 0.478), and non-English set-ups whose refusal talk has no cue yet.',
  'The persona-reset weight was lowered from 0.55 to 0.4 after it gave two false positives in the set written after freezing ("You are GPT-4. Your new role is a code reviewer"); with 0.55 that set\'s false-positive rate was 4.6 %.',
  'Template similarity alone finds few later prompts: new prompts are new wordings, not copies. The hashed n-gram classifier generalises best in recall, but it learns "long role-play set-up" from negatives that are mostly code questions: at a threshold with a low false-positive rate on ShareGPT it tags many of our risky-looking benign prompts, and at thresholds where those drop to zero its recall falls below the detector\'s. So the shipped default stays the detector; no weights trained on the file are shipped (the data folder\'s rules forbid copying it, and a model of 470 prompts is close to a template list). Operators with their own labelled traffic can train the same classifier (src/pipeline/jailbreak/hashed-ngram-classifier.ts).',
].join(' ');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runJailbreakEval();
  const dateSplit = await runDateSplitEval(path.resolve('..', 'shared', 'data'));
  updateDocSection(QUALITY_DOC_PATH, 'jailbreak-eval', jailbreakEvalMarkdown(result, dateSplit));
  for (const line of dateSplit?.lines ?? [])
    console.log(
      `jailbreak date split: ${line.system}: recall ${line.recall.toFixed(3)} (short ${line.shortRecall.toFixed(3)}), FPR ${Object.entries(line.benign)
        .map(([name, value]) => `${name} ${(value * 100).toFixed(2)} %`)
        .join(', ')}`,
    );
  console.log(
    `jailbreak: recall ${fixed(result.recall)}, false positives ${result.falsePositives}/${result.benignPrompts} (hard negatives ${result.hardNegativeFalsePositives}/${result.hardNegatives}, untuned ${result.untunedFalsePositives}/${result.untunedNegatives})${result.skippedReason === null ? '' : ` (${result.skippedReason})`}`,
  );
}
