/**
 * `wildchat migrate --from sqlite:PATH --to postgres://…`: copies every table of a SQLite data
 * folder into PostgreSQL, row for row with the same ids, in batches. Resumable: a second run skips
 * what is already there (integer keys continue after the target's largest; other rows are
 * inserted with ON CONFLICT DO NOTHING). At the end it compares per-table row counts and a SHA-256
 * over every row in key order on both sides, and moves the identity sequences past the copied
 * ids so new turns never reuse one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type pg from 'pg';
import type { ProgressSink } from '../../core/progress-sink.ts';
import { openPostgresStore } from '../postgres/open-postgres-store.ts';
import { rawLogMigrations } from '../sqlite/raw-log-migrations.ts';
import { listAppliedMigrations } from '../sqlite/apply-sqlite-migrations.ts';
import { copyTables, type CopyTable } from './copy-tables.ts';

const BATCH_ROWS = 2_000;

export interface TableCopyReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  copied: number;
  sourceChecksum: string;
  targetChecksum: string;
  matches: boolean;
}

export interface CopyReport {
  tables: TableCopyReport[];
  ok: boolean;
}

type Row = Record<string, unknown>;

export async function copySqliteToPostgres(options: { sqlitePath: string; postgresUrl: string; progress: ProgressSink }): Promise<CopyReport> {
  if (!fs.existsSync(options.sqlitePath)) throw new Error(`no SQLite database at ${options.sqlitePath}`);
  const source = new Database(options.sqlitePath, { readonly: true, fileMustExist: true });
  const target = await openPostgresStore({ url: options.postgresUrl, maxConnections: 2 });
  try {
    const applied = new Set(listAppliedMigrations(source));
    const missing = rawLogMigrations.filter((migration) => !applied.has(migration.id));
    if (missing.length > 0) throw new Error('the SQLite database is not migrated; open it once with this version (e.g. wildchat migrate --data-dir ...)');
    const pool = target.connectionPool;
    const reports: TableCopyReport[] = [];
    for (const table of copyTables) {
      if (!sqliteHasTable(source, table.name)) continue;
      const copied = await copyTable(source, pool, table, options.progress);
      await moveIdentity(pool, table);
      reports.push({ ...(await verifyTable(source, pool, table, options.progress)), copied });
    }
    return { tables: reports, ok: reports.every((report) => report.matches) };
  } finally {
    source.close();
    await target.close();
  }
}

function sqliteHasTable(source: Database.Database, name: string): boolean {
  return source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

async function copyTable(source: Database.Database, pool: pg.Pool, table: CopyTable, progress: ProgressSink): Promise<number> {
  const total = (source.prepare(`SELECT count(*) AS n FROM ${table.name}`).get() as { n: number }).n;
  let after: unknown[] | null = null;
  if (table.integerKey) {
    const result = await pool.query<{ max: number | null }>(`SELECT max(${table.key[0]})::bigint AS max FROM ${table.name}`);
    const max = result.rows[0]?.max ?? null;
    if (max !== null) after = [max];
  }
  const skipped = after === null ? 0 : (source.prepare(`SELECT count(*) AS n FROM ${table.name} WHERE ${table.key[0]} <= ?`).get(after[0]) as { n: number }).n;
  progress.begin(`copy ${table.name}`, total, 'rows');
  progress.advance(skipped);
  let copied = 0;
  for (;;) {
    const rows = readPage(source, table, after);
    if (rows.length === 0) break;
    copied += await insertRows(pool, table, rows);
    progress.advance(rows.length);
    const last = rows[rows.length - 1]!;
    after = table.key.map((column) => last[column]);
    if (rows.length < BATCH_ROWS) break;
  }
  progress.end();
  return copied;
}

function readPage(source: Database.Database, table: CopyTable, after: unknown[] | null): Row[] {
  const columns = table.columns.join(', ');
  const order = table.key.join(', ');
  if (after === null) return source.prepare(`SELECT ${columns} FROM ${table.name} ORDER BY ${order} LIMIT ?`).all(BATCH_ROWS) as Row[];
  const placeholders = after.map(() => '?').join(', ');
  return source
    .prepare(`SELECT ${columns} FROM ${table.name} WHERE (${order}) > (${placeholders}) ORDER BY ${order} LIMIT ?`)
    .all(...after, BATCH_ROWS) as Row[];
}

async function insertRows(pool: pg.Pool, table: CopyTable, rows: readonly Row[]): Promise<number> {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = table.columns.map((column) => {
      values.push(row[column] ?? null);
      return `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const overriding = table.identity === null ? '' : ' OVERRIDING SYSTEM VALUE';
  const result = await pool.query(
    `INSERT INTO ${table.name} (${table.columns.join(', ')})${overriding} VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
    values,
  );
  return result.rowCount ?? 0;
}

async function moveIdentity(pool: pg.Pool, table: CopyTable): Promise<void> {
  if (table.identity === null) return;
  // is_called = true: the next value is max + 1. An empty table keeps its sequence.
  await pool.query(
    `SELECT setval(pg_get_serial_sequence($1, $2), m, true) FROM (SELECT max(${table.identity}) AS m FROM ${table.name}) AS t WHERE m IS NOT NULL`,
    [table.name, table.identity],
  );
}

/** One line per row: the column values as JSON (bytes as hex), in key order. */
function rowLine(table: CopyTable, row: Row): string {
  return JSON.stringify(
    table.columns.map((column) => {
      const value = row[column];
      if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
      if (typeof value === 'bigint') return Number(value);
      return value ?? null;
    }),
  );
}

async function verifyTable(source: Database.Database, pool: pg.Pool, table: CopyTable, progress: ProgressSink): Promise<Omit<TableCopyReport, 'copied'>> {
  const sourceHash = createHash('sha256');
  const targetHash = createHash('sha256');
  let sourceRows = 0;
  let targetRows = 0;
  const order = table.key.join(', ');
  progress.begin(`verify ${table.name}`, null, 'rows');
  for (const row of source.prepare(`SELECT ${table.columns.join(', ')} FROM ${table.name} ORDER BY ${order}`).iterate() as IterableIterator<Row>) {
    sourceHash.update(rowLine(table, row)).update('\n');
    sourceRows += 1;
  }
  let after: unknown[] | null = null;
  for (;;) {
    const condition: string = after === null ? '' : `WHERE (${order}) > (${after.map((_, index) => `$${index + 1}`).join(', ')})`;
    const result: pg.QueryResult<Row> = await pool.query<Row>(
      `SELECT ${table.columns.join(', ')} FROM ${table.name} ${condition} ORDER BY ${order} LIMIT ${BATCH_ROWS}`,
      after ?? [],
    );
    for (const row of result.rows) {
      targetHash.update(rowLine(table, row)).update('\n');
      targetRows += 1;
    }
    progress.advance(result.rows.length);
    if (result.rows.length < BATCH_ROWS) break;
    const last: Row = result.rows[result.rows.length - 1]!;
    after = table.key.map((column): unknown => last[column]);
  }
  progress.end();
  const sourceChecksum = sourceHash.digest('hex');
  const targetChecksum = targetHash.digest('hex');
  return { table: table.name, sourceRows, targetRows, sourceChecksum, targetChecksum, matches: sourceRows === targetRows && sourceChecksum === targetChecksum };
}
