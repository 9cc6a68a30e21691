import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.ts';

/**
 * Applies every migration not yet recorded in schema_migrations, each in its own IMMEDIATE
 * transaction, so two processes opening the same new database cannot both apply one.
 * Returns the ids applied by this call.
 */
export function applySqliteMigrations(database: Database, migrations: readonly Migration[], now: () => number = Date.now): string[] {
  database.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const isApplied = database.prepare<[string], number>('SELECT 1 FROM schema_migrations WHERE id = ?').pluck();
  const recordApplied = database.prepare<[string, number]>('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  const seen = new Set<string>();
  const applied: string[] = [];
  for (const migration of migrations) {
    if (seen.has(migration.id)) throw new Error(`duplicate SQLite migration id ${migration.id}`);
    seen.add(migration.id);
    if (isApplied.get(migration.id) !== undefined) continue;
    const applyOne = database.transaction(() => {
      // Checked again inside the write lock: another process may have applied it meanwhile.
      if (isApplied.get(migration.id) !== undefined) return false;
      try {
        database.exec(migration.sql);
      } catch (error) {
        throw new Error(`SQLite migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
      }
      recordApplied.run(migration.id, now());
      return true;
    });
    if (applyOne.immediate()) applied.push(migration.id);
  }
  return applied;
}

/** Ids recorded as applied, in id order (empty when the table does not exist yet). */
export function listAppliedMigrations(database: Database): string[] {
  const table = database.prepare<[], number>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").pluck().get();
  if (table === undefined) return [];
  return database.prepare<[], string>('SELECT id FROM schema_migrations ORDER BY id').pluck().all();
}
