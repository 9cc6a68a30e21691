import path from 'node:path';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { Store } from './store.ts';

/** File name of the raw-log database inside the data folder. */
export const SQLITE_FILE_NAME = 'wildchat.sqlite';

export interface OpenStoreOptions {
  /** A long-running server: SQLite checkpoints its WAL from a worker thread, off the event loop. */
  serving?: boolean;
}

/** The SQLite store in the data folder. */
export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  return openSqliteStore({ path: path.join(dataDir, SQLITE_FILE_NAME), checkpointInWorker: options.serving === true });
}

export interface StoreLocation {
  dataDir: string;
  /** A postgres:// URL picks the PostgreSQL adapter; null keeps SQLite in the data folder. */
  databaseUrl: string | null;
}

/** Whether a URL names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * The store the settings point at: PostgreSQL when `databaseUrl` is set (migrated under the
 * advisory lock on open), otherwise SQLite in the data folder. Callers get a Store and never ask
 * which adapter it is.
 */
export async function openStoreAt(location: StoreLocation, options: OpenStoreOptions = {}): Promise<Store> {
  const url = location.databaseUrl?.trim() ?? '';
  if (url === '') return openStore(location.dataDir, options);
  // The URL is never quoted back: it may carry a password.
  if (!isPostgresUrl(url)) throw new Error('databaseUrl must start with postgres:// or postgresql://');
  // Imported only for a database URL: a SQLite run should not load pg.
  const { openPostgresStore } = await import('./postgres/open-postgres-store.ts');
  return openPostgresStore({ url });
}
