/**
 * Statistics benchmark: `wildchat stats` and `wildchat report` over N generated conversations in
 * Parquet (WildChat-1M columns plus our annotations, so every statistic runs: toxicity, moderation
 * categories, carried token counts, jailbreaks, PII, duplicates). Targets at 1,000,000: stats
 * <= 10 s wall and <= 1 GB RSS, full report <= 30 s.
 *
 * A pool of 5,000 distinct annotated conversations is written first, then DuckDB multiplies it
 * into N rows with distinct users and hashes (the texts repeat, which helps Parquet compression a
 * little; the statistics still decode every message). Each measured run is its own process
 * (bench/stats-child.ts); the figures include DuckDB's start but not tsx's. The same-run baseline
 * decodes the conversation lists and nothing else: DuckDB reads a Parquet list of structs whole
 * (no single field of it), so no statistic that needs the messages can be faster than it.
 *
 *   WILDCHAT_BENCH_SIZE=1000000 node --import tsx bench/stats.bench.ts
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDb, sqlString } from '../src/dataset/duckdb-session.ts';
import { fixtureRecords, writeRecords } from '../test/stats/stats-fixtures.ts';
import { benchSize, folderBytes, printFigures, scratchDirectory, type BenchFigure } from './bench-support.ts';

const POOL = 5_000;
const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

interface ChildResult {
  seconds: number;
  peakRssMegabytes: number;
  cpuSeconds: number;
  conversations: number | null;
}

function measured(mode: 'stats' | 'report' | 'floor', folder: string, out: string): ChildResult & { wallSeconds: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDirectory, 'stats-child.ts'), mode, folder, out], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${mode} failed: ${result.stderr}`);
  const line = result.stdout.trim().split('\n').pop() ?? '{}';
  return { ...(JSON.parse(line) as ChildResult), wallSeconds };
}

async function main(): Promise<void> {
  const size = benchSize(100_000);
  const directory = scratchDirectory('stats');
  try {
    const pool = await writeRecords(fixtureRecords(Math.min(POOL, size), 5), path.join(directory, 'pool'));
    const dataset = path.join(directory, 'dataset', 'data');
    fs.mkdirSync(dataset, { recursive: true });
    const copies = Math.ceil(size / POOL);
    const session = await openDuckDb({ threads: 2, memoryLimit: '1GB', tempDirectory: path.join(directory, 'duckdb-tmp') });
    const generationStarted = process.hrtime.bigint();
    await session.connection.run(
      `COPY (SELECT p.* REPLACE (p.hashed_ip || '-' || r.range AS hashed_ip, substr(md5(p.conversation_hash || r.range), 1, 32) AS conversation_hash)
             FROM read_parquet(${sqlString(path.join(pool, 'data', '*.parquet'))}) p, range(${copies}) r LIMIT ${size})
       TO ${sqlString(path.join(dataset, 'train-00000-of-00001.parquet'))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 5000)`,
    );
    session.close();
    const generation = Number(process.hrtime.bigint() - generationStarted) / 1e9;
    const bytes = folderBytes(dataset);
    const floor = measured('floor', path.dirname(dataset), path.join(directory, 'unused.html'));
    const stats = measured('stats', path.dirname(dataset), path.join(directory, 'unused.html'));
    const report = measured('report', path.dirname(dataset), path.join(directory, 'report.html'));
    const scale = 1_000_000 / size;
    const figures: BenchFigure[] = [
      { name: 'conversations', value: stats.conversations ?? 0, unit: 'rows' },
      { name: 'Parquet size', value: bytes / 1e6, unit: 'MB' },
      { name: 'generation (DuckDB copy, not measured against a target)', value: generation, unit: 's' },
      {
        name: 'stats wall (in-process, incl. DuckDB start)',
        value: stats.seconds,
        unit: 's',
        ...(size >= 1_000_000 ? { target: '<= 10 s', met: stats.seconds <= 10 } : {}),
      },
      { name: 'stats wall (whole process incl. tsx start)', value: stats.wallSeconds, unit: 's' },
      { name: 'stats CPU', value: stats.cpuSeconds, unit: 'CPU-s' },
      { name: 'baseline: decoding the conversation lists alone, wall (in-process)', value: floor.seconds, unit: 's' },
      { name: 'baseline: decoding the conversation lists alone, CPU', value: floor.cpuSeconds, unit: 'CPU-s' },
      { name: 'stats wall / decode baseline', value: stats.seconds / floor.seconds, unit: '×' },
      { name: 'stats peak RSS', value: stats.peakRssMegabytes, unit: 'MB', target: '<= 1024 MB', met: stats.peakRssMegabytes <= 1024 },
      { name: 'report wall (in-process)', value: report.seconds, unit: 's', ...(size >= 1_000_000 ? { target: '<= 30 s', met: report.seconds <= 30 } : {}) },
      { name: 'report peak RSS', value: report.peakRssMegabytes, unit: 'MB' },
      { name: 'report HTML size', value: fs.statSync(path.join(directory, 'report.html')).size / 1e3, unit: 'kB' },
    ];
    if (size < 1_000_000) figures.push({ name: 'stats wall extrapolated linearly to 1M', value: stats.seconds * scale, unit: 's (estimate)' });
    printFigures(`stats over ${size.toLocaleString('en-US')} conversations`, figures);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

await main();
