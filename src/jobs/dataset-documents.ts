/**
 * The conversations of a dataset with the keys the search index gives them, for jobs that derive
 * data per conversation (embeddings, maps): imported datasets in import order (key = 1-based
 * ordinal, so a run can start after a position), collected raw logs per branch.
 */
import { collectedConversationToRecords } from '../dataset/collected-to-release.ts';
import type { IndexDocument } from '../search/search-index.ts';
import type { Store } from '../store/store.ts';
import { COLLECTED_DATASET } from './search-index-job.ts';

export interface PositionedDocuments {
  documents: IndexDocument[];
  /** Source records read up to and including this batch. */
  position: number;
}

export async function datasetRecordCount(store: Store, dataset: string): Promise<number> {
  if (dataset === COLLECTED_DATASET) return store.countConversations();
  const info = await store.datasets.getDataset(dataset);
  if (info === null) {
    const names = (await store.datasets.listDatasets()).map((found) => found.name);
    throw new Error(`no dataset named ${dataset} in the store${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
  }
  return info.records;
}

export async function* datasetDocuments(store: Store, dataset: string, options: { after: number; batchSize: number }): AsyncGenerator<PositionedDocuments> {
  if (dataset === COLLECTED_DATASET) {
    let position = 0;
    for await (const batch of store.iterateConversations({ batchSize: options.batchSize })) {
      const documents: IndexDocument[] = [];
      for (const stored of batch) {
        for (const record of collectedConversationToRecords(stored).records) {
          documents.push({ dataset, key: `${record.conversation_id ?? record.conversation_hash}:${record.branch?.index ?? 0}`, record });
        }
      }
      position += batch.length;
      yield { documents, position };
    }
    return;
  }
  const info = await store.datasets.getDataset(dataset);
  if (info === null) throw new Error(`no dataset named ${dataset} in the store`);
  let position = 0;
  for await (const batch of store.datasets.iterateRecords(info.id, { batchSize: options.batchSize })) {
    const documents: IndexDocument[] = [];
    for (const record of batch) {
      position += 1;
      if (position > options.after) documents.push({ dataset, key: String(position), record });
    }
    if (documents.length > 0) yield { documents, position };
  }
}
