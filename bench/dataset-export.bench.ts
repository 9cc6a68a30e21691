/**
 * Export benchmark: N release records (WildChat-1M shaped, annotated, realistic lengths) to
 * Parquet in Hugging Face layout, as `wildchat export` does. Target at 1,000,000 conversations:
 * <= 60 s and peak RSS <= 1 GB on the 2-core reference machine.
 *
 * Records come from a pool of distinct synthetic conversations generated before the clock starts
 * (generation is not what is measured), cycled with fresh ids; the pool is larger than a row group
 * so compression sees no repeats within one.
 *
 *   WILDCHAT_BENCH_SIZE=1000000 node --import tsx bench/dataset-export.bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportDataset } from '../src/dataset/export/export-dataset.ts';
import type { ReleaseRecord } from '../src/schema/release-record.ts';
import { benchSize, cpuSeconds, folderBytes, peakRssMegabytes, printFigures, scratchDirectory, seconds, type BenchFigure } from './bench-support.ts';
import { generateConversations, toReleaseRecord } from './generate-conversations.ts';

const POOL_SIZE = 5_000;
const BATCH = 1000;

async function* cycledRecords(pool: readonly ReleaseRecord[], count: number): AsyncGenerator<ReleaseRecord[]> {
  for (let start = 0; start < count; start += BATCH) {
    const batch: ReleaseRecord[] = [];
    for (let index = start; index < Math.min(count, start + BATCH); index += 1) {
      const record = pool[index % pool.length] as ReleaseRecord;
      batch.push({ ...record, conversation_id: `synthetic-${index}` });
    }
    yield batch;
  }
}

async function exportOnce(size: number, annotated: boolean): Promise<BenchFigure[]> {
  const pool = [...generateConversations(Math.min(POOL_SIZE, size), 11)].map((conversation) => toReleaseRecord(conversation, { annotated }));
  const directory = scratchDirectory('export');
  try {
    const out = path.join(directory, 'dataset');
    const cpuBefore = cpuSeconds();
    const started = process.hrtime.bigint();
    const report = await exportDataset({ records: cycledRecords(pool, size), outDir: out, prettyName: 'Bench', format: 'parquet' });
    const elapsed = seconds(started);
    const cpu = cpuSeconds() - cpuBefore;
    const bytes = folderBytes(path.join(out, 'data'));
    const rss = peakRssMegabytes();
    const projected = (elapsed / size) * 1_000_000;
    const label = annotated ? 'annotated (WildChat-1M moderation + detoxify per message)' : 'collected, before annotation (moderation null)';
    return [
      { name: `${label}: export ${size.toLocaleString('en-US')} conversations to Parquet, wall time`, value: elapsed, unit: 's' },
      { name: '  CPU time, all threads', value: cpu, unit: 's' },
      { name: '  throughput', value: size / elapsed, unit: 'conversations/s' },
      { name: '  projected wall time for 1,000,000 (linear)', value: projected, unit: 's', target: '<= 60 s', met: projected <= 60 },
      { name: '  projected CPU time for 1,000,000', value: (cpu / size) * 1_000_000, unit: 's' },
      { name: '  peak RSS so far (whole process, incl. the record pool)', value: rss, unit: 'MB', target: '<= 1024 MB', met: rss <= 1024 },
      { name: '  Parquet bytes per conversation', value: bytes / size, unit: 'B' },
      { name: '  data files', value: report.shards.length, unit: 'files' },
    ];
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** WILDCHAT_BENCH_EXPORT_VARIANT=collected|annotated runs one variant (its own peak RSS); default both. */
export async function runExportBenchmark(size: number, variant = process.env.WILDCHAT_BENCH_EXPORT_VARIANT ?? 'both'): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  if (variant !== 'annotated') figures.push(...(await exportOnce(size, false)));
  if (variant !== 'collected') figures.push(...(await exportOnce(size, true)));
  printFigures('dataset export', figures);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runExportBenchmark(benchSize());
