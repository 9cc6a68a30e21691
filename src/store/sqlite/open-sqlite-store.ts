import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rawLogMigrations } from './raw-log-migrations.ts';
import { applySqliteMigrations, listAppliedMigrations } from './apply-sqlite-migrations.ts';
import { sqliteMigrations } from './migrations.ts';
import { SqliteStore } from './sqlite-store.ts';
import { AUTOCHECKPOINT_PAGES } from './wal-checkpointer.ts';

export { SqliteStore, sqliteDatabaseOf } from './sqlite-store.ts';

export interface OpenSqliteStoreOptions {
  /** A file path, or ':memory:' for a private in-memory database (tests). */
  path: string;
  /** Open without writing anything: no migrations, no folder creation. The file must exist and be migrated. */
  readonly?: boolean;
  /** Pause between attempts to empty the WAL after a deletion while another connection reads (default 1 s). */
  scrubRetryMilliseconds?: number;
  /** Checkpoint the WAL from a worker thread: for a serving process, whose event loop must not stall. */
  checkpointInWorker?: boolean;
}

const MEMORY_PATH = ':memory:';
/** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MILLISECONDS = 5000;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export function openSqliteStore(options: OpenSqliteStoreOptions): SqliteStore {
  const inMemory = options.path === MEMORY_PATH;
  const readonly = options.readonly === true;
  const existedBefore = inMemory || fs.existsSync(options.path);
  // The raw log holds conversations: keep its folder private to the service user.
  if (!inMemory && !readonly) fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true, mode: 0o700 });
  // SQLite gives the -wal and -shm files the database file's mode, so the file must be private
  // before SQLite first opens it (an empty file is a valid new database).
  if (!existedBefore && !readonly) fs.writeFileSync(options.path, '', { mode: 0o600, flag: 'wx' });

  const database = new Database(options.path, { readonly, fileMustExist: readonly && !inMemory });
  try {
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MILLISECONDS}`);
    database.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros, so a deleted message's text leaves the file.
    database.pragma('secure_delete = ON');
    if (readonly) {
      assertMigrated(database, options.path);
    } else {
      if (!inMemory) {
        database.pragma('journal_mode = WAL');
        // The store checkpoints from a timer; SQLite's own checkpoint inside a commit is only the
        // bound for writers that never yield to the event loop.
        database.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        // After a burst, give the WAL file's space back once it is recycled.
        database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      }
      database.pragma('synchronous = NORMAL');
      applySqliteMigrations(database, sqliteMigrations);
    }
    return new SqliteStore(database, options.path, {
      scrubRetryMilliseconds: options.scrubRetryMilliseconds,
      checkpointInWorker: options.checkpointInWorker === true && !inMemory && !readonly,
    });
  } catch (error) {
    database.close();
    throw error;
  }
}

function assertMigrated(database: Database.Database, databasePath: string): void {
  const applied = new Set(listAppliedMigrations(database));
  const missing = rawLogMigrations.filter((migration) => !applied.has(migration.id)).map((migration) => migration.id);
  if (missing.length > 0) {
    throw new Error(`cannot open ${path.basename(databasePath)} read-only: migrations not applied (${missing.join(', ')}); open it writable once first`);
  }
}
