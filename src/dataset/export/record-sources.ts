/** Where `wildchat export` reads records: our collected conversations, or an imported dataset. */
import type { ReleaseRecord } from '../../schema/release-record.ts';
import type { DatasetStore } from '../../store/dataset-store.ts';
import type { RawLogStore } from '../../store/store.ts';
import { collectedConversationToRecords } from '../collected-to-release.ts';

export interface CollectedSkips {
  inFlightTurns: number;
  withdrawnConversations: number;
}

export const EXPORT_BATCH_SIZE = 1000;

/** Collected conversations as release records (one row per branch), in creation order. */
export async function* collectedRecords(store: RawLogStore, skips: CollectedSkips, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<ReleaseRecord[]> {
  for await (const batch of store.iterateConversations({ batchSize })) {
    const records: ReleaseRecord[] = [];
    for (const stored of batch) {
      const conversion = collectedConversationToRecords(stored);
      skips.inFlightTurns += conversion.skippedInFlightTurns;
      if (conversion.skippedWithdrawn) skips.withdrawnConversations += 1;
      records.push(...conversion.records);
    }
    yield records;
  }
}

export async function* importedRecords(datasets: DatasetStore, datasetId: number, batchSize = EXPORT_BATCH_SIZE): AsyncGenerator<ReleaseRecord[]> {
  yield* datasets.iterateRecords(datasetId, { batchSize });
}
