/**
 * Streams rows out of an input file with bounded memory: JSONL (one object per line), a JSON
 * array, or Parquet; JSON either plain or gzip-compressed. Rows come in batches with their
 * position (line, item or row number) so a bad one can be reported precisely.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { openDuckDb, sqlString, type DuckDbSession } from '../duckdb-session.ts';
import { JsonArraySplitter } from './json-array-splitter.ts';

export type InputContainer = 'jsonl' | 'json-array' | 'parquet';

export interface InputFile {
  path: string;
  container: InputContainer;
  gzip: boolean;
  bytes: number;
  /** Known for Parquet (from its metadata); null for JSON. */
  rows: number | null;
}

export interface InputRow {
  /** 1-based line (JSONL), item (JSON array) or row (Parquet) number. */
  position: number;
  value?: unknown;
  /** Set instead of value when the row is not valid JSON. */
  error?: string;
}

/** One row's JSON text, not yet parsed (import workers parse it off the main thread). */
export interface InputText {
  position: number;
  text: string;
  /** The row's bytes are not valid UTF-8 (`text` holds U+FFFD where they were): a bad row. */
  invalidUtf8?: boolean;
  /** Where the row starts in the file when the position alone does not say it (a JSON array's item). */
  where?: string;
}

export const POSITION_UNIT: Record<InputContainer, string> = { jsonl: 'line', 'json-array': 'item', parquet: 'row' };

const BATCH_ROWS = 1000;
const PARQUET_MAGIC = 'PAR1';

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function firstDecompressedText(path: string): Promise<string> {
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream) return (chunk as Buffer).subarray(0, 4096).toString('utf8');
    return '';
  } finally {
    stream.destroy();
  }
}

/** Looks at the file's first bytes (not only its name) to choose the reader. */
export async function describeInput(path: string): Promise<InputFile> {
  const { size } = await stat(path);
  const head = await firstBytes(path, 4096);
  if (head.subarray(0, 4).toString('latin1') === PARQUET_MAGIC) {
    const session = await openDuckDb();
    try {
      const result = await session.connection.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(path)})`);
      return { path, container: 'parquet', gzip: false, bytes: size, rows: Number(result.getRows()[0]?.[0] ?? 0) };
    } finally {
      session.close();
    }
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const text = gzip ? await firstDecompressedText(path) : head.toString('utf8');
  const firstCharacter = text.replace(/^[\s\ufeff]+/, '').charAt(0);
  return { path, container: firstCharacter === '[' ? 'json-array' : 'jsonl', gzip, bytes: size, rows: null };
}

export function parseRow(text: string, position: number, invalidUtf8 = false): InputRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { position, error: invalidUtf8 ? 'invalid UTF-8' : 'not valid JSON' };
  }
  if (invalidUtf8) {
    const field = replacedField(value, []);
    return { position, error: field === null ? 'invalid UTF-8' : `${field}: invalid UTF-8` };
  }
  return { position, value };
}

/** The path of the first string holding U+FFFD (where the decoder replaced invalid bytes), or null. */
function replacedField(value: unknown, path: readonly string[]): string | null {
  if (typeof value === 'string') return value.includes('\ufffd') ? (path.length === 0 ? 'row' : path.join('.')) : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value as Record<string, unknown>)) {
    const found = replacedField(item, [...path, String(key)]);
    if (found !== null) return found;
  }
  return null;
}

async function* readJsonLines(file: InputFile, onBytes: (bytes: number) => void): AsyncGenerator<InputText[]> {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
  raw.on('data', (chunk) => onBytes((chunk as Buffer).length));
  const stream = file.gzip ? raw.pipe(createGunzip()) : raw;
  let carry: Buffer | null = null;
  let line = 0;
  let batch: InputText[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    let start = 0;
    for (let newline = data.indexOf(0x0a, start); newline >= 0; newline = data.indexOf(0x0a, start)) {
      line += 1;
      const text = data.toString('utf8', start, newline);
      const valid = isUtf8(data.subarray(start, newline));
      start = newline + 1;
      if (text.trim() === '') continue;
      batch.push({ position: line, text: line === 1 ? text.replace(/^\ufeff/, '') : text, ...(valid ? {} : { invalidUtf8: true }) });
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    carry = start < data.length ? data.subarray(start) : null;
  }
  if (carry !== null) {
    line += 1;
    const text = carry.toString('utf8');
    if (text.trim() !== '')
      batch.push({ position: line, text: line === 1 ? text.replace(/^\ufeff/, '') : text, ...(isUtf8(carry) ? {} : { invalidUtf8: true }) });
  }
  if (batch.length > 0) yield batch;
}

async function* readJsonArray(file: InputFile, onBytes: (bytes: number) => void): AsyncGenerator<InputText[]> {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
  raw.on('data', (chunk) => onBytes((chunk as Buffer).length));
  const stream = file.gzip ? raw.pipe(createGunzip()) : raw;
  // Bytes, not a decoding stream: the splitter checks each element's own bytes for invalid UTF-8.
  const splitter = new JsonArraySplitter();
  let batch: InputText[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const element of splitter.push(chunk)) {
      batch.push({
        position: element.item,
        text: element.text,
        where: `line ${element.line}, byte ${element.byteOffset}`,
        ...(element.validUtf8 ? {} : { invalidUtf8: true }),
      });
    }
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  splitter.end();
  if (batch.length > 0) yield batch;
}

/**
 * DuckDB's memory for reading one Parquet file. Decoding a row group needs its column chunks
 * whole (~90 MB for a 6,700-row group of annotated WildChat rows), and to_json needs more beside:
 * 256 MB ran out of memory on such groups, 384 MB did not.
 */
const PARQUET_MEMORY_LIMIT = '384MB';
/** Row groups are read together until a read holds at least this many rows. */
const PARQUET_READ_ROWS = 5000;

/**
 * Row ranges that follow the file's row groups: a filter on file_row_number skips the other
 * groups, but a range that cut a group would decode that group twice.
 */
async function parquetRanges(session: DuckDbSession, filePath: string): Promise<{ start: number; end: number }[]> {
  const groups = await session.connection.runAndReadAll(
    `SELECT row_group_id, any_value(row_group_num_rows) FROM parquet_metadata(${sqlString(filePath)}) GROUP BY row_group_id ORDER BY row_group_id`,
  );
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  let end = 0;
  for (const [, rows] of groups.getRows()) {
    end += Number(rows);
    if (end - start >= PARQUET_READ_ROWS) {
      ranges.push({ start, end });
      start = end;
    }
  }
  if (end > start) ranges.push({ start, end });
  return ranges;
}

async function* readParquet(file: InputFile, onRows: (rows: number) => void): AsyncGenerator<InputText[]> {
  // Each row comes out as JSON text so Parquet and JSON inputs share one normalizing path.
  // One DuckDB thread: two threads decode two row groups at once and ran out of memory at 512 MB.
  // Memory grows with the input's row-group size (DuckDB decodes one row group at a time).
  const session = await openDuckDb({ memoryLimit: PARQUET_MEMORY_LIMIT });
  try {
    const source = `read_parquet(${sqlString(file.path)}, file_row_number = true)`;
    // DuckDB runs a streamed to_json over a whole file far ahead of the reader (measured: 100,000
    // annotated rows, 1.3 GB before the first row arrived), so the file is read range by range.
    for (const { start, end } of await parquetRanges(session, file.path)) {
      const result = await session.connection.run(
        `SELECT to_json(t)::VARCHAR FROM (SELECT * EXCLUDE (file_row_number) FROM ${source} ` +
          `WHERE file_row_number >= ${start} AND file_row_number < ${end} ORDER BY file_row_number) t`,
      );
      let row = start;
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        const texts = chunk.getColumnVector(0);
        const batch: InputText[] = [];
        for (let index = 0; index < chunk.rowCount; index += 1) {
          row += 1;
          batch.push({ position: row, text: String(texts.getItem(index)) });
        }
        onRows(batch.length);
        yield batch;
      }
    }
  } finally {
    session.close();
  }
}

/**
 * Rows of one file in batches. `onProgress` receives increments: compressed bytes for JSON
 * inputs, rows for Parquet (matching `bytes` / `rows` of the InputFile).
 */
export async function* readInputRows(file: InputFile, onProgress: (increment: number) => void = () => undefined): AsyncGenerator<InputRow[]> {
  for await (const batch of readInputTexts(file, onProgress)) yield batch.map((row) => parseRow(row.text, row.position));
}

/** As readInputRows, with each row's JSON text left unparsed. */
export function readInputTexts(file: InputFile, onProgress: (increment: number) => void = () => undefined): AsyncGenerator<InputText[]> {
  if (file.container === 'parquet') return readParquet(file, onProgress);
  if (file.container === 'json-array') return readJsonArray(file, onProgress);
  return readJsonLines(file, onProgress);
}
