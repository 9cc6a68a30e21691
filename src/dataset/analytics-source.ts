/**
 * Opens a statistics input in DuckDB as the view `stats_source`: Parquet or JSONL files in the
 * WildChat-1M schema (our Hugging Face layout, Hub shards of WildChat-1M / WildChat-4.8M /
 * LMSYS-Chat-1M), a folder of them, or a dataset in the store (exported to a temporary Parquet
 * folder first: DuckDB cannot attach our SQLite here). Reads the schema into SourceColumns and
 * turns DuckDB's failures into errors naming the file, the line and the field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { missingRequired, type SourceColumns } from '../analytics/source-columns.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import { openDuckDb, sqlString, type DuckDbSession } from './duckdb-session.ts';
import { exportDataset } from './export/export-dataset.ts';
import type { ProgressSink } from '../core/progress-sink.ts';

export class StatsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatsInputError';
  }
}

export type StatsFileFormat = 'parquet' | 'jsonl';

export interface StatsFiles {
  kind: 'files' | 'store-collected' | 'store-dataset';
  name: string;
  files: string[];
  format: StatsFileFormat;
}

/** Records of a dataset in the store, for inputs that name one instead of a path. */
export interface StoreRecords {
  records: AsyncIterable<readonly ReleaseRecord[]>;
  expectedRows: number | null;
  kind: 'store-collected' | 'store-dataset';
}

const DATA_FILE = /\.(parquet|jsonl|jsonl\.gz|ndjson)$/i;

function fileFormat(file: string): StatsFileFormat {
  return file.toLowerCase().endsWith('.parquet') ? 'parquet' : 'jsonl';
}

function dataFilesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (directory: string, depth: number): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && depth < 3) walk(full, depth + 1);
      else if (entry.isFile() && DATA_FILE.test(entry.name)) found.push(full);
    }
  };
  walk(folder, 0);
  return found;
}

/** Files of a path argument: one file, or the data files of a folder (a release, an export, a Hub snapshot). */
export function statsFilesForPath(argument: string): StatsFiles {
  const resolved = path.resolve(argument);
  const stat = fs.statSync(resolved);
  const files = stat.isDirectory() ? dataFilesUnder(resolved) : [resolved];
  if (files.length === 0) throw new StatsInputError(`${argument}: no .parquet or .jsonl files in this folder`);
  const formats = new Set(files.map(fileFormat));
  if (formats.size > 1) throw new StatsInputError(`${argument}: mixes Parquet and JSONL files; give them as separate inputs`);
  const name = stat.isDirectory() ? path.basename(resolved) : path.basename(resolved).replace(DATA_FILE, '');
  return { kind: 'files', name, files, format: fileFormat(files[0] as string) };
}

export interface StoreExport {
  files: StatsFiles;
  remove(): Promise<void>;
}

/** Writes a store dataset to a temporary Parquet folder (removed by `remove`). */
export async function exportStoreRecords(name: string, source: StoreRecords, progress?: ProgressSink): Promise<StoreExport> {
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'wildchat-stats-'));
  const outDir = path.join(root, 'export');
  const remove = (): Promise<void> => fs.promises.rm(root, { recursive: true, force: true });
  try {
    await exportDataset({
      records: source.records,
      outDir,
      format: 'parquet',
      prettyName: name,
      expectedRows: source.expectedRows,
      ...(progress === undefined ? {} : { progress }),
    });
  } catch (error) {
    await remove();
    throw error;
  }
  const files = dataFilesUnder(path.join(outDir, 'data'));
  return { files: { kind: source.kind, name, files, format: 'parquet' }, remove };
}

/** DuckDB messages quote values; keep the file paths we passed and drop any other quoted text. */
function sanitize(message: string, files: readonly string[]): string {
  const firstLine = (message.split('\n')[0] ?? message).trim();
  return firstLine.replace(/(["'])(.*?)\1/g, (whole, _quote: string, inner: string) => (files.includes(inner) ? whole : '…'));
}

async function firstBrokenJsonLine(file: string): Promise<number | null> {
  const raw = fs.createReadStream(file);
  const input = file.toLowerCase().endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      if (line.trim() === '') continue;
      try {
        JSON.parse(line);
      } catch {
        return number;
      }
    }
  } finally {
    lines.close();
    raw.destroy();
  }
  return null;
}

/** A DuckDB failure as an error that names the file (and for JSONL the first broken line). */
export async function explainDuckDbError(error: unknown, files: readonly string[], doing: string): Promise<StatsInputError> {
  const message = error instanceof Error ? error.message : String(error);
  const file = files.find((candidate) => message.includes(candidate));
  if (/Malformed JSON|JSON parse|unexpected character|unexpected end/i.test(message)) {
    for (const candidate of file === undefined ? files : [file]) {
      const line = await firstBrokenJsonLine(candidate).catch(() => null);
      if (line !== null) return new StatsInputError(`${candidate}: line ${line} is not valid JSON (${doing})`);
    }
  }
  if (/magic bytes|too small to be a Parquet|Parquet|thrift|corrupt/i.test(message)) {
    return new StatsInputError(`${file ?? files.join(', ')}: not a readable Parquet file, truncated or corrupt (${doing}: ${sanitize(message, files)})`);
  }
  return new StatsInputError(`${file ?? (files.length === 1 ? files[0] : `${files.length} files`)}: ${doing} failed: ${sanitize(message, files)}`);
}

export interface StatsSourceSession {
  session: DuckDbSession;
  connection: DuckDBConnection;
  columns: SourceColumns;
  files: StatsFiles;
  rows: number;
  /** The table function behind `stats_source`; read directly, it also has the virtual columns `filename` (and for Parquet `file_row_number`). */
  relation: string;
  close(): void;
}

async function checkEachFile(connection: DuckDBConnection, files: StatsFiles): Promise<void> {
  for (const file of files.files) {
    if (!fs.existsSync(file)) throw new StatsInputError(`${file}: no such file`);
    const relation = files.format === 'parquet' ? `read_parquet(${sqlString(file)})` : jsonRelation([file]);
    try {
      // The footer (Parquet) or the sampled schema (JSONL) must be readable and hold the messages.
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
      const names = new Set(described.getRowObjectsJson().map((row) => String(row.column_name)));
      if (!names.has('conversation')) {
        throw new StatsInputError(
          `${file}: no column "conversation" (the list of messages every statistic needs${names.has('conversations') ? '; ShareGPT files: run wildchat import first' : ''})`,
        );
      }
    } catch (error) {
      if (error instanceof StatsInputError) throw error;
      throw await explainDuckDbError(error, [file], 'reading its schema');
    }
  }
}

function jsonRelation(files: readonly string[]): string {
  // Records can be long (code, pasted documents): up to 32 MiB per line; DuckDB keeps a buffer of
  // this size per thread, so a larger one would eat the memory limit.
  return `read_json([${files.map(sqlString).join(', ')}], format = 'newline_delimited', union_by_name = true, maximum_object_size = 33554432, sample_size = 20480)`;
}

async function describeNames(connection: DuckDBConnection, sql: string): Promise<string[]> {
  try {
    const result = await connection.runAndReadAll(`DESCRIBE ${sql}`);
    return result.getRowObjectsJson().map((row) => String(row.column_name));
  } catch {
    return []; // not a struct (or absent): the field is treated as missing
  }
}

async function readColumns(connection: DuckDBConnection): Promise<SourceColumns> {
  const top = new Set(await describeNames(connection, 'SELECT * FROM stats_source'));
  const message = new Set(await describeNames(connection, 'SELECT unnest(conversation[1]) FROM stats_source'));
  const moderationCategories = top.has('openai_moderation')
    ? await describeNames(connection, 'SELECT unnest(openai_moderation[1].categories) FROM stats_source')
    : [];
  const detoxify = new Set(top.has('detoxify_moderation') ? await describeNames(connection, 'SELECT unnest(detoxify_moderation[1]) FROM stats_source') : []);
  const annotations = new Set(top.has('annotations') ? await describeNames(connection, 'SELECT unnest(annotations) FROM stats_source') : []);
  const piiTypes = annotations.has('pii_entity_counts')
    ? await describeNames(connection, 'SELECT unnest(annotations.pii_entity_counts) FROM stats_source')
    : [];
  return { top, message, moderationCategories, detoxify, annotations, piiTypes };
}

export interface OpenStatsSourceOptions {
  memoryLimit?: string;
  threads?: number;
}

export async function openStatsSource(files: StatsFiles, options: OpenStatsSourceOptions = {}): Promise<StatsSourceSession> {
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-duckdb-'));
  const session = await openDuckDb({
    threads: options.threads ?? Math.max(1, Math.min(4, os.availableParallelism())),
    memoryLimit: options.memoryLimit ?? '600MB',
    tempDirectory,
  });
  const close = (): void => {
    session.close();
    fs.rmSync(tempDirectory, { recursive: true, force: true });
  };
  try {
    const { connection } = session;
    await connection.run('SET preserve_insertion_order = false');
    await checkEachFile(connection, files);
    const relation = files.format === 'parquet' ? `read_parquet([${files.files.map(sqlString).join(', ')}], union_by_name = true)` : jsonRelation(files.files);
    await connection.run(`CREATE OR REPLACE TEMP VIEW stats_source AS SELECT * FROM ${relation}`);
    const columns = await readColumns(connection);
    const problem = missingRequired(columns);
    if (problem !== null) throw new StatsInputError(`${files.files.length === 1 ? files.files[0] : files.name}: ${problem}`);
    let rows: number;
    try {
      rows = Number((await connection.runAndReadAll('SELECT count(*) FROM stats_source')).getRows()[0]?.[0] ?? 0);
    } catch (error) {
      throw await explainDuckDbError(error, files.files, 'counting rows');
    }
    return { session, connection, columns, files, rows, relation, close };
  } catch (error) {
    close();
    throw error;
  }
}
