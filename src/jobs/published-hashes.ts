/**
 * Which conversation_hash each collected conversation was released under. The published hash is
 * computed over the redacted text, so it can only be known by writing the release; a takedown
 * needs it twice: to find the stored conversation a downstream user names by that hash, and to
 * list in the next manifest the hash downstream copies actually hold.
 *
 * One file per output folder, beside its release state (`releases/<name>.published`, mode 0600),
 * one `conversation id<TAB>hash` line per written row, replaced whole by each release to that
 * folder. The hashes are those of text already public in that release; a takedown removes the
 * lines of the conversations it deletes, and the next release leaves out any other deleted one.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ReleaseRecord } from '../schema/release-record.ts';

const SUFFIX = '.published';

function releasesFolder(dataDir: string): string {
  return path.join(dataDir, 'releases');
}

export function publishedHashesFile(dataDir: string, outDir: string): string {
  const name = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(releasesFolder(dataDir), `${name}${SUFFIX}`);
}

/** Written while the release runs; `commit` moves it into place once the release folder is. */
export class PublishedHashesWriter {
  readonly #file: string;
  readonly #temporary: string;
  readonly #descriptor: number;
  #open = true;

  constructor(dataDir: string, outDir: string) {
    this.#file = publishedHashesFile(dataDir, outDir);
    fs.mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    this.#temporary = `${this.#file}.tmp-${randomBytes(6).toString('hex')}`;
    this.#descriptor = fs.openSync(this.#temporary, 'w', 0o600);
  }

  /** Collected records as written, before the anonymised profile re-keys their conversation ids. */
  add(records: readonly ReleaseRecord[]): void {
    const lines = records.flatMap((record) => (record.conversation_id === null ? [] : [`${record.conversation_id}\t${record.conversation_hash}\n`]));
    if (lines.length > 0) fs.writeSync(this.#descriptor, [...new Set(lines)].join(''));
  }

  commit(): void {
    this.#close();
    fs.renameSync(this.#temporary, this.#file);
  }

  /** Leaves no partial file behind; a no-op after `commit`. */
  discard(): void {
    this.#close();
    fs.rmSync(this.#temporary, { force: true });
  }

  #close(): void {
    if (!this.#open) return;
    this.#open = false;
    fs.closeSync(this.#descriptor);
  }
}

function publishedFiles(dataDir: string): string[] {
  const folder = releasesFolder(dataDir);
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(SUFFIX))
    .map((name) => path.join(folder, name));
}

function parseLine(line: string): [string, string] | null {
  const tab = line.indexOf('\t');
  return tab <= 0 ? null : [line.slice(0, tab), line.slice(tab + 1)];
}

/** Every release's published hashes, by stored conversation id. */
export function readPublishedHashes(dataDir: string): Map<string, Set<string>> {
  const byConversation = new Map<string, Set<string>>();
  for (const file of publishedFiles(dataDir)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const entry = parseLine(line);
      if (entry === null) continue;
      const [conversationId, hash] = entry;
      const hashes = byConversation.get(conversationId) ?? new Set<string>();
      hashes.add(hash);
      byConversation.set(conversationId, hashes);
    }
  }
  return byConversation;
}

/** Removes the lines of deleted conversations from every release's file. */
export function forgetPublishedHashes(dataDir: string, conversationIds: ReadonlySet<string>): void {
  if (conversationIds.size === 0) return;
  for (const file of publishedFiles(dataDir)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const kept = lines.filter((line) => {
      const entry = parseLine(line);
      return entry !== null && !conversationIds.has(entry[0]);
    });
    if (kept.length === lines.filter((line) => line !== '').length) continue;
    const temporary = `${file}.tmp-${randomBytes(6).toString('hex')}`;
    fs.writeFileSync(temporary, kept.length === 0 ? '' : `${kept.join('\n')}\n`, { mode: 0o600 });
    fs.renameSync(temporary, file);
  }
}
