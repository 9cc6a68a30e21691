import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** Moves the finished folder into place; an existing one is swapped out only once the new one is complete. */
export function replaceFolder(from: string, to: string): void {
  if (fs.existsSync(to)) {
    const previous = `${to}.old-${randomBytes(6).toString('hex')}`;
    fs.renameSync(to, previous);
    fs.renameSync(from, to);
    fs.rmSync(previous, { recursive: true, force: true });
  } else {
    fs.renameSync(from, to);
  }
}
