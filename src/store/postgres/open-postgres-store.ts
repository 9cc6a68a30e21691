/** Opens the PostgreSQL store: a pool, then the pending migrations (under the advisory lock). */
import { applyPgMigrations } from './apply-pg-migrations.ts';
import { createPgPool, describeDatabaseUrl } from './pg-pool.ts';
import { PostgresStore } from './postgres-store.ts';

export { PostgresStore } from './postgres-store.ts';

export interface OpenPostgresStoreOptions {
  url: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Skip migrations; the schema must be current (read-only tools). */
  skipMigrations?: boolean;
  instanceId?: string;
  now?: () => number;
}

export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<PostgresStore> {
  const pool = createPgPool({ url: options.url, max: options.maxConnections });
  try {
    if (options.skipMigrations !== true) await applyPgMigrations(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    // The URL may carry a password: name only host and database.
    throw new Error(`cannot open ${describeDatabaseUrl(options.url)}: ${error instanceof Error ? error.message : 'unknown error'}`, { cause: error });
  }
  const store = new PostgresStore(pool, { instanceId: options.instanceId, now: options.now });
  try {
    await store.startHeartbeat();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new Error(`cannot open ${describeDatabaseUrl(options.url)}: ${error instanceof Error ? error.message : 'unknown error'}`, { cause: error });
  }
  return store;
}
