/**
 * A SQLite database on disk is more than its file: WAL mode keeps -wal and -shm beside it, and a
 * rollback journal is a -journal. Whoever deletes or replaces an index file handles all of them.
 */
import fs from 'node:fs';

const SIDE_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/** Deletes a database file and whatever SQLite keeps beside it; missing files are fine. */
export function removeSqliteFiles(file: string): void {
  for (const suffix of ['', ...SIDE_SUFFIXES]) fs.rmSync(file + suffix, { force: true });
}

/**
 * Deletes the side files of a database that does not exist. SQLite would otherwise read a stale
 * -wal left by a crashed writer as part of a new file of the same name and corrupt it.
 */
export function removeOrphanedSideFiles(file: string): void {
  if (fs.existsSync(file)) return;
  for (const suffix of SIDE_SUFFIXES) fs.rmSync(file + suffix, { force: true });
}
