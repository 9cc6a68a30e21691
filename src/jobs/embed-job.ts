/**
 * `wildchat embed`: embeds the text rule's text of every conversation of a dataset that has none
 * yet, in backend-sized batches. Each batch is stored with the source position it reached in one
 * transaction, so a backend that fails mid-run loses at most the batch in flight and the next run
 * resumes after the last stored one. Collected logs are re-read each run: embeddings of deleted or
 * withdrawn conversations are removed (nothing derived from deleted text survives).
 */
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';
import type { EmbeddingBackend } from '../embedding/embedding-backend.ts';
import { checkEmbeddingBatch } from '../embedding/embedding-backend.ts';
import { conversationUser, embeddingText } from '../embedding/embedding-text.ts';
import type { EmbeddingPoint, EmbeddingStore, TextRule } from '../store/embedding-store.ts';
import type { Store } from '../store/store.ts';
import { datasetDocuments, datasetRecordCount } from './dataset-documents.ts';
import { COLLECTED_DATASET } from './search-index-job.ts';

export interface EmbedRunReport {
  dataset: string;
  version: string;
  textRule: TextRule;
  /** Conversations embedded in this run. */
  embedded: number;
  /** Conversations without text for the rule, in this run. */
  noText: number;
  /** Conversations without text for the rule, over every run of the set. */
  noTextTotal: number;
  /** Conversations read in this run. */
  read: number;
  /** Embeddings of conversations that no longer exist, removed. */
  removed: number;
  /** Points stored for the set after the run. */
  points: number;
  seconds: number;
  cpuSeconds: number;
}

export interface EmbedDatasetOptions {
  store: Store;
  embeddings: EmbeddingStore;
  backend: EmbeddingBackend;
  dataset: string;
  textRule: TextRule;
  replace: boolean;
  progress?: ProgressSink;
  now?: () => number;
}

function first<T>(values: Array<T | null>): T | null {
  return values.find((value) => value !== null) ?? null;
}

export async function embedDataset(options: EmbedDatasetOptions): Promise<EmbedRunReport> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const now = options.now ?? Date.now;
  const progress = options.progress ?? SILENT_PROGRESS;
  const { backend, embeddings, dataset, textRule } = options;
  const total = await datasetRecordCount(options.store, dataset);
  const set = await embeddings.openSet(dataset, textRule, backend.version, backend.dimension, { replace: options.replace, at: now() });
  const collected = dataset === COLLECTED_DATASET;
  // Collected conversations change in place, so they are matched by key rather than by position.
  const existing = collected ? await embeddings.pointKeys(set.id) : new Set<string>();
  const seen = new Set<string>();
  const after = collected ? 0 : set.sourcePosition;
  const report: EmbedRunReport = {
    dataset,
    version: backend.version,
    textRule,
    embedded: 0,
    noText: 0,
    noTextTotal: 0,
    read: 0,
    removed: 0,
    points: 0,
    seconds: 0,
    cpuSeconds: 0,
  };
  let skipped = collected ? 0 : set.skipped;
  progress.begin(`embedding ${dataset} (${backend.id})`, Math.max(0, total - after), collected ? 'conversations' : 'records');

  let pending: Array<{ point: Omit<EmbeddingPoint, 'vector'>; text: string }> = [];
  let pendingPosition = after;
  const flush = async (position: number): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending.slice(0, backend.maxBatchSize);
      const vectors = await backend.embed(batch.map((item) => item.text));
      checkEmbeddingBatch(backend, batch.length, vectors);
      pending = pending.slice(batch.length);
      // The position only advances with the last batch of a source chunk, so a resume never skips.
      const reached = pending.length === 0 ? position : pendingPosition;
      await embeddings.putPoints(
        set.id,
        batch.map((item, index) => ({ ...item.point, vector: vectors[index] ?? new Float32Array(backend.dimension) })),
        { sourcePosition: reached, skipped, at: now() },
      );
      report.embedded += batch.length;
    }
    pendingPosition = position;
  };

  for await (const chunk of datasetDocuments(options.store, dataset, { after, batchSize: backend.maxBatchSize })) {
    for (const document of chunk.documents) {
      report.read += 1;
      seen.add(document.key);
      if (existing.has(document.key)) continue;
      const text = embeddingText(document.record, textRule);
      if (text === null) {
        report.noText += 1;
        skipped += 1;
        continue;
      }
      pending.push({
        text,
        point: {
          key: document.key,
          conversationHash: document.record.conversation_hash,
          user: conversationUser(document.record),
          language: document.record.language ?? first(document.record.conversation.map((message) => message.language)),
          model: document.record.model,
          toxic: document.record.toxic,
        },
      });
    }
    progress.advance(collected ? chunk.documents.length : chunk.position - pendingPosition);
    await flush(chunk.position);
  }
  if (collected) {
    report.removed = await embeddings.removePoints(
      set.id,
      [...existing].filter((key) => !seen.has(key)),
    );
    await embeddings.putPoints(set.id, [], { sourcePosition: report.read, skipped, at: now() });
  }
  progress.end();
  report.points = (await embeddings.getSet(dataset, textRule))?.points ?? 0;
  report.noTextTotal = skipped;
  const cpu = process.cpuUsage(cpuStarted);
  report.seconds = (performance.now() - started) / 1000;
  report.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return report;
}
