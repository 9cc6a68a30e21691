/**
 * SQLite search index build under bulk-load settings, same conversations, same process, one
 * variant after the other and the baseline again at the end (its repeat shows the run's noise on
 * a shared machine). The settings are applied from outside through the index's database handle,
 * so this measures candidates before any of them goes into the index itself (FTS5 takes its
 * settings as literals, not bound parameters; these are constants of this file):
 *   journal off + synchronous off (what a fresh build written to a temporary file could use)
 *   transactions of 5,000 conversations instead of 1,000
 *   FTS5 automerge off and crisismerge 64 (the final optimize merges every segment anyway)
 *   FTS5 pages of 4,000 bytes instead of 1,000
 *   the bulk build as shipped (SqliteBulkBuild: the settings above that paid, in a temporary file)
 * Reports CPU seconds (this process) of the whole build including optimize, the insert share,
 * wall time and the file size.
 *
 *   WILDCHAT_BENCH_SIZE=20000 node --import tsx bench/explorer-build-settings.bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IndexDocument } from '../src/search/search-index.ts';
import { SqliteBulkBuild } from '../src/search/sqlite/sqlite-bulk-build.ts';
import { SqliteSearchIndex } from '../src/search/sqlite/sqlite-search-index.ts';
import { benchSize, cpuSeconds, printFigures, scratchDirectory, type BenchFigure } from './bench-support.ts';
import { generateConversations, toReleaseRecord } from './generate-conversations.ts';

const size = benchSize(20_000);
const directory = scratchDirectory('explorer-build-settings');

interface Variant {
  name: string;
  /** Built as `wildchat index` builds a new index (SqliteBulkBuild); pragmas and ftsSettings are then unused. */
  shippedBulkBuild?: true;
  batch: number;
  pragmas: string[];
  ftsSettings: Array<[string, number]>;
}

const journalOff = ['journal_mode = OFF', 'synchronous = OFF'];
const noMerge: Array<[string, number]> = [
  ['automerge', 0],
  ['crisismerge', 64],
];
const baseline: Variant = { name: 'baseline (WAL, 1,000 a transaction)', batch: 1000, pragmas: [], ftsSettings: [] };
const variants: Variant[] = [
  baseline,
  { name: 'journal off', batch: 1000, pragmas: journalOff, ftsSettings: [] },
  { name: 'journal off, 5,000 a transaction', batch: 5000, pragmas: journalOff, ftsSettings: [] },
  { name: 'journal off, no FTS5 automerge', batch: 1000, pragmas: journalOff, ftsSettings: noMerge },
  { name: 'journal off, no automerge, pgsz 4000, 5,000 a transaction', batch: 5000, pragmas: journalOff, ftsSettings: [...noMerge, ['pgsz', 4000]] },
  { name: 'bulk build as shipped (temporary file, no journal, no automerge, rename)', shippedBulkBuild: true, batch: 1000, pragmas: [], ftsSettings: [] },
  { ...baseline, name: 'baseline again' },
];

const documents: IndexDocument[] = [];
for (const conversation of generateConversations(size, 5)) {
  documents.push({ dataset: 'synthetic', key: String(documents.length), record: toReleaseRecord(conversation) });
}

function removeIndex(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

const figures: BenchFigure[] = [];
try {
  for (const [position, variant] of variants.entries()) {
    const file = path.join(directory, `variant-${position}.sqlite`);
    removeIndex(file);
    const cpuBefore = cpuSeconds();
    const started = performance.now();
    const build = variant.shippedBulkBuild === true ? SqliteBulkBuild.begin(file) : null;
    const index = build?.index ?? new SqliteSearchIndex(file);
    for (const pragma of variant.pragmas) index.database.pragma(pragma);
    for (const [setting, value] of variant.ftsSettings) index.database.exec(`INSERT INTO words (words, rank) VALUES ('${setting}', ${value})`);
    for (let at = 0; at < documents.length; at += variant.batch) await index.addDocuments(documents.slice(at, at + variant.batch));
    const insertCpu = cpuSeconds() - cpuBefore;
    if (build === null) {
      await index.optimize();
      await index.close();
    } else {
      await build.finish();
    }
    const cpu = cpuSeconds() - cpuBefore;
    const wall = (performance.now() - started) / 1000;
    const bytes = ['', '-wal'].reduce((sum, suffix) => sum + (fs.statSync(file + suffix, { throwIfNoEntry: false })?.size ?? 0), 0);
    removeIndex(file);
    figures.push(
      { name: `${variant.name}: build CPU (insert ${insertCpu.toFixed(1)} CPU-s)`, value: cpu, unit: 'CPU-s' },
      { name: `${variant.name}: build rate`, value: size / cpu, unit: 'conversations/CPU-s' },
      { name: `${variant.name}: wall`, value: wall, unit: 's' },
      { name: `${variant.name}: size`, value: bytes / 1e6, unit: 'MB' },
    );
  }
  printFigures(`explorer build settings, ${size.toLocaleString('en-US')} generated conversations`, figures);
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
