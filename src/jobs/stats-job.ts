/**
 * `wildchat stats`: resolves each input (a file, a folder in our Hugging Face layout or a Hub
 * snapshot, `collected`, or the name of an imported dataset in the store), opens it in DuckDB and
 * computes its statistics, one input after the other so memory stays that of one source.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { StatsDocument, TokenizerChoice, DatasetStatistics } from '../analytics/dataset-statistics.ts';
import { STATS_FORMAT_VERSION } from '../analytics/dataset-statistics.ts';
import type { GroupBy } from '../analytics/stats-sql.ts';
import { exportStoreRecords, openStatsSource, statsFilesForPath, StatsInputError, type StatsFiles, type StoreRecords } from '../dataset/analytics-source.ts';
import { computeStatistics } from '../dataset/analytics-statistics.ts';
import { collectedRecords, importedRecords } from '../dataset/export/record-sources.ts';
import type { ProgressSink } from '../core/progress-sink.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import { openStoreAt, SQLITE_FILE_NAME, type StoreLocation } from '../store/open-store.ts';
import { countLlamaTokens, countOpenAITokens, loadLlamaTokenizer } from '../pipeline/tokens/token-counter.ts';

/**
 * The token counter stats may use, loaded on first use only: dataset code receives the loader from
 * here, and a dataset that carries its token counts never pays for loading the Llama vocabulary.
 */
export async function loadStatsTokenCounter(name: 'llama2' | 'o200k_base'): Promise<(text: string) => number> {
  if (name === 'o200k_base') return (text) => countOpenAITokens(text, 'o200k_base');
  const llama = await loadLlamaTokenizer();
  return (text) => countLlamaTokens(text, llama);
}

export interface StatsJobConfig {
  inputs: readonly string[];
  dataDir: string;
  /** Named datasets live in this PostgreSQL store instead of the SQLite one in dataDir. */
  databaseUrl?: string | null;
  groupBy: GroupBy | null;
  k: number;
  tokenizer: TokenizerChoice;
  progress?: ProgressSink;
  duckDbMemoryLimit?: string;
}

/** The name `collected` stands for our own collected conversations in the store. */
export const COLLECTED_INPUT = 'collected';

async function* keptBranches(records: AsyncIterable<ReleaseRecord[]>): AsyncGenerator<ReleaseRecord[]> {
  // One row per conversation, as WildChat published: the branch the user last continued.
  for await (const batch of records) yield batch.filter((record) => record.branch === null || record.branch.kept);
}

async function withStoreRecords<T>(location: StoreLocation, input: string, use: (records: StoreRecords) => Promise<T>): Promise<T> {
  const { dataDir } = location;
  if (location.databaseUrl === null && !fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))) {
    throw new StatsInputError(
      `${input}: no such file or folder, and no wildchat store in ${dataDir} to find a dataset of that name in (pass --data-dir or --database-url)`,
    );
  }
  const store = await openStoreAt(location);
  const where = location.databaseUrl === null ? dataDir : 'the PostgreSQL store';
  try {
    if (input === COLLECTED_INPUT) {
      const skips = { inFlightTurns: 0, withdrawnConversations: 0 };
      return await use({ kind: 'store-collected', records: keptBranches(collectedRecords(store, skips)), expectedRows: null });
    }
    const { datasets } = store;
    const info = await datasets.getDataset(input);
    if (info === null) {
      const names = (await datasets.listDatasets()).map((dataset) => dataset.name);
      throw new StatsInputError(
        `${input}: no such file or folder, and no dataset of that name in ${where} (${names.length === 0 ? 'none imported' : `have: ${COLLECTED_INPUT}, ${names.join(', ')}`})`,
      );
    }
    return await use({ kind: 'store-dataset', records: importedRecords(datasets, info.id), expectedRows: info.records });
  } finally {
    await store.close();
  }
}

async function statisticsOf(files: StatsFiles, config: StatsJobConfig): Promise<DatasetStatistics> {
  const source = await openStatsSource(files, config.duckDbMemoryLimit === undefined ? {} : { memoryLimit: config.duckDbMemoryLimit });
  try {
    return await computeStatistics(source, {
      groupBy: config.groupBy,
      k: config.k,
      tokenizer: config.tokenizer,
      loadCounter: loadStatsTokenCounter,
      ...(config.progress === undefined ? {} : { progress: config.progress }),
    });
  } finally {
    source.close();
  }
}

export async function runStatsJob(config: StatsJobConfig): Promise<StatsDocument> {
  if (config.inputs.length === 0) throw new StatsInputError('give at least one dataset: a file, a folder, "collected" or an imported dataset name');
  const datasets: DatasetStatistics[] = [];
  for (const input of config.inputs) {
    if (fs.existsSync(input)) {
      datasets.push(await statisticsOf(statsFilesForPath(input), config));
      continue;
    }
    datasets.push(
      await withStoreRecords({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? null }, input, async (records) => {
        const exported = await exportStoreRecords(input, records, config.progress);
        try {
          return await statisticsOf(exported.files, config);
        } finally {
          await exported.remove();
        }
      }),
    );
  }
  // Two inputs with the same name (two folders called "data") get distinct column titles.
  const seen = new Map<string, number>();
  for (const dataset of datasets) {
    const count = (seen.get(dataset.name) ?? 0) + 1;
    seen.set(dataset.name, count);
    if (count > 1) {
      dataset.name = `${dataset.name} (${count})`;
      for (const column of dataset.tableOne) column.dataset = dataset.name;
    }
  }
  return { format: 'wildchat-stats', version: STATS_FORMAT_VERSION, k: config.k, groupBy: config.groupBy, datasets };
}
