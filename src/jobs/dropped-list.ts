/**
 * `--list-dropped FILE`: the rows the release filters dropped, one JSON line each (conversation
 * id, branch, filter, variant), for a reviewer. Ids only: no message text ever reaches the file.
 * Written whole through a temporary file, so a failed run leaves no partial list.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DroppedRow } from '../release/release-passes.ts';

export class DroppedList {
  readonly #file: string;
  readonly #lines: string[] = [];

  constructor(file: string) {
    this.#file = file;
  }

  add(row: DroppedRow): void {
    this.#lines.push(JSON.stringify({ conversation_id: row.conversation, branch: row.branch, reason: row.reason, variant: row.variant }));
  }

  get size(): number {
    return this.#lines.length;
  }

  write(): void {
    fs.mkdirSync(path.dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      fs.writeFileSync(temporary, this.#lines.length === 0 ? '' : `${this.#lines.join('\n')}\n`, { mode: 0o600 });
      fs.renameSync(temporary, this.#file);
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }
}
