/**
 * How the SQLite index file is written: incrementally (the index as it lives: a crash must leave
 * the last committed state) or as a bulk load into a fresh temporary file that nobody reads
 * until it is renamed into place (sqlite-bulk-build.ts), where a crash only loses that file.
 *
 * The FTS5 settings are persistent (stored in the table's words_config rows), so a bulk load
 * must hand them back: an index left with merging off would collect up to crisismerge segments
 * per level over many small updates and get slower to query.
 */
import type Database from 'better-sqlite3';

/** FTS5's own defaults, restored after a bulk load. */
const FTS5_DEFAULT_AUTOMERGE = 4;
const FTS5_DEFAULT_CRISISMERGE = 16;
const FTS5_DEFAULT_HASHSIZE = 1024 * 1024;
/** High enough that a bulk load of millions of documents never stops for an emergency merge. */
const BULK_CRISISMERGE = 64;
/**
 * Bytes of pending terms FTS5 collects in memory before it writes them out as a segment. At the
 * 1 MB default a bulk load flushes every ~100 conversations, and each flush writes every term's
 * doclist header and leaf pages anew: 16 MB cut the FTS5 insert CPU by ~40 % and the file by ~6 %
 * (bench/RESULTS.md, "FTS5 hashsize"), larger sizes bought nothing more. Only for a bulk load,
 * whose writer is alone; an incremental update keeps the default and its small memory.
 */
const BULK_HASHSIZE = 16 * 1024 * 1024;

function setCache(database: Database.Database): void {
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
}

/** Safe against crashes: WAL keeps the last committed transaction; readers never block the writer. */
export function useIncrementalJournal(database: Database.Database): void {
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  setCache(database);
}

/**
 * No journal and no fsync: the file is thrown away when the load fails, so there is nothing to
 * roll back to. The caller fsyncs once when the load is finished.
 */
export function useBulkLoadJournal(database: Database.Database): void {
  database.pragma('journal_mode = OFF');
  database.pragma('synchronous = OFF');
  setCache(database);
}

function setFts5(database: Database.Database, setting: 'automerge' | 'crisismerge' | 'hashsize', value: number): void {
  // FTS5 takes settings as an INSERT into the table itself and refuses bound parameters there;
  // both parts are this file's constants, never outside input.
  database.exec(`INSERT INTO words (words, rank) VALUES ('${setting}', ${Math.trunc(value)})`);
}

/**
 * Merging segments while loading rewrites every doclist level by level; one merge of all of them
 * at the end (finishBulkLoad's optimize) does that work once. Measured: 12-18 % of the build CPU
 * (bench/RESULTS.md, "bulk-load settings tried"). Pending terms are held longer (BULK_HASHSIZE).
 */
export function useBulkLoadFts5(database: Database.Database): void {
  setFts5(database, 'automerge', 0);
  setFts5(database, 'crisismerge', BULK_CRISISMERGE);
  setFts5(database, 'hashsize', BULK_HASHSIZE);
}

/** FTS5's defaults for an index in use (the settings persist in the file). */
export function useIncrementalFts5(database: Database.Database): void {
  setFts5(database, 'automerge', FTS5_DEFAULT_AUTOMERGE);
  setFts5(database, 'crisismerge', FTS5_DEFAULT_CRISISMERGE);
  setFts5(database, 'hashsize', FTS5_DEFAULT_HASHSIZE);
}
