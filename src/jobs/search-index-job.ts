/**
 * Fills a SearchIndex from where conversations live: imported datasets in the store (released
 * or public data, appended in import order, so a run only reads what was added since the last
 * one), and our collected raw logs (unredacted: callers gate them behind an operator token).
 * Collected conversations change (new turns, withdrawn consent), so every run re-reads them,
 * replaces what changed and removes what disappeared.
 */
import { collectedConversationToRecords } from '../dataset/collected-to-release.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';
import type { IndexDocument, SearchIndex } from '../search/search-index.ts';
import type { DatasetStore } from '../store/dataset-store.ts';
import type { RawLogStore } from '../store/store.ts';

/** Name the collected raw logs get in the index. */
export const COLLECTED_DATASET = 'collected';

export interface IndexRunReport {
  dataset: string;
  read: number;
  added: number;
  replaced: number;
  removed: number;
  documents: number;
  seconds: number;
}

const BATCH = 1000;

export async function indexImportedDataset(options: {
  index: SearchIndex;
  datasets: DatasetStore;
  name: string;
  progress?: ProgressSink;
}): Promise<IndexRunReport> {
  const started = performance.now();
  const progress = options.progress ?? SILENT_PROGRESS;
  const info = await options.datasets.getDataset(options.name);
  if (info === null) {
    const names = (await options.datasets.listDatasets()).map((dataset) => dataset.name);
    throw new Error(`no dataset named ${options.name} in the store${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
  }
  const indexed = (await options.index.listDatasets()).find((dataset) => dataset.name === options.name);
  const startAt = indexed?.sourcePosition ?? 0;
  const report: IndexRunReport = { dataset: options.name, read: 0, added: 0, replaced: 0, removed: 0, documents: 0, seconds: 0 };
  progress.begin(`indexing ${options.name}`, Math.max(0, info.records - startAt), 'conversations');
  let position = 0;
  let pending: IndexDocument[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const result = await options.index.addDocuments(pending);
    report.added += result.added;
    report.replaced += result.replaced;
    progress.advance(pending.length);
    pending = [];
    await options.index.setSourcePosition(options.name, position);
  };
  for await (const batch of options.datasets.iterateRecords(info.id, { batchSize: BATCH })) {
    for (const record of batch) {
      position += 1;
      if (position <= startAt) continue;
      // Import order is stable and append-only, so the ordinal is a stable key.
      pending.push({ dataset: options.name, key: String(position), record });
      report.read += 1;
    }
    if (pending.length >= BATCH) await flush();
  }
  await flush();
  progress.end();
  report.documents = (await options.index.listDatasets()).find((dataset) => dataset.name === options.name)?.documents ?? 0;
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

export async function indexCollectedConversations(options: { index: SearchIndex; store: RawLogStore; progress?: ProgressSink }): Promise<IndexRunReport> {
  const started = performance.now();
  const progress = options.progress ?? SILENT_PROGRESS;
  const report: IndexRunReport = { dataset: COLLECTED_DATASET, read: 0, added: 0, replaced: 0, removed: 0, documents: 0, seconds: 0 };
  const seen = new Set<string>();
  progress.begin('indexing collected conversations', await options.store.countConversations(), 'conversations');
  for await (const batch of options.store.iterateConversations({ batchSize: BATCH })) {
    const documents: IndexDocument[] = [];
    for (const stored of batch) {
      const { records } = collectedConversationToRecords(stored);
      for (const record of records) {
        const key = `${record.conversation_id ?? record.conversation_hash}:${record.branch?.index ?? 0}`;
        seen.add(key);
        documents.push({ dataset: COLLECTED_DATASET, key, record });
      }
    }
    const result = await options.index.addDocuments(documents);
    report.read += documents.length;
    report.added += result.added;
    report.replaced += result.replaced;
    progress.advance(batch.length);
  }
  progress.end();
  const stale = (await options.index.documentKeys(COLLECTED_DATASET)).filter((key) => !seen.has(key));
  report.removed = await options.index.removeDocuments(COLLECTED_DATASET, stale);
  await options.index.setSourcePosition(COLLECTED_DATASET, report.read);
  report.documents = seen.size;
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
