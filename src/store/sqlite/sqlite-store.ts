import type { Database } from 'better-sqlite3';
import type { Store } from '../store.ts';
import { SqliteRawLogStore } from './sqlite-raw-log-store.ts';
import type { SqliteRawLogStoreOptions } from './sqlite-raw-log-store.ts';

/**
 * The SQLite Store. `database` is public so datasets and the annotation cache can prepare their
 * own statements on the same handle (one connection per process keeps writes serialised).
 */
export class SqliteStore extends SqliteRawLogStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly path: string;

  constructor(database: Database, path: string, options: SqliteRawLogStoreOptions = {}) {
    super(database, options);
    this.path = path;
  }

  /** Idempotent. Closing the last connection checkpoints the WAL into the main file. */
  async close(): Promise<void> {
    this.stopBackgroundWork();
    if (this.database.open) this.database.close();
  }
}
