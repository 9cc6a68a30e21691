/**
 * A new SQLite index built as one bulk load: into a temporary file beside the target (same
 * directory, so the final move is a rename on one file system), without journal, fsync or FTS5
 * merging while loading, then merged once, fsynced and moved into place. The target name never
 * holds a half-written index: a failed or interrupted build leaves no file under it, and a
 * failure removes the temporary file too (one left by a killed process is removed by the next
 * build of the same target). Updates of an existing index do not come here: they keep the
 * journal, so a crash in the middle of one loses nothing committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { processIsRunning } from '../../core/process-is-running.ts';
import { publishNewFile } from './durable-file.ts';
import { removeOrphanedSideFiles, removeSqliteFiles } from './sqlite-files.ts';
import { SqliteSearchIndex } from './sqlite-search-index.ts';

const BUILDING_MARK = '.building-';

/** The temporary file of a build by the given process. */
export function bulkBuildFile(target: string, processId: number): string {
  return `${target}${BUILDING_MARK}${processId}`;
}

/** Temporary files of builds of this target whose process is gone (killed, or the machine went down). */
function removeAbandonedBuilds(target: string): void {
  const directory = path.dirname(target);
  const prefix = path.basename(target) + BUILDING_MARK;
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const processId = Number(/^\d+/u.exec(name.slice(prefix.length))?.[0]);
    if (!Number.isSafeInteger(processId) || processId === process.pid || processIsRunning(processId)) continue;
    fs.rmSync(path.join(directory, name), { force: true });
  }
}

export class SqliteBulkBuild {
  private settled = false;

  private constructor(
    readonly target: string,
    readonly temporaryFile: string,
    /** Add documents here; searchable already, but only this process sees the file until finish. */
    readonly index: SqliteSearchIndex,
  ) {}

  /** Starts a build of an index that does not exist yet at target. */
  static begin(target: string, options: { now?: () => number } = {}): SqliteBulkBuild {
    removeAbandonedBuilds(target);
    const temporaryFile = bulkBuildFile(target, process.pid);
    removeSqliteFiles(temporaryFile);
    try {
      return new SqliteBulkBuild(target, temporaryFile, new SqliteSearchIndex(temporaryFile, { bulkLoad: true, now: options.now }));
    } catch (error) {
      removeSqliteFiles(temporaryFile);
      throw error;
    }
  }

  /** Merges, closes and moves the index into place; on any failure the temporary file is removed. */
  async finish(): Promise<void> {
    if (this.settled) throw new Error('this bulk build is already finished or abandoned');
    try {
      await this.index.finishBulkLoad();
      await this.index.close();
      removeOrphanedSideFiles(this.target);
      publishNewFile(this.temporaryFile, this.target);
      this.settled = true;
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }

  /** Closes the index and removes the temporary file; the target is untouched. */
  async abandon(): Promise<void> {
    this.settled = true;
    await this.index.close();
    removeSqliteFiles(this.temporaryFile);
  }
}
