/**
 * One timer checkpoint of a WAL database, shared by the in-thread checkpointer and its worker
 * thread: PASSIVE (never waits for readers or the writer), then RESTART when the log stayed long
 * because readers held it, so the next writer starts the WAL file from its beginning again.
 */
import type { Database } from 'better-sqlite3';

/** A WAL still this long after a PASSIVE checkpoint is restarted as soon as no reader holds it. */
const RESTART_PAGES = 25_000;

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * Runs the checkpoint on a handle whose busy timeout is already 0; returns whether frames were
 * left behind (a reader or the writer held them), so the caller tries again without new writes.
 */
export function checkpointWal(database: Database): boolean {
  let result = checkpoint(database, 'PASSIVE');
  if (result !== null && result.log > RESTART_PAGES && result.checkpointed < result.log) result = checkpoint(database, 'RESTART');
  return result === null || result.busy !== 0 || result.checkpointed < result.log;
}

function checkpoint(database: Database, mode: 'PASSIVE' | 'RESTART'): CheckpointResult | null {
  const [result] = database.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
  return result ?? null;
}
