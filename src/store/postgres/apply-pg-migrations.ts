/**
 * Applies the PostgreSQL migrations. Every serve/import/release process calls this on start; a
 * session-level advisory lock makes concurrent starts take turns, so exactly one applies each
 * migration and the others find it recorded. Forward-only: a database that has a migration this
 * build does not know (a newer version ran on it) is refused rather than used.
 */
import type pg from 'pg';
import { postgresMigrations, type PgMigration } from './pg-migrations.ts';

/** pg_advisory_lock key: the ASCII of "wchatmig" as a 64-bit integer. */
export const MIGRATION_LOCK_KEY = '8603227354770942311';

export interface MigrationPlan {
  applied: string[];
  pending: string[];
}

async function ensureTable(client: pg.ClientBase): Promise<void> {
  await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id text COLLATE "C" PRIMARY KEY, applied_at bigint NOT NULL)');
}

async function readApplied(client: pg.ClientBase): Promise<string[]> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (exists.rows[0]?.present !== true) return [];
  const result = await client.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
  return result.rows.map((row) => row.id);
}

function checkKnown(applied: readonly string[], migrations: readonly PgMigration[]): void {
  const known = new Set(migrations.map((migration) => migration.id));
  const unknown = applied.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`the database has migrations this version does not know (${unknown.join(', ')}): it was migrated by a newer wildchat`);
  }
}

/** What `migrate --dry-run` prints: nothing is written, not even the bookkeeping table. */
export async function planPgMigrations(pool: pg.Pool, migrations: readonly PgMigration[] = postgresMigrations): Promise<MigrationPlan> {
  const client = await pool.connect();
  try {
    const applied = await readApplied(client);
    checkKnown(applied, migrations);
    const done = new Set(applied);
    return { applied, pending: migrations.map((migration) => migration.id).filter((id) => !done.has(id)) };
  } finally {
    client.release();
  }
}

/** Applies what is pending; returns the ids this call applied. */
export async function applyPgMigrations(
  pool: pg.Pool,
  migrations: readonly PgMigration[] = postgresMigrations,
  now: () => number = Date.now,
): Promise<string[]> {
  const sorted = [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let index = 1; index < sorted.length; index += 1) {
    if (sorted[index]?.id === sorted[index - 1]?.id) throw new Error(`duplicate PostgreSQL migration id ${sorted[index]?.id}`);
  }
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await ensureTable(client);
      const applied = await readApplied(client);
      checkKnown(applied, sorted);
      const done = new Set(applied);
      const appliedNow: string[] = [];
      for (const migration of sorted) {
        if (done.has(migration.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [migration.id, now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`PostgreSQL migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
        }
        appliedNow.push(migration.id);
      }
      return appliedNow;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {
        broken = true;
      });
    }
  } finally {
    client.release(broken);
  }
}
