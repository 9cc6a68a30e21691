/**
 * Putting a finished file in place so that after a crash either the whole file is there under its
 * name or nothing is: its bytes reach the disk before the name does, and the name itself is made
 * durable (a rename lives in the directory, which has its own fsync).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The target name was taken while the file was being written (another process put a file there). */
export class TargetExistsError extends Error {
  constructor() {
    super('a file appeared at the target while it was being built; the new file was discarded and the existing one kept');
    this.name = 'TargetExistsError';
  }
}

function fsyncPath(file: string, flags: 'r' | 'r+'): void {
  const descriptor = fs.openSync(file, flags);
  try {
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

function fsyncDirectory(directory: string): void {
  // Windows cannot open a directory for an fsync (and its renames need none).
  if (process.platform === 'win32') return;
  fsyncPath(directory, 'r');
}

/**
 * Moves a finished file to a name that must not exist yet. A hard link fails when the name is
 * taken, so two builds racing for one name never overwrite each other (a plain rename would);
 * where the file system has no hard links, an existence check before the rename has to do.
 */
export function publishNewFile(finished: string, target: string): void {
  fsyncPath(finished, 'r+');
  try {
    fs.linkSync(finished, target);
    fs.unlinkSync(finished);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TargetExistsError();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
    if (fs.existsSync(target)) throw new TargetExistsError();
    fs.renameSync(finished, target);
  }
  fsyncDirectory(path.dirname(target));
}
