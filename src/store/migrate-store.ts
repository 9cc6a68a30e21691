/**
 * `wildchat migrate [--dry-run]` for either adapter: which schema migrations the store at a
 * location has and which this version would apply. Applying is what opening the store does
 * (SQLite in one IMMEDIATE transaction per migration, PostgreSQL under an advisory lock).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isPostgresUrl, openStoreAt, SQLITE_FILE_NAME, type StoreLocation } from './open-store.ts';
import { planPgMigrations } from './postgres/apply-pg-migrations.ts';
import { createPgPool, describeDatabaseUrl } from './postgres/pg-pool.ts';
import { listAppliedMigrations } from './sqlite/apply-sqlite-migrations.ts';
import { sqliteMigrations } from './sqlite/migrations.ts';

export interface StoreMigrationPlan {
  /** Where: the SQLite file, or the PostgreSQL host and database (never a password). */
  target: string;
  applied: string[];
  pending: string[];
}

export async function planStoreMigrations(location: StoreLocation): Promise<StoreMigrationPlan> {
  const url = location.databaseUrl?.trim() ?? '';
  if (url !== '') {
    if (!isPostgresUrl(url)) throw new Error('databaseUrl must start with postgres:// or postgresql://');
    const pool = createPgPool({ url, max: 1 });
    try {
      return { target: describeDatabaseUrl(url), ...(await planPgMigrations(pool)) };
    } finally {
      await pool.end();
    }
  }
  const file = path.join(location.dataDir, SQLITE_FILE_NAME);
  const known = sqliteMigrations.map((migration) => migration.id);
  if (!fs.existsSync(file)) return { target: file, applied: [], pending: known };
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const applied = listAppliedMigrations(database);
    const done = new Set(applied);
    return { target: file, applied, pending: known.filter((id) => !done.has(id)) };
  } finally {
    database.close();
  }
}

/** Applies what is pending; returns the plan as it was before. */
export async function applyStoreMigrations(location: StoreLocation): Promise<StoreMigrationPlan> {
  const before = await planStoreMigrations(location);
  const store = await openStoreAt(location);
  await store.close();
  return before;
}
