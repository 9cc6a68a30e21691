import path from 'node:path';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { Store } from './store.ts';

/** File name of the raw-log database inside the data folder. */
export const SQLITE_FILE_NAME = 'wildchat.sqlite';

/**
 * The store the CLI uses. Today always SQLite in the data folder; a PostgreSQL URL setting will
 * choose the other adapter here.
 */
export function openStore(dataDir: string): Store {
  return openSqliteStore({ path: path.join(dataDir, SQLITE_FILE_NAME) });
}
