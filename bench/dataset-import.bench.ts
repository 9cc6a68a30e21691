/**
 * Import benchmark: N WildChat-1M rows (annotated, realistic lengths) from JSONL and from
 * Parquet into a dataset in a fresh SQLite store, as `wildchat import` does. Target: >= 20,000
 * conversations/s for each. Also reports bytes per conversation in the store and in Parquet.
 *
 * Input files are written before the clock starts, from a pool of distinct synthetic
 * conversations cycled with fresh hashes (each row stays unique, so nothing is deduplicated).
 *
 *   WILDCHAT_BENCH_SIZE=1000000 node --import tsx bench/dataset-import.bench.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportDataset } from '../src/dataset/export/export-dataset.ts';
import { importFiles } from '../src/dataset/import/import-files.ts';
import { normalizeConversationListRow } from '../src/dataset/import/normalize-wildchat.ts';
import type { ReleaseRecord } from '../src/schema/release-record.ts';
import { openSqliteStore, sqliteDatabaseOf } from '../src/store/sqlite/open-sqlite-store.ts';
import { benchSize, cpuSeconds, folderBytes, peakRssMegabytes, printFigures, scratchDirectory, seconds, type BenchFigure } from './bench-support.ts';
import { generateConversations, toWildChatRow } from './generate-conversations.ts';

const POOL_SIZE = 20_000;

function uniqueHash(index: number): string {
  return index.toString(16).padStart(32, '0');
}

async function writeInputs(directory: string, size: number): Promise<{ jsonl: string; parquetFiles: string[] }> {
  const pool = [...generateConversations(Math.min(POOL_SIZE, size), 13)].map(toWildChatRow);
  const jsonl = path.join(directory, 'wildchat.jsonl');
  const stream = fs.createWriteStream(jsonl);
  for (let start = 0; start < size; start += 1000) {
    let text = '';
    for (let index = start; index < Math.min(size, start + 1000); index += 1) {
      text += JSON.stringify({ ...pool[index % pool.length], conversation_hash: uniqueHash(index) }) + '\n';
    }
    if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', () => resolve(undefined)));
  }
  await new Promise<void>((resolve) => stream.end(() => resolve()));

  async function* records(): AsyncGenerator<ReleaseRecord[]> {
    for (let start = 0; start < size; start += 1000) {
      const batch: ReleaseRecord[] = [];
      for (let index = start; index < Math.min(size, start + 1000); index += 1) {
        batch.push(normalizeConversationListRow({ ...pool[index % pool.length], conversation_hash: uniqueHash(index) }, 'wildchat'));
      }
      yield batch;
    }
  }
  const exported = await exportDataset({ records: records(), outDir: path.join(directory, 'parquet'), prettyName: 'Bench input', schema: 'wildchat-1m' });
  return { jsonl, parquetFiles: exported.shards.map((shard) => path.join(directory, 'parquet', shard.file)) };
}

interface ImportTiming {
  rate: number;
  /** Conversations per CPU second (all threads): what an otherwise idle core would give. */
  cpuRate: number;
  storeBytesPerConversation: number;
}

async function timedImport(directory: string, name: string, files: string[], size: number): Promise<ImportTiming> {
  const databasePath = path.join(directory, `${name}.sqlite`);
  const store = openSqliteStore({ path: databasePath });
  try {
    const cpuBefore = cpuSeconds();
    const started = process.hrtime.bigint();
    const report = await importFiles({ files, dataset: name, store: store.datasets, format: 'wildchat' });
    const elapsed = seconds(started);
    const cpu = cpuSeconds() - cpuBefore;
    if (report.imported !== size) throw new Error(`imported ${report.imported} of ${size}`);
    sqliteDatabaseOf(store).pragma('wal_checkpoint(TRUNCATE)');
    const pageCount = Number(sqliteDatabaseOf(store).pragma('page_count', { simple: true }));
    const pageSize = Number(sqliteDatabaseOf(store).pragma('page_size', { simple: true }));
    return { rate: size / elapsed, cpuRate: size / cpu, storeBytesPerConversation: (pageCount * pageSize) / size };
  } finally {
    await store.close();
  }
}

export async function runImportBenchmark(size: number): Promise<BenchFigure[]> {
  const directory = scratchDirectory('import');
  try {
    const { jsonl, parquetFiles } = await writeInputs(directory, size);
    const jsonlBytes = fs.statSync(jsonl).size;
    const parquetBytes = folderBytes(path.join(directory, 'parquet', 'data'));
    const fromJsonl = await timedImport(directory, 'from-jsonl', [jsonl], size);
    const fromParquet = await timedImport(directory, 'from-parquet', parquetFiles, size);
    const figures: BenchFigure[] = [
      {
        name: `import ${size.toLocaleString('en-US')} conversations from JSONL`,
        value: fromJsonl.rate,
        unit: 'conversations/s',
        target: '>= 20,000/s',
        met: fromJsonl.rate >= 20_000,
      },
      {
        name: `import ${size.toLocaleString('en-US')} conversations from Parquet`,
        value: fromParquet.rate,
        unit: 'conversations/s',
        target: '>= 20,000/s',
        met: fromParquet.rate >= 20_000,
      },
      { name: '  per CPU second (JSONL)', value: fromJsonl.cpuRate, unit: 'conversations/s' },
      { name: '  per CPU second (Parquet)', value: fromParquet.cpuRate, unit: 'conversations/s' },
      { name: 'JSONL bytes per conversation (input)', value: jsonlBytes / size, unit: 'B' },
      { name: 'Parquet (ZSTD) bytes per conversation', value: parquetBytes / size, unit: 'B' },
      { name: 'SQLite store bytes per conversation (record JSON + indexes)', value: fromJsonl.storeBytesPerConversation, unit: 'B' },
      { name: 'peak RSS (whole process)', value: peakRssMegabytes(), unit: 'MB' },
    ];
    printFigures('dataset import', figures);
    return figures;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runImportBenchmark(benchSize());
