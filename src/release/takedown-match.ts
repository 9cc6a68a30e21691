/**
 * Takedown selectors and the pure test of whether a release record matches one. A takedown names
 * conversations by what a downstream user sees in a release: the conversation hash, a turn
 * identifier or the keyed IP hash, never by their text.
 */
import type { ReleaseRecord } from '../schema/release-record.ts';

export interface TakedownSelectors {
  conversationHashes: ReadonlySet<string>;
  turnIdentifiers: ReadonlySet<number>;
  hashedIps: ReadonlySet<string>;
}

export function takedownMatches(record: ReleaseRecord, selectors: TakedownSelectors): boolean {
  if (selectors.conversationHashes.has(record.conversation_hash)) return true;
  if (record.hashed_ip !== null && selectors.hashedIps.has(record.hashed_ip)) return true;
  for (const message of record.conversation) {
    if (message.turn_identifier !== null && selectors.turnIdentifiers.has(message.turn_identifier)) return true;
    if (message.hashed_ip !== null && selectors.hashedIps.has(message.hashed_ip)) return true;
  }
  return false;
}

/** Taken-down conversation hashes of one release source, and the latest takedown time seen. */
export interface TakedownSummary {
  /** Epoch ms of the newest takedown of this source, or null when there is none. */
  through: number | null;
  /** Every hash taken down for this source, with when. */
  entries: readonly { conversationHash: string; at: number }[];
  /** Every selector of this source's takedowns, with the hashes they resolved to. */
  selectors: TakedownSelectors;
}

/** Hashes taken down after `previousThrough` (all of them when there was no previous release). */
export function removedSince(summary: TakedownSummary, previousThrough: number | null): string[] {
  const hashes = summary.entries.filter((entry) => previousThrough === null || entry.at > previousThrough).map((entry) => entry.conversationHash);
  return [...new Set(hashes)].sort();
}
