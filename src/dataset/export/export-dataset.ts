/**
 * `wildchat export`: release records -> a folder in Hugging Face layout
 * (`data/train-0000i-of-0000n.parquet|jsonl[.gz]` + README.md card).
 *
 * Deterministic: the same records and options give byte-identical files (fixed DuckDB settings,
 * single-threaded Parquet writing, gzip without a timestamp, no clock in the card).
 * Atomic: everything is written under `<out>.tmp-<random>` and renamed at the end; on failure
 * the temp folder is removed, so an interrupted export never leaves half a dataset.
 * Bounded memory: records stream through a JSONL part file per shard; DuckDB converts shard k
 * to Parquet while the next shard is being written.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { openDuckDb, sqlString, type DuckDbSession } from '../duckdb-session.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../../core/progress-sink.ts';
import { renderDatasetCard } from './dataset-card.ts';
import { addToStatistics, emptyStatistics, type DatasetStatistics } from './dataset-statistics.ts';
import { recordJsonLine } from './record-json-line.ts';
import { duckDbColumnsArgument, EXPORT_COLUMNS, type ExportSchema } from './release-columns.ts';

export type ExportFormat = 'parquet' | 'jsonl';

export interface ExportOptions {
  records: AsyncIterable<readonly ReleaseRecord[]>;
  outDir: string;
  format?: ExportFormat;
  schema?: ExportSchema;
  /** JSONL only: gzip the shards (.jsonl.gz). */
  gzip?: boolean;
  /** A shard closes when it reaches this many rows ... */
  shardRows?: number;
  /** ... or this many bytes of JSON text (Parquet shards are several times smaller). */
  shardBytes?: number;
  rowGroupSize?: number;
  compression?: 'zstd' | 'snappy';
  /** ZSTD level (1 = fastest; 3 is DuckDB's default). */
  compressionLevel?: number;
  /** Replace an existing output folder (only once the new one is complete). */
  overwrite?: boolean;
  prettyName: string;
  license?: string;
  attributions?: readonly string[];
  /** Total rows when known, for the progress bar. */
  expectedRows?: number | null;
  progress?: ProgressSink;
  duckDbThreads?: number;
  duckDbMemoryLimit?: string;
  /**
   * Runs each Parquet conversion; writers that share one (e.g. src/release/task-queue.ts) convert one at a time and close their
   * DuckDB after each shard, so concurrent exports never hold more than one DuckDB memory limit between them.
   */
  conversionQueue?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Aborting (e.g. on Ctrl-C) stops after the current batch and removes the temp folder. */
  signal?: AbortSignal;
}

export interface ExportedShard {
  file: string;
  rows: number;
  bytes: number;
}

export interface ExportReport {
  outDir: string;
  rows: number;
  shards: ExportedShard[];
  statistics: DatasetStatistics;
}

export class ExportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExportError';
  }
}

export const DEFAULT_SHARD_ROWS = 250_000;
export const DEFAULT_SHARD_BYTES = 512 * 1024 * 1024;
export const DEFAULT_ROW_GROUP_SIZE = 5_000;
/** Level 1 writes about twice as fast as level 3 for ~15% larger files (bench/RESULTS.md). */
export const DEFAULT_ZSTD_LEVEL = 1;
/** Largest single record DuckDB's JSON reader accepts. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
/**
 * DuckDB's JSON reader allocates buffers of twice `maximum_object_size` per thread, so each shard
 * asks for no more than its longest line needs (UTF-16 length x 3 bounds its UTF-8 bytes).
 */
const MIN_OBJECT_SIZE_BYTES = 1024 * 1024;

function maximumObjectSize(longestLineChars: number): number {
  let size = MIN_OBJECT_SIZE_BYTES;
  while (size < longestLineChars * 3 + 1 && size < MAX_RECORD_BYTES) size *= 2;
  return size;
}

/** DuckDB messages can quote the offending JSON (i.e. conversation text): keep only their class. */
async function runDuckDb(session: DuckDbSession, what: string, sql: string): Promise<void> {
  try {
    await session.connection.run(sql);
  } catch (error) {
    const kind = String((error as Error).message).split(':')[0] ?? 'error';
    throw new ExportError(`Parquet conversion of ${what} failed (${kind})`, { cause: error });
  }
}

function shardName(index: number, count: number, extension: string): string {
  return `train-${String(index).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.${extension}`;
}

interface OpenShard {
  index: number;
  partPath: string;
  stream: Writable;
  fileStream: fs.WriteStream;
  rows: number;
  chars: number;
  longestLineChars: number;
}

async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

export async function exportDataset(options: ExportOptions): Promise<ExportReport> {
  const format = options.format ?? 'parquet';
  const schema = options.schema ?? 'extended';
  const shardRows = options.shardRows ?? DEFAULT_SHARD_ROWS;
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  const progress = options.progress ?? SILENT_PROGRESS;
  const gzip = format === 'jsonl' && options.gzip === true;
  const extension = format === 'parquet' ? 'parquet' : gzip ? 'jsonl.gz' : 'jsonl';
  const outDir = path.resolve(options.outDir);

  if ((await exists(outDir)) && options.overwrite !== true) {
    throw new ExportError(`${options.outDir} already exists; choose another --out or pass --overwrite`);
  }
  await fs.promises.mkdir(path.dirname(outDir), { recursive: true });
  const temporary = `${outDir}.tmp-${randomBytes(6).toString('hex')}`;
  const dataDir = path.join(temporary, 'data');
  const workDir = path.join(temporary, '.work');
  await fs.promises.mkdir(dataDir, { recursive: true });
  await fs.promises.mkdir(workDir);

  let duckDb: DuckDbSession | null = null;
  let pendingConversion: Promise<void> = Promise.resolve();
  const shards: { index: number; rows: number; file: string }[] = [];
  const statistics = emptyStatistics();
  const columns = EXPORT_COLUMNS[schema];

  const openShard = (index: number): OpenShard => {
    const partPath = format === 'parquet' ? path.join(workDir, `part-${index}.jsonl`) : path.join(dataDir, `part-${index}.${extension}`);
    const fileStream = fs.createWriteStream(partPath, { highWaterMark: 1 << 20 });
    let stream: Writable = fileStream;
    if (gzip) {
      const compressor = createGzip({ level: 6 });
      compressor.pipe(fileStream);
      stream = compressor;
    }
    return { index, partPath, stream, fileStream, rows: 0, chars: 0, longestLineChars: 0 };
  };

  const convertToParquet = async (partPath: string, index: number, longestLineChars: number): Promise<void> => {
    const queue = options.conversionQueue;
    if (queue === undefined) return convertShard(partPath, index, longestLineChars);
    return queue(async () => {
      try {
        await convertShard(partPath, index, longestLineChars);
      } finally {
        (duckDb as DuckDbSession | null)?.close();
        duckDb = null;
      }
    });
  };

  const convertShard = async (partPath: string, index: number, longestLineChars: number): Promise<void> => {
    duckDb ??= await openDuckDb({
      threads: options.duckDbThreads ?? 1,
      memoryLimit: options.duckDbMemoryLimit ?? '512MB',
      tempDirectory: path.join(workDir, 'duckdb'),
    });
    const target = path.join(dataDir, `part-${index}.parquet`);
    const compression = options.compression ?? 'zstd';
    await runDuckDb(
      duckDb,
      `shard ${index}`,
      `COPY (SELECT * FROM read_json(${sqlString(partPath)}, format = 'newline_delimited', columns = ${duckDbColumnsArgument(columns)}, ` +
        `maximum_object_size = ${maximumObjectSize(longestLineChars)})) TO ${sqlString(target)} ` +
        `(FORMAT parquet, COMPRESSION ${compression}${compression === 'zstd' ? `, COMPRESSION_LEVEL ${options.compressionLevel ?? DEFAULT_ZSTD_LEVEL}` : ''}, ` +
        `ROW_GROUP_SIZE ${options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE})`,
    );
    await rm(partPath);
  };

  const closeShard = async (shard: OpenShard): Promise<void> => {
    shard.stream.end();
    await once(shard.fileStream, 'close');
    shards.push({ index: shard.index, rows: shard.rows, file: shard.partPath });
    if (format === 'parquet') {
      // At most one conversion in flight: it runs on DuckDB's thread while JS writes the next shard.
      await pendingConversion;
      pendingConversion = convertToParquet(shard.partPath, shard.index, shard.longestLineChars);
      // Avoid an unhandled rejection while it runs; the error surfaces at the next await.
      pendingConversion.catch(() => undefined);
    }
  };

  try {
    progress.begin('export', options.expectedRows ?? null, 'rows');
    let shard = openShard(0);
    for await (const batch of options.records) {
      if (options.signal?.aborted === true) throw new ExportError('export interrupted; nothing was written');
      let text = '';
      for (const record of batch) {
        if (shard.rows >= shardRows || shard.chars >= shardBytes) {
          if (text !== '' && !shard.stream.write(text)) await once(shard.stream, 'drain');
          text = '';
          await closeShard(shard);
          shard = openShard(shard.index + 1);
        }
        const line = recordJsonLine(record, schema) + '\n';
        text += line;
        shard.rows += 1;
        shard.chars += line.length;
        if (line.length > shard.longestLineChars) shard.longestLineChars = line.length;
        addToStatistics(statistics, record);
      }
      if (text !== '' && !shard.stream.write(text)) await once(shard.stream, 'drain');
      progress.advance(batch.length);
    }
    await closeShard(shard);
    await pendingConversion;
    progress.end();
    if (options.signal?.aborted === true) throw new ExportError('export interrupted; nothing was written');

    // Final names need the shard count, known only now.
    const exported: ExportedShard[] = [];
    for (const { index, rows } of shards) {
      const from = path.join(dataDir, `part-${index}.${extension}`);
      const name = shardName(index, shards.length, extension);
      await rename(from, path.join(dataDir, name));
      exported.push({ file: path.join('data', name), rows, bytes: (await stat(path.join(dataDir, name))).size });
    }
    await rm(workDir, { recursive: true, force: true });
    const card = renderDatasetCard(statistics, {
      prettyName: options.prettyName,
      license: options.license ?? 'odc-by',
      schema,
      format,
      dataFilesGlob: `data/train-*.${extension}`,
      dataBytes: exported.reduce((sum, item) => sum + item.bytes, 0),
      attributions: options.attributions ?? [],
    });
    await writeFile(path.join(temporary, 'README.md'), card);

    if (await exists(outDir)) {
      const previous = `${outDir}.old-${randomBytes(6).toString('hex')}`;
      await rename(outDir, previous);
      await rename(temporary, outDir);
      await rm(previous, { recursive: true, force: true });
    } else {
      await rename(temporary, outDir);
    }
    return { outDir, rows: statistics.rows, shards: exported, statistics };
  } catch (error) {
    await pendingConversion.catch(() => undefined);
    await rm(temporary, { recursive: true, force: true });
    if (error instanceof ExportError) throw error;
    throw new ExportError(`export failed: ${(error as Error).message}`, { cause: error });
  } finally {
    (duckDb as DuckDbSession | null)?.close();
  }
}
