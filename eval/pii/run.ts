import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createPiiDetector } from '../../src/pipeline/pii/pii-detector.ts';
import { PII_ENTITY_TYPES, type PiiEntityType, type PiiSpan } from '../../src/pipeline/pii/pii-entity.ts';
import { QUALITY_DOC_PATH, updateDocSection } from '../language/update-doc-section.ts';
import { udhrSentences } from '../language/udhr-articles.ts';
import { POST_FREEZE_LINES } from './post-freeze-set.ts';
import { POST_FREEZE_LINES_2 } from './post-freeze-set-2.ts';

/**
 * Per-entity precision/recall of the PII detector on our hand-written set (pii-test-set.jsonl).
 * A gold span is recalled when a predicted span of the same type covers it completely; a
 * predicted span is correct when it overlaps a gold span of the same type. "Leaked" counts gold
 * spans not fully covered by any redaction at all, "half-redacted" those only partly covered.
 */
const SpanSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive(), entity: z.enum(PII_ENTITY_TYPES) });
const ExampleSchema = z.object({ id: z.string(), language: z.string(), group: z.string(), text: z.string(), spans: z.array(SpanSchema) });
type Example = z.infer<typeof ExampleSchema>;

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Written first and used while debugging the recognizers. */
export const PII_DEVELOPMENT_SET_PATH = path.join(HERE, 'pii-test-set.jsonl');
/** Written after the first debugging round and scored without looking at it first (see the doc text). */
export const PII_HELD_OUT_SET_PATH = path.join(HERE, 'pii-heldout-set.jsonl');

export function loadPiiTestSet(file: string): Example[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = ExampleSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`pii-test-set line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface EntityScore {
  entity: PiiEntityType;
  gold: number;
  predicted: number;
  truePositives: number;
  recalled: number;
  precision: number;
  recall: number;
}
export interface PiiEvalError {
  id: string;
  kind: 'missed' | 'false-positive';
  entity: PiiEntityType;
  text: string;
}
export interface PiiEvalResult {
  /** Chat-style lines, names from many naming traditions, written before the 2026-12-04 rules. */
  postFreeze2: PiiSetResult;
  postFreeze: PiiSetResult;
  ordinaryText: OrdinaryTextCheck;
  development: PiiSetResult;
  heldOut: PiiSetResult;
  /** Counts on real ShareGPT chats from ../shared/data when present (no labels, no values). */
  realChats: RealChatCheck | null;
}

export interface RealChatCheck {
  messages: number;
  averageCharacters: number;
  messagesWithFindings: number;
  counts: Record<string, number>;
  messagesPerSecond: number;
}

const SHAREGPT_PATH = path.resolve(HERE, '..', '..', '..', 'shared', 'data', 'chatlogs', 'sharegpt_sample_1000.jsonl');
const ShareGptRowSchema = z.object({ conversations: z.array(z.object({ value: z.string() }).passthrough()) }).passthrough();

/** Runs the detector over real chats to see what it redacts and how fast; skipped without the data. */
function checkRealChats(): RealChatCheck | null {
  if (!fs.existsSync(SHAREGPT_PATH)) return null;
  const messages = fs
    .readFileSync(SHAREGPT_PATH, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => ShareGptRowSchema.parse(JSON.parse(line)).conversations.map((turn) => turn.value));
  const detector = createPiiDetector();
  const counts: Record<string, number> = {};
  let messagesWithFindings = 0;
  const started = performance.now();
  for (const message of messages) {
    const spans = detector.detect(message);
    if (spans.length > 0) messagesWithFindings += 1;
    for (const span of spans) {
      const key = span.detector ? `${span.entity}:${span.detector}` : span.entity;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const characters = messages.reduce((total, message) => total + message.length, 0);
  return {
    messages: messages.length,
    averageCharacters: Math.round(characters / Math.max(messages.length, 1)),
    messagesWithFindings,
    counts,
    messagesPerSecond: Math.round(messages.length / seconds),
  };
}

export interface PiiSetResult {
  sentences: number;
  negatives: number;
  perEntity: EntityScore[];
  structured: { precision: number; recall: number };
  englishPersonRecall: number;
  leaked: number;
  halfRedacted: number;
  /** Correct-type predictions reaching more than 2 characters beyond their gold span. */
  overExtended: number;
  errors: PiiEvalError[];
  messagesPerSecond: number;
  /** language → entity → [recalled, gold]. */
  perLanguage: Record<string, Record<string, [number, number]>>;
}

const fixed = (value: number): string => value.toFixed(3);
const overlaps = (left: { start: number; end: number }, right: { start: number; end: number }): boolean => left.start < right.end && right.start < left.end;
const covers = (outer: { start: number; end: number }, inner: { start: number; end: number }): boolean => outer.start <= inner.start && outer.end >= inner.end;

/** Turns "[[PERSON:Anna Berg]] called" into text and gold spans. */
export function parseMarkedLine(id: string, language: string, marked: string): Example {
  const spans: Example['spans'] = [];
  let text = '';
  let cursor = 0;
  for (const match of marked.matchAll(/\[\[([A-Z_]+):(.+?)\]\]/g)) {
    text += marked.slice(cursor, match.index);
    const entity = z.enum(PII_ENTITY_TYPES).parse(match[1]);
    spans.push({ start: text.length, end: text.length + (match[2] ?? '').length, entity });
    text += match[2] ?? '';
    cursor = match.index + match[0].length;
  }
  text += marked.slice(cursor);
  return { id, language, group: spans[0]?.entity ?? 'negative', text, spans };
}

export interface OrdinaryTextCheck {
  sentences: number;
  perLanguage: Record<string, number>;
  redactions: Record<string, number>;
  perThousand: number;
  perThousandWithoutLocation: number;
}

const UDHR_CODES: Readonly<Record<string, string>> = {
  en: 'eng',
  zh: 'cmn_hans',
  ru: 'rus',
  fr: 'fra',
  es: 'spa',
  de: 'deu_1996',
  pt: 'por_PT',
  it: 'ita',
  ja: 'jpn',
  ko: 'kor',
};

/** False redactions on ordinary prose: the UDHR (udhr package) in the ten languages names nobody and gives no address. */
function checkOrdinaryText(): OrdinaryTextCheck {
  const detector = createPiiDetector();
  const redactions: Record<string, number> = {};
  const perLanguage: Record<string, number> = {};
  let sentences = 0;
  for (const [language, code] of Object.entries(UDHR_CODES)) {
    const lines = [...udhrSentences(code, 'training'), ...udhrSentences(code, 'held-out')];
    sentences += lines.length;
    for (const line of lines) {
      for (const span of detector.detect(line)) {
        redactions[span.entity] = (redactions[span.entity] ?? 0) + 1;
        perLanguage[language] = (perLanguage[language] ?? 0) + 1;
      }
    }
  }
  const total = Object.values(redactions).reduce((sum, count) => sum + count, 0);
  return {
    sentences,
    perLanguage,
    redactions,
    perThousand: (1000 * total) / sentences,
    perThousandWithoutLocation: (1000 * (total - (redactions.LOCATION ?? 0))) / sentences,
  };
}

export async function runPiiEval(): Promise<PiiEvalResult> {
  const postFreeze = scoreMarkedLines(POST_FREEZE_LINES, 'post');
  return {
    postFreeze2: scorePostFreeze2(),
    postFreeze,
    ordinaryText: checkOrdinaryText(),
    development: scoreSet(PII_DEVELOPMENT_SET_PATH),
    heldOut: scoreSet(PII_HELD_OUT_SET_PATH),
    realChats: checkRealChats(),
  };
}

export function scorePostFreeze2(): PiiSetResult {
  return scoreMarkedLines(POST_FREEZE_LINES_2, 'chat');
}

/** Scores a set of marked lines; line n is `<prefix>-n` in the error list. */
function scoreMarkedLines(lines: ReadonlyArray<readonly [language: string, marked: string]>, prefix: string): PiiSetResult {
  return scoreExamples(lines.map(([language, marked], index) => parseMarkedLine(`${prefix}-${index + 1}`, language, marked)));
}

function scoreSet(file: string): PiiSetResult {
  return scoreExamples(loadPiiTestSet(file));
}

function scoreExamples(examples: Example[]): PiiSetResult {
  const detector = createPiiDetector();
  const predictions = new Map<string, PiiSpan[]>();
  const started = performance.now();
  for (const example of examples) predictions.set(example.id, detector.detect(example.text));
  const elapsedSeconds = (performance.now() - started) / 1000;

  const tally = new Map<PiiEntityType, { gold: number; predicted: number; truePositives: number; recalled: number }>(
    PII_ENTITY_TYPES.map((entity) => [entity, { gold: 0, predicted: 0, truePositives: 0, recalled: 0 }]),
  );
  const errors: PiiEvalError[] = [];
  let leaked = 0;
  let halfRedacted = 0;
  let overExtended = 0;
  let englishPersons = 0;
  let englishPersonsRecalled = 0;
  const perLanguage: Record<string, Record<string, [number, number]>> = {};
  for (const example of examples) {
    const predicted = predictions.get(example.id) ?? [];
    for (const gold of example.spans) {
      const counts = tally.get(gold.entity);
      if (!counts) continue;
      counts.gold += 1;
      const hit = predicted.some((span) => span.entity === gold.entity && covers(span, gold));
      if (hit) counts.recalled += 1;
      const cell = ((perLanguage[example.language] ??= {})[gold.entity] ??= [0, 0]);
      cell[1] += 1;
      if (hit) cell[0] += 1;
      else errors.push({ id: example.id, kind: 'missed', entity: gold.entity, text: example.text.slice(gold.start, gold.end) });
      if (gold.entity === 'PERSON' && example.language === 'en') {
        englishPersons += 1;
        if (hit) englishPersonsRecalled += 1;
      }
      if (!predicted.some((span) => covers(span, gold))) {
        leaked += 1;
        if (predicted.some((span) => overlaps(span, gold))) halfRedacted += 1;
      }
    }
    for (const span of predicted) {
      const counts = tally.get(span.entity);
      if (!counts) continue;
      counts.predicted += 1;
      const gold = example.spans.find((candidate) => candidate.entity === span.entity && overlaps(span, candidate));
      if (gold) {
        counts.truePositives += 1;
        if (gold.start - span.start > 2 || span.end - gold.end > 2) overExtended += 1;
      } else errors.push({ id: example.id, kind: 'false-positive', entity: span.entity, text: example.text.slice(span.start, span.end) });
    }
  }
  const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 1 : numerator / denominator);
  const perEntity: EntityScore[] = [...tally].map(([entity, counts]) => ({
    entity,
    ...counts,
    precision: ratio(counts.truePositives, counts.predicted),
    recall: ratio(counts.recalled, counts.gold),
  }));
  const structuredScores = perEntity.filter((score) => !['PERSON', 'LOCATION', 'STREET_ADDRESS'].includes(score.entity));
  const sum = (pick: (score: EntityScore) => number): number => structuredScores.reduce((total, score) => total + pick(score), 0);
  return {
    sentences: examples.length,
    negatives: examples.filter((example) => example.spans.length === 0).length,
    perEntity,
    structured: {
      precision: ratio(
        sum((score) => score.truePositives),
        sum((score) => score.predicted),
      ),
      recall: ratio(
        sum((score) => score.recalled),
        sum((score) => score.gold),
      ),
    },
    englishPersonRecall: ratio(englishPersonsRecalled, englishPersons),
    leaked,
    halfRedacted,
    overExtended,
    errors,
    messagesPerSecond: examples.length / Math.max(elapsedSeconds, 1e-9),
    perLanguage,
  };
}

function perLanguageMarkdown(result: PiiSetResult): string[] {
  const entities = ['PERSON', 'STREET_ADDRESS', 'LOCATION'];
  const cell = (pair: [number, number] | undefined): string => (pair ? `${pair[0]}/${pair[1]}` : '–');
  return [
    '| language | ' + entities.join(' | ') + ' | structured |',
    '|---|' + entities.map(() => '---|').join('') + '---|',
    ...Object.entries(result.perLanguage).map(([language, byEntity]) => {
      const structured = Object.entries(byEntity)
        .filter(([entity]) => !entities.includes(entity))
        .reduce<[number, number]>((sum, [, pair]) => [sum[0] + pair[0], sum[1] + pair[1]], [0, 0]);
      return `| ${language} | ${entities.map((entity) => cell(byEntity[entity])).join(' | ')} | ${structured[1] > 0 ? cell(structured) : '–'} |`;
    }),
    '',
  ];
}

function ordinaryMarkdown(check: OrdinaryTextCheck): string[] {
  const counts =
    Object.entries(check.redactions)
      .map(([entity, count]) => `${entity} ${count}`)
      .join(', ') || 'none';
  const languages =
    Object.entries(check.perLanguage)
      .map(([language, count]) => `${language} ${count}`)
      .join(', ') || 'none';
  return [
    '### False redactions on ordinary text (UDHR, udhr package, 10 languages)',
    '',
    `${check.sentences} paragraphs of the Universal Declaration of Human Rights in en, zh, ru, fr, es, de, pt, it, ja, ko (no person, address or number in it): **${check.perThousand.toFixed(1)} redactions per 1,000 paragraphs** (${check.perThousandWithoutLocation.toFixed(1)} without LOCATION, which mostly hits country names such as "United Nations" contexts). By type: ${counts}. By language: ${languages}.`,
    '',
  ];
}

function setMarkdown(title: string, result: PiiSetResult): string[] {
  const rows = result.perEntity.map((score) => `| ${score.entity} | ${score.gold} | ${score.predicted} | ${fixed(score.precision)} | ${fixed(score.recall)} |`);
  return [
    `### ${title}: ${result.sentences} sentences, ${result.negatives} without PII`,
    '',
    `**Structured PII (all types except PERSON): precision ${fixed(result.structured.precision)}, recall ${fixed(result.structured.recall)}** · English names recall ${fixed(result.englishPersonRecall)} · gold values left (partly) visible: ${result.leaked}, of which half-redacted: ${result.halfRedacted} · predictions reaching > 2 characters past the value: ${result.overExtended}`,
    '',
    '| entity | gold | predicted | precision | recall |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Errors:',
    '',
    ...(result.errors.length > 0 ? result.errors.map((error) => `- ${error.kind} ${error.entity} in \`${error.id}\``) : ['- none']),
    '',
  ];
}

export function piiEvalMarkdown(result: PiiEvalResult): string {
  return [
    '## PII detection (eval/pii)',
    '',
    'Two hand-written sets (all values invented; card, IBAN and wallet numbers generated with valid checksums; phone numbers checked valid with libphonenumber), covering every entity type in 10 languages, with hard negatives: order numbers, versions, dates, prices, ISBNs, postcodes, hashes/UUIDs in code, placeholder e-mails, documentation IPs and keys, public figures and fictional characters. Gold names include third parties mentioned without a cue ("my manager, Steven Price"), and a few names in places with no cue at all, so name recall is honest about what cue gating misses.',
    '',
    '- **Development set** (`pii-test-set.jsonl`): written first, then used to debug the recognizers. Its first run, before any fix, gave structured precision 0.954 / recall 0.960 and English-name recall 0.796; five of its IBANs turned out to fail their national check digits (a data error, regenerated). The numbers below are after debugging, so they are optimistic.',
    "- **Held-out set** (`pii-heldout-set.jsonl`): written after the first debugging round, without running the detector on it, then scored: structured precision 0.980 / recall 1.000, English-name recall 0.857. Later changes came from the development set, the unit tests and a review of findings on real chats (below); one of them (a speed change that consults compromise's lexicon) lost one held-out name whose first name is also a common noun, which we saw here and fixed, so this set is close to, but not perfectly, held out. It is small (50 structured values), so one error moves precision by 2 points. This is still the estimate to quote.",
    '',
    'Scoring: a gold span counts as recalled when a predicted span of the same type covers it completely; a prediction counts as correct when it overlaps a gold span of the same type. Under our documented defaults, private-range IPs and role/placeholder e-mails (info@, example.com) are not PII, so they are negatives.',
    '',
    '### Chat-style set (the newest; the one to quote)',
    '',
    "`eval/pii/post-freeze-set-2.ts`: 56 lines written on 2026-12-04 before that day's rule changes (names from many naming traditions, lower-case self-introductions, names at the start of a sentence, cities, real-world number formats, product and title negatives). Scored once before the changes, reading only the totals: structured precision 1.000 / recall 0.571, English-name recall 0.235 (4 of 17), 33 gold values left visible, 2 half-redacted. The figures below are the second score, after the rules were frozen; one later change, from the UDHR false-redaction check (no particles or German articles in a name run without a given name), can only remove detections and left them unchanged. Later the same day, labelled credentials (`password: …`, `API_KEY=…`) and two more phone cues were added, written from our own probe lines but with this set's error list already visible; they find the set's one secret, so the structured recall below (0.714) is not held out: the held-out figure is 0.571 (4 of 7). After that, Russian surnames in every grammatical case, the German title `Herrn` and a fix for a particle left in front of a name were added from our own probe lines; the set holds a Russian name in the dative, so its PERSON figure below (26 of 32) is not held out either: the held-out figure is 25 of 32. Last, street addresses took in a unit before the house number and a known town after it; the set has a flat number before a street, so its STREET_ADDRESS figure is not held out (held out: 4 of 5, 4 values half-redacted). One line (`chat-25`) uses an IPv6 address in the documentation range 2001:db8::/32, which the detector leaves alone by design: that miss is expected.",
    '',
    ...setMarkdown('Chat-style set', result.postFreeze2),
    ...perLanguageMarkdown(result.postFreeze2),
    '### Post-freeze set',
    '',
    '`eval/pii/post-freeze-set.ts`: 52 lines in the ten NER languages written after the rules of this round were frozen (names without cue phrases, street addresses, places, real-world number formats, hard negatives) and scored once, without any rule change afterwards. It is small: one error moves a per-language figure a lot. Its card number (`post-13`) was invented without a valid Luhn check digit, a data error left as written: a detector that checks Luhn, as ours does and Presidio does, cannot find it.',
    '',
    ...setMarkdown('Post-freeze set', result.postFreeze),
    ...perLanguageMarkdown(result.postFreeze),
    ...ordinaryMarkdown(result.ordinaryText),
    ...setMarkdown('Held-out set (written before this round; the no-cue name and address rules were not tuned on it)', result.heldOut),
    ...setMarkdown('Development set (after debugging)', result.development),
    ...realChatMarkdown(result.realChats),
  ].join('\n');
}

function realChatMarkdown(check: RealChatCheck | null): string[] {
  if (!check) return ['### Real chats', '', 'Skipped: `../shared/data/chatlogs/sharegpt_sample_1000.jsonl` not present.', ''];
  const counts = Object.entries(check.counts)
    .sort((left, right) => right[1] - left[1])
    .map(([entity, count]) => `${entity} ${count}`)
    .join(', ');
  return [
    '### Real chats (unlabelled spot check)',
    '',
    `${check.messages} turns of 1,000 real ShareGPT conversations (average ${check.averageCharacters} characters): ${check.messagesWithFindings} turns with a finding; ${counts}. Detector throughput on this run: ${check.messagesPerSecond} turns/s on one core (the machine was shared with other jobs, so treat it as a lower bound). We read the PERSON and PHONE findings of an earlier run by eye and fixed generic error classes (product names after "Name:", code identifiers, dialogue scripts, coordinates, legal citations, dummy numbers like 123-456-7890); most remaining PERSON hits are real names in letters and CVs, a few are celebrities after "it's …" and fictional names.`,
    '',
  ];
}

const summary = (name: string, result: PiiSetResult): string =>
  `${name}: structured P=${fixed(result.structured.precision)} R=${fixed(result.structured.recall)}, English names R=${fixed(result.englishPersonRecall)}, leaked ${result.leaked}, half-redacted ${result.halfRedacted}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runPiiEval();
  updateDocSection(QUALITY_DOC_PATH, 'pii-eval', piiEvalMarkdown(result));
  console.log(summary('pii chat-style (post-freeze 2)', result.postFreeze2));
  console.log(
    JSON.stringify(
      result.postFreeze2.perEntity
        .filter((score) => score.gold + score.predicted > 0)
        .map((score) => [score.entity, score.gold, score.predicted, score.recalled]),
    ),
  );
  console.log(summary('pii post-freeze', result.postFreeze));
  console.log(
    JSON.stringify(
      result.postFreeze.perEntity
        .filter((score) => score.gold + score.predicted > 0)
        .map((score) => [score.entity, score.gold, score.predicted, fixed(score.precision), fixed(score.recall)]),
    ),
  );
  console.log(JSON.stringify(result.postFreeze.perLanguage));
  console.log(
    `ordinary text: ${result.ordinaryText.sentences} paragraphs, ${result.ordinaryText.perThousand.toFixed(1)}/1000 (${result.ordinaryText.perThousandWithoutLocation.toFixed(1)} without LOCATION)`,
    JSON.stringify(result.ordinaryText.redactions),
  );
  for (const error of result.postFreeze.errors) console.log(error.kind, error.entity, error.id);
  console.log(summary('pii held-out', result.heldOut));
  console.log(summary('pii development', result.development));
  if (result.realChats)
    console.log(
      `pii real chats: ${result.realChats.messages} turns, ${result.realChats.messagesWithFindings} with findings, ${result.realChats.messagesPerSecond} turns/s`,
    );
}
