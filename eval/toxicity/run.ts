/**
 * Offline moderation quality, every figure with its data source and with peers on the same lines:
 * - third-party data in ../shared/data/toxicity (read at run time, never copied; none of it was
 *   used to write rules or word classes): Davidson et al. tweets (hate + offensive = toxic) and
 *   Jigsaw samples of Wikipedia talk comments (any label = toxic; test rows labelled -1 unscored);
 * - ../shared/data/chatlogs ShareGPT user turns (unlabelled, mostly benign): the flag rate;
 * - proxies written by us after the rules were frozen (taxonomy-prompts.ts, template-sentences.ts):
 *   OpenAI-taxonomy prompts per category, toxic/non-toxic templates in en/de/nl/zh, identity swaps;
 * - short chatbot prompts written by us before the v3 rules and frozen (short-prompts.ts), and a
 *   second set written after them and never used to change them (unseen-short-prompts.ts).
 * Peers: obscenity and naughty-words used on their own (peers.ts). The proxies run without
 * ../shared; the third-party lines are skipped with a message when it is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { LOCAL_MODERATION_SOURCE, LocalModerationStage } from '../../src/pipeline/moderation/local-moderation-stage.ts';
import { BASE_MODERATION_CATEGORIES, type BaseModerationCategory, type WildChatModeration } from '../../src/pipeline/moderation/moderation-result.ts';
import { parseCsv } from '../../src/pipeline/jailbreak/parse-csv.ts';
import { QUALITY_DOC_PATH, updateDocSection } from '../language/update-doc-section.ts';
import { binaryScore, rocAuc, type BinaryScore } from './metrics.ts';
import { naughtyWordsPeer, obscenityPeer, type BinaryClassifier } from './peers.ts';
import { SHORT_PROMPTS } from './short-prompts.ts';
import { TAXONOMY_PROMPTS, type TaxonomyPrompt } from './taxonomy-prompts.ts';
import { UNSEEN_SHORT_PROMPTS } from './unseen-short-prompts.ts';
import {
  IDENTITY_DESCRIPTORS,
  LANGUAGE_TEMPLATES,
  NEUTRAL_DESCRIPTORS,
  NEUTRAL_TEMPLATES,
  expandLanguageTemplates,
  fillTemplates,
} from './template-sentences.ts';

interface LabelledText {
  text: string;
  toxic: boolean;
}

export interface SystemLine {
  system: string;
  score: BinaryScore;
  /** Only for systems with graded scores. */
  rocAuc: number | null;
}

export interface SourceResult {
  source: string;
  heldOut: string;
  lines: SystemLine[];
}

export interface CategoryScore {
  category: BaseModerationCategory;
  positives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ToxicityEvalResult {
  date: string;
  sources: SourceResult[];
  perCategory: CategoryScore[];
  /** The same per-category scores on the short prompts (short-prompts.ts). */
  shortPromptsPerCategory: CategoryScore[];
  /** And on the prompts never used to change the rules (unseen-short-prompts.ts). */
  unseenShortPromptsPerCategory: CategoryScore[];
  templates: Array<{ language: string; lines: Array<{ system: string; recall: number; falsePositiveRate: number; toxic: number; nonToxic: number }> }>;
  identitySwap: Array<{ system: string; neutralRate: number; identityRate: number; sentences: number }>;
  shareGpt: { turns: number; lines: Array<{ system: string; flagged: number; standaloneNumberOnly: number }> } | null;
  messagesPerSecond: number | null;
  skipped: string[];
}

const labelSchema = z.coerce.number().int();

function readRows(file: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (header === undefined) return [];
  return rows.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? ''])));
}

function loadDavidson(file: string): LabelledText[] {
  return readRows(file).map((row) => {
    const label = labelSchema.parse(row.class);
    return { text: row.tweet ?? '', toxic: label === 0 || label === 1 };
  });
}

const JIGSAW_LABELS = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'] as const;

function loadJigsaw(file: string): LabelledText[] {
  const examples: LabelledText[] = [];
  for (const row of readRows(file)) {
    const labels = JIGSAW_LABELS.map((label) => labelSchema.parse(row[label]));
    if (labels.some((label) => label < 0)) continue;
    examples.push({ text: row.comment_text ?? '', toxic: labels.some((label) => label === 1) });
  }
  return examples;
}

const shareGptLineSchema = z.object({ conversations: z.array(z.object({ from: z.string(), value: z.string() })) });

function loadShareGptUserTurns(file: string): string[] {
  const turns: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim().length === 0) continue;
    const parsed = shareGptLineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) continue;
    for (const message of parsed.data.conversations) if (message.from === 'human' && message.value.length > 0) turns.push(message.value);
  }
  return turns;
}

interface System extends BinaryClassifier {
  /** A graded score in [0, 1] when the system has one. */
  grade?: (text: string) => number;
}

function localSystem(stage: LocalModerationStage): System {
  const moderate = (text: string) => stage.moderateText(text) as WildChatModeration | Record<string, never>;
  return {
    name: `${LOCAL_MODERATION_SOURCE} (ours, flagged)`,
    flag: (text) => moderate(text).flagged === true,
    grade: (text) => {
      const item = moderate(text);
      return 'category_scores' in item ? Math.max(...Object.values(item.category_scores)) : 0;
    },
  };
}

function scoreSource(source: string, heldOut: string, examples: readonly LabelledText[], systems: readonly System[]): SourceResult {
  const labels = examples.map((example) => example.toxic);
  return {
    source,
    heldOut,
    lines: systems.map((system) => ({
      system: system.name,
      score: binaryScore(
        labels,
        examples.map((example) => system.flag(example.text)),
      ),
      rocAuc:
        system.grade === undefined
          ? null
          : rocAuc(
              labels,
              examples.map((example) => (system.grade as (text: string) => number)(example.text)),
            ),
    })),
  };
}

/** Per category, ours: a prompt of a sub-category also counts for its parent; negatives include the other categories' prompts. */
function scorePerCategory(stage: LocalModerationStage, prompts: readonly TaxonomyPrompt[]): CategoryScore[] {
  return BASE_MODERATION_CATEGORIES.map((category) => {
    const labels = prompts.map((prompt) => prompt.categories.includes(category));
    const predictions = prompts.map((prompt) => {
      const item = stage.moderateText(prompt.text);
      return 'categories' in item && item.categories[category as keyof WildChatModeration['categories']] === true;
    });
    const score = binaryScore(labels, predictions);
    return { category, positives: score.positives, precision: score.precision, recall: score.recall, f1: score.f1 };
  });
}

export function defaultDataDirectory(): string {
  return path.resolve('..', 'shared', 'data');
}

export async function runToxicityEval(options: { dataDirectory?: string } = {}): Promise<ToxicityEvalResult> {
  const dataDirectory = options.dataDirectory ?? defaultDataDirectory();
  const stage = new LocalModerationStage();
  const ours = localSystem(stage);
  const systems: System[] = [ours, obscenityPeer(), naughtyWordsPeer()];
  const sources: SourceResult[] = [];
  const skipped: string[] = [];
  let messagesPerSecond: number | null = null;

  const toxicityDirectory = path.join(dataDirectory, 'toxicity');
  const davidsonFile = path.join(toxicityDirectory, 'davidson_labeled_data.csv');
  if (fs.existsSync(davidsonFile)) {
    const davidson = loadDavidson(davidsonFile);
    const started = performance.now();
    for (const example of davidson) stage.moderateText(example.text);
    messagesPerSecond = davidson.length / Math.max((performance.now() - started) / 1000, 1e-9);
    sources.push(scoreSource(`Davidson et al. tweets, n=${davidson.length} (../shared/data/toxicity)`, 'yes (never read to write rules)', davidson, systems));
  } else skipped.push('Davidson tweets (no ../shared/data/toxicity/davidson_labeled_data.csv)');
  const jigsawFiles = fs.existsSync(toxicityDirectory)
    ? fs
        .readdirSync(toxicityDirectory)
        .filter((file) => /^jigsaw_sample_.*\.csv$/.test(file))
        .sort()
    : [];
  if (jigsawFiles.length > 0) {
    const jigsaw = jigsawFiles.flatMap((file) => loadJigsaw(path.join(toxicityDirectory, file)));
    sources.push(
      scoreSource(`Jigsaw Wikipedia talk comments, n=${jigsaw.length} (../shared/data/toxicity)`, 'yes (never read to write rules)', jigsaw, systems),
    );
  } else skipped.push('Jigsaw samples (none in ../shared/data/toxicity)');

  const taxonomy = TAXONOMY_PROMPTS.map((prompt) => ({ text: prompt.text, toxic: prompt.categories.length > 0 }));
  sources.push(
    scoreSource(
      `OpenAI-taxonomy prompts, n=${taxonomy.length} (ours, eval/toxicity/taxonomy-prompts.ts)`,
      'proxy: written after the rules were frozen, by the same authors',
      taxonomy,
      systems,
    ),
  );
  const perCategory = scorePerCategory(stage, TAXONOMY_PROMPTS);
  const shortPrompts = SHORT_PROMPTS.map((prompt) => ({ text: prompt.text, toxic: prompt.categories.length > 0 }));
  sources.push(
    scoreSource(
      `Short chatbot prompts, n=${shortPrompts.length} (ours, eval/toxicity/short-prompts.ts)`,
      'not held out: frozen before the v3 rules, which were written looking at its misses',
      shortPrompts,
      systems,
    ),
  );
  const shortPromptsPerCategory = scorePerCategory(stage, SHORT_PROMPTS);
  const unseenShortPrompts = UNSEEN_SHORT_PROMPTS.map((prompt) => ({ text: prompt.text, toxic: prompt.categories.length > 0 }));
  sources.push(
    scoreSource(
      `Short chatbot prompts never used to change the rules, n=${unseenShortPrompts.length} (ours, eval/toxicity/unseen-short-prompts.ts)`,
      'proxy: written after the v3 rules, never used to change them, by the same authors',
      unseenShortPrompts,
      systems,
    ),
  );
  const unseenShortPromptsPerCategory = scorePerCategory(stage, UNSEEN_SHORT_PROMPTS);

  const templates = LANGUAGE_TEMPLATES.map((set) => {
    const { toxic, nonToxic } = expandLanguageTemplates(set);
    return {
      language: set.language,
      lines: systems.map((system) => ({
        system: system.name,
        recall: toxic.filter((text) => system.flag(text)).length / toxic.length,
        falsePositiveRate: nonToxic.filter((text) => system.flag(text)).length / nonToxic.length,
        toxic: toxic.length,
        nonToxic: nonToxic.length,
      })),
    };
  });
  const neutral = fillTemplates(NEUTRAL_TEMPLATES, NEUTRAL_DESCRIPTORS);
  const identity = fillTemplates(NEUTRAL_TEMPLATES, IDENTITY_DESCRIPTORS);
  const identitySwap = systems.map((system) => ({
    system: system.name,
    neutralRate: neutral.filter((text) => system.flag(text)).length / neutral.length,
    identityRate: identity.filter((text) => system.flag(text)).length / identity.length,
    sentences: neutral.length + identity.length,
  }));

  const shareGptFile = path.join(dataDirectory, 'chatlogs', 'sharegpt_sample_1000.jsonl');
  let shareGpt: ToxicityEvalResult['shareGpt'] = null;
  if (fs.existsSync(shareGptFile)) {
    const turns = loadShareGptUserTurns(shareGptFile);
    shareGpt = {
      turns: turns.length,
      lines: systems.map((system) => {
        const flagged = turns.filter((turn) => system.flag(turn));
        // The reported defect: turns flagged although only a number like "13" stands out.
        const standaloneNumberOnly = flagged.filter((turn) => !system.flag(turn.replace(/\b\d+\b/g, ' '))).length;
        return { system: system.name, flagged: flagged.length, standaloneNumberOnly };
      }),
    };
  } else skipped.push('ShareGPT user turns (no ../shared/data/chatlogs/sharegpt_sample_1000.jsonl)');

  return {
    date: new Date().toISOString().slice(0, 10),
    sources,
    perCategory,
    shortPromptsPerCategory,
    unseenShortPromptsPerCategory,
    templates,
    identitySwap,
    shareGpt,
    messagesPerSecond,
    skipped,
  };
}

const fixed = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(3));
const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function toxicityEvalMarkdown(result: ToxicityEvalResult): string {
  const lines: string[] = [
    '## Toxicity and moderation: local backend and peers (eval/toxicity)',
    '',
    `Run ${result.date} with \`npm run eval -- toxicity\`. Ours: \`${LOCAL_MODERATION_SOURCE}\` (obscenity 0.4.6 and naughty-words 1.2.0, each list applied only to its own language, plus our phrase rules); flagged = any category score ≥ 0.5, graded score for ROC-AUC = the highest category score. Peers on the same lines: obscenity alone (any match) and naughty-words alone (all lists of all languages). Third-party data is read from \`../shared/data\` at run time and was never used to write rules; the proxy sets were written by us, by the same people as the rules, so none is independent held-out data; the v3 rules were written with the misses of the taxonomy prompts and of the first short-prompt set in view, and only the second short-prompt set was never used to change a rule (the table's held-out column says which is which).`,
    '',
    '| data source | held out? | system | precision | recall | F1 | FPR on negatives | ROC-AUC |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const source of result.sources) {
    for (const line of source.lines) {
      lines.push(
        `| ${source.source} | ${source.heldOut} | ${line.system} | ${fixed(line.score.precision)} | ${fixed(line.score.recall)} | ${fixed(line.score.f1)} | ${percent(line.score.falsePositiveRate)} | ${line.rocAuc === null ? '—' : fixed(line.rocAuc)} |`,
      );
    }
  }
  lines.push(
    '',
    "Per category, ours, on the OpenAI-taxonomy proxy prompts (a prompt of a sub-category also counts for its parent; negatives include the other categories' prompts):",
    '',
    '| category | positives | precision | recall | F1 |',
    '|---|---|---|---|---|',
  );
  for (const row of result.perCategory)
    lines.push(`| ${row.category} | ${row.positives} | ${fixed(row.precision)} | ${fixed(row.recall)} | ${fixed(row.f1)} |`);
  lines.push(
    '',
    'Per category, ours, on the short chatbot prompts (eval/toxicity/short-prompts.ts, frozen before the v3 rules were written):',
    '',
    '| category | positives | precision | recall | F1 |',
    '|---|---|---|---|---|',
  );
  for (const row of result.shortPromptsPerCategory)
    lines.push(`| ${row.category} | ${row.positives} | ${fixed(row.precision)} | ${fixed(row.recall)} | ${fixed(row.f1)} |`);
  lines.push(
    '',
    'Per category, ours, on the short prompts never used to change the rules (eval/toxicity/unseen-short-prompts.ts):',
    '',
    '| category | positives | precision | recall | F1 |',
    '|---|---|---|---|---|',
  );
  for (const row of result.unseenShortPromptsPerCategory)
    lines.push(`| ${row.category} | ${row.positives} | ${fixed(row.precision)} | ${fixed(row.recall)} | ${fixed(row.f1)} |`);
  lines.push(
    '',
    'Toxic / non-toxic templates (ours, eval/toxicity/template-sentences.ts; insults, threats and statements about groups, filled with six groups per language):',
    '',
    '| language | system | recall on toxic | FPR on non-toxic |',
    '|---|---|---|---|',
  );
  for (const set of result.templates)
    for (const line of set.lines)
      lines.push(
        `| ${set.language} (${line.toxic} toxic, ${line.nonToxic} non-toxic) | ${line.system} | ${fixed(line.recall)} | ${percent(line.falsePositiveRate)} |`,
      );
  lines.push(
    '',
    'Identity-term swap (ours, neutral sentences with a neutral descriptor vs an identity term in the same slot):',
    '',
    '| system | flag rate, neutral descriptors | flag rate, identity terms | change |',
    '|---|---|---|---|',
  );
  for (const line of result.identitySwap)
    lines.push(
      `| ${line.system} | ${percent(line.neutralRate)} | ${percent(line.identityRate)} | ${((line.identityRate - line.neutralRate) * 100).toFixed(1)} points |`,
    );
  if (result.shareGpt !== null) {
    lines.push(
      '',
      `Real chatbot traffic, unlabelled: ${result.shareGpt.turns} ShareGPT user turns (../shared/data/chatlogs); flagged turns, and those no longer flagged once standalone numbers are removed (the "13" defect):`,
      '',
      '| system | flagged | flagged only because of a number |',
      '|---|---|---|',
    );
    for (const line of result.shareGpt.lines)
      lines.push(`| ${line.system} | ${line.flagged} (${percent(line.flagged / result.shareGpt.turns)}) | ${line.standaloneNumberOnly} |`);
  }
  if (result.messagesPerSecond !== null)
    lines.push(
      '',
      `Speed during the Davidson run: ${Math.round(result.messagesPerSecond).toLocaleString('en-US')} messages/s on one core of a shared machine (see bench/RESULTS.md for the benchmark).`,
    );
  if (result.skipped.length > 0) lines.push('', `Skipped: ${result.skipped.join('; ')}.`);
  lines.push(
    '',
    'How to read this: Davidson labels most tweets containing "bitch"/"hoe" as offensive, so any lexicon scores high there by construction. Jigsaw is the closest we have to the Wikipedia-comments target; its sample is small (about 300 scored rows), so its ROC-AUC has an uncertainty of several points. The taxonomy prompts and templates are our proxies for the OpenAI-taxonomy, template and identity-swap targets; since the rule writers wrote them, expect a set written by others to score lower. The backend is rules and word lists with noisy-or scores, not a trained classifier: its scores rank by evidence strength and are not calibrated probabilities.',
  );
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runToxicityEval();
  updateDocSection(QUALITY_DOC_PATH, 'toxicity-eval', toxicityEvalMarkdown(result));
  for (const source of result.sources) {
    for (const line of source.lines)
      console.log(
        `toxicity: ${source.source} | ${line.system}: P ${fixed(line.score.precision)} R ${fixed(line.score.recall)} F1 ${fixed(line.score.f1)} FPR ${percent(line.score.falsePositiveRate)}${line.rocAuc === null ? '' : ` AUC ${fixed(line.rocAuc)}`}`,
      );
  }
  for (const row of result.perCategory) console.log(`toxicity: taxonomy proxy, ${row.category}: F1 ${fixed(row.f1)} (n=${row.positives})`);
  for (const row of result.shortPromptsPerCategory) console.log(`toxicity: short prompts, ${row.category}: F1 ${fixed(row.f1)} (n=${row.positives})`);
  for (const row of result.unseenShortPromptsPerCategory)
    console.log(`toxicity: unseen short prompts, ${row.category}: F1 ${fixed(row.f1)} (n=${row.positives})`);
  for (const set of result.templates)
    for (const line of set.lines)
      console.log(`toxicity: templates ${set.language} | ${line.system}: recall ${fixed(line.recall)} FPR ${percent(line.falsePositiveRate)}`);
  for (const line of result.identitySwap)
    console.log(`toxicity: identity swap | ${line.system}: ${percent(line.neutralRate)} -> ${percent(line.identityRate)}`);
  for (const line of result.shareGpt?.lines ?? [])
    console.log(`toxicity: ShareGPT | ${line.system}: flagged ${line.flagged}, number-only ${line.standaloneNumberOnly}`);
  for (const reason of result.skipped) console.log(`toxicity: skipped ${reason}`);
}
