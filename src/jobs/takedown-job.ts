/**
 * `wildchat takedown`: finds the conversations a takedown request names, deletes collected ones
 * from the raw log (operator tombstones) and records the takedown in the ledger, so every later
 * release leaves them out and lists their hashes in its manifest.
 */
import { collectedConversationToRecords } from '../dataset/collected-to-release.ts';
import { takedownMatches, type TakedownSelectors } from '../release/takedown-match.ts';
import { openStoreAt, type StoreLocation } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { JobError } from './job-error.ts';
import { forgetPublishedHashes, readPublishedHashes } from './published-hashes.ts';
import { appendTakedown } from './takedown-ledger.ts';

export interface TakedownConfig {
  /** The ledger lives here whichever store holds the conversations. */
  dataDir: string;
  /** PostgreSQL store holding the conversations; null = the SQLite store in dataDir. */
  databaseUrl?: string | null;
  /** Null: the collected conversations; otherwise an imported dataset. */
  dataset: string | null;
  conversationHashes: readonly string[];
  turnIdentifiers: readonly number[];
  hashedIps: readonly string[];
  operator: string;
  note: string;
  now: number;
}

export interface TakedownResult {
  source: string;
  conversationHashes: string[];
  /** Collected conversations deleted from the raw log. */
  deletedConversations: number;
}

export async function runTakedownJob(config: TakedownConfig, openStore: (location: StoreLocation) => Promise<Store> = openStoreAt): Promise<TakedownResult> {
  if (config.conversationHashes.length + config.turnIdentifiers.length + config.hashedIps.length === 0) {
    throw new JobError('a takedown needs at least one --conversation-hash, --turn-identifier or --hashed-ip');
  }
  if (config.operator.trim() === '') throw new JobError('a takedown needs --operator (who asked for it is recorded)');
  const selectors: TakedownSelectors = {
    conversationHashes: new Set(config.conversationHashes),
    turnIdentifiers: new Set(config.turnIdentifiers),
    hashedIps: new Set(config.hashedIps),
  };
  const hashes = new Set<string>(config.conversationHashes);
  let deletedConversations = 0;
  const source = config.dataset ?? 'collected';
  const record = () =>
    appendTakedown(config.dataDir, {
      at: config.now,
      operator: config.operator,
      note: config.note,
      source,
      selectors: { conversationHashes: [...config.conversationHashes], turnIdentifiers: [...config.turnIdentifiers], hashedIps: [...config.hashedIps] },
      conversationHashes: [...hashes].sort(),
    });
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? null });
  try {
    if (config.dataset === null) {
      const published = readPublishedHashes(config.dataDir);
      const doomed: string[] = [];
      for await (const batch of store.iterateConversations()) {
        for (const stored of batch) {
          const records = collectedConversationToRecords(stored).records;
          const publishedAs = published.get(stored.conversation.id) ?? new Set<string>();
          const named = [...publishedAs].some((hash) => selectors.conversationHashes.has(hash));
          if (!named && !records.some((row) => takedownMatches(row, selectors))) continue;
          doomed.push(stored.conversation.id);
          // Downstream copies hold the hash a release published (after redaction); a conversation
          // never released under this data folder is listed under its stored hash.
          const listed = publishedAs.size > 0 ? [...publishedAs] : records.map((row) => row.conversation_hash);
          for (const hash of listed) hashes.add(hash);
        }
      }
      // On record before anything is deleted: a failed deletion is found again by re-running it.
      record();
      for (const id of doomed) {
        await store.deleteConversation(id, 'operator', config.now);
        deletedConversations++;
      }
      forgetPublishedHashes(config.dataDir, new Set(doomed));
    } else {
      const info = await store.datasets.getDataset(config.dataset);
      if (info === null) throw new JobError(`no dataset named ${config.dataset} in ${config.databaseUrl ? 'the PostgreSQL store' : config.dataDir}`);
      for await (const batch of store.datasets.iterateRecords(info.id)) {
        for (const row of batch) if (takedownMatches(row, selectors)) hashes.add(row.conversation_hash);
      }
      record();
    }
  } finally {
    await store.close();
  }
  return { source, conversationHashes: [...hashes].sort(), deletedConversations };
}
