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
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? null });
  try {
    if (config.dataset === null) {
      const doomed: string[] = [];
      for await (const batch of store.iterateConversations()) {
        for (const stored of batch) {
          const matching = collectedConversationToRecords(stored).records.filter((record) => takedownMatches(record, selectors));
          if (matching.length === 0) continue;
          doomed.push(stored.conversation.id);
          for (const record of collectedConversationToRecords(stored).records) hashes.add(record.conversation_hash);
        }
      }
      for (const id of doomed) {
        await store.deleteConversation(id, 'operator', config.now);
        deletedConversations++;
      }
    } else {
      const info = await store.datasets.getDataset(config.dataset);
      if (info === null) throw new JobError(`no dataset named ${config.dataset} in ${config.databaseUrl ? 'the PostgreSQL store' : config.dataDir}`);
      for await (const batch of store.datasets.iterateRecords(info.id)) {
        for (const record of batch) if (takedownMatches(record, selectors)) hashes.add(record.conversation_hash);
      }
    }
  } finally {
    await store.close();
  }
  const source = config.dataset ?? 'collected';
  const conversationHashes = [...hashes].sort();
  appendTakedown(config.dataDir, {
    at: config.now,
    operator: config.operator,
    note: config.note,
    source,
    selectors: { conversationHashes: [...config.conversationHashes], turnIdentifiers: [...config.turnIdentifiers], hashedIps: [...config.hashedIps] },
    conversationHashes,
  });
  return { source, conversationHashes, deletedConversations };
}
