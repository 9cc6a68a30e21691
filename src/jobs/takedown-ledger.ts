/**
 * The takedown ledger: `takedowns.jsonl` in the data folder (mode 0600), one line per takedown
 * with who, when and why (operator text only) and the conversation hashes it removed. Collected
 * conversations are also deleted from the raw log (operator tombstones); imported datasets keep
 * their rows, so this ledger is their dataset-level tombstone list, applied at every release.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { TakedownSummary } from '../release/takedown-match.ts';
import { JobError } from './job-error.ts';

export const TAKEDOWN_LEDGER_FILE = 'takedowns.jsonl';

const takedownEntrySchema = z.object({
  at: z.number().int(),
  operator: z.string(),
  note: z.string(),
  /** 'collected' or the dataset name. */
  source: z.string(),
  selectors: z.object({ conversationHashes: z.array(z.string()), turnIdentifiers: z.array(z.number().int()), hashedIps: z.array(z.string()) }),
  conversationHashes: z.array(z.string()),
});
export type TakedownEntry = z.infer<typeof takedownEntrySchema>;

export function ledgerPath(dataDir: string): string {
  return path.join(dataDir, TAKEDOWN_LEDGER_FILE);
}

export function readTakedownLedger(dataDir: string): TakedownEntry[] {
  const file = ledgerPath(dataDir);
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const entries: TakedownEntry[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new JobError(`${file} line ${index + 1} is not JSON`);
    }
    const result = takedownEntrySchema.safeParse(parsed);
    if (!result.success) throw new JobError(`${file} line ${index + 1} is not a takedown entry`);
    entries.push(result.data);
  });
  return entries;
}

export function appendTakedown(dataDir: string, entry: TakedownEntry): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = ledgerPath(dataDir);
  fs.appendFileSync(file, `${JSON.stringify(takedownEntrySchema.parse(entry))}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

export function takedownSummary(entries: readonly TakedownEntry[], source: string): TakedownSummary {
  const own = entries.filter((entry) => entry.source === source);
  return {
    through: own.length === 0 ? null : Math.max(...own.map((entry) => entry.at)),
    entries: own.flatMap((entry) => entry.conversationHashes.map((conversationHash) => ({ conversationHash, at: entry.at }))),
    selectors: {
      conversationHashes: new Set(own.flatMap((entry) => [...entry.conversationHashes, ...entry.selectors.conversationHashes])),
      turnIdentifiers: new Set(own.flatMap((entry) => entry.selectors.turnIdentifiers)),
      hashedIps: new Set(own.flatMap((entry) => entry.selectors.hashedIps)),
    },
  };
}
