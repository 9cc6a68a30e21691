/**
 * The offline PII detector (the release's default backend), in CPU time on one thread, over real
 * chat text (the ShareGPT sample in ../shared/data, when present) and over generated
 * conversations (bench/generate-conversations.ts). Target (issue 9): ≥ 2,000 messages/s per
 * core. Same-run baseline: the structured recognizers alone (every type but PERSON, LOCATION and
 * STREET_ADDRESS), i.e. the detector before the cueless-name and place recognizers were added.
 * Also reports each recognizer's share, so a regression shows where it comes from. Word lists
 * and models are loaded before the clock starts (their cost is start-up, measured elsewhere).
 */
import fs from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { PII_ENTITY_TYPES, type PiiEntityType } from '../src/pipeline/pii/pii-entity.ts';
import { createPiiDetector, type PiiDetector } from '../src/pipeline/pii/pii-detector.ts';
import { benchSize, printFigures, type BenchFigure } from './bench-support.ts';
import { generateConversations } from './generate-conversations.ts';

const TARGET = 2_000;
const SHAREGPT_SAMPLE = new URL('../../shared/data/chatlogs/sharegpt_sample_1000.jsonl', import.meta.url);
const CUELESS: readonly PiiEntityType[] = ['PERSON', 'LOCATION', 'STREET_ADDRESS'];

function cpuMicroseconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

/** The message texts of the ShareGPT sample (`conversations[].value`), or null without ../shared. */
function sharegptMessages(): string[] | null {
  if (!fs.existsSync(SHAREGPT_SAMPLE)) return null;
  const texts: string[] = [];
  for (const line of fs.readFileSync(SHAREGPT_SAMPLE, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { conversations?: { value?: unknown }[] };
    for (const message of row.conversations ?? []) if (typeof message.value === 'string') texts.push(message.value);
  }
  return texts;
}

function generatedMessages(conversations: number): string[] {
  return [...generateConversations(conversations, 11)].flatMap((conversation) => conversation.turns.flatMap((turn) => [turn.user, turn.assistant]));
}

/** Best of `rounds` runs (the machine is shared: the least disturbed run is the closest to the cost). */
function messagesPerCpuSecond(detector: PiiDetector, texts: readonly string[], rounds = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    best = Math.min(
      best,
      cpuMicroseconds(() => {
        for (const text of texts) detector.detect(text);
      }),
    );
  }
  return texts.length / (best / 1e6);
}

function recognizerShares(detector: PiiDetector, texts: readonly string[]): BenchFigure[] {
  const micros = new Map<string, number>();
  for (const recognizer of detector.recognizers) {
    micros.set(
      recognizer.name,
      cpuMicroseconds(() => {
        for (const text of texts) if (text.trim().length >= 5 && recognizer.mayMatch(text)) recognizer.find(text);
      }),
    );
  }
  return [...micros]
    .sort((left, right) => right[1] - left[1])
    .map(([name, spent]) => ({ name: `  recognizer ${name}`, value: spent / texts.length, unit: 'µs per message' }));
}

export async function runPiiDetectorBenchmark(size: number): Promise<BenchFigure[]> {
  const full = createPiiDetector();
  const structured = createPiiDetector({ entities: PII_ENTITY_TYPES.filter((entity) => !CUELESS.includes(entity)) });
  const sets: [string, string[]][] = [];
  const real = sharegptMessages();
  if (real !== null) sets.push([`ShareGPT sample (${real.length.toLocaleString('en-US')} real messages)`, real]);
  const generated = generatedMessages(size);
  sets.push([`generated (${generated.length.toLocaleString('en-US')} messages of ${size.toLocaleString('en-US')} conversations)`, generated]);
  // Loads every word list, model and lazily built pattern before any clock starts.
  for (const [, texts] of sets) for (const text of texts.slice(0, 200)) full.detect(text);

  const figures: BenchFigure[] = [];
  for (const [label, texts] of sets) {
    const characters = texts.reduce((sum, text) => sum + text.length, 0);
    const rate = messagesPerCpuSecond(full, texts);
    const baseline = messagesPerCpuSecond(structured, texts);
    figures.push(
      {
        name: `${label}, mean ${Math.round(characters / texts.length).toLocaleString('en-US')} characters: offline detector`,
        value: rate,
        unit: 'messages/CPU-s',
        target: `>= ${TARGET.toLocaleString('en-US')}`,
        met: rate >= TARGET,
      },
      { name: '  baseline, structured recognizers only (same run)', value: baseline, unit: 'messages/CPU-s' },
      { name: '  cost of the full detector relative to the baseline', value: baseline / rate, unit: '×' },
      ...recognizerShares(full, texts),
    );
  }
  printFigures(`PII offline detector, one thread, CPU time (${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0]?.toFixed(1)})`, figures);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPiiDetectorBenchmark(benchSize(2_000));
