/**
 * The export job: collected conversations (default) or an imported dataset → a Hugging Face
 * folder (shards + README.md card), without annotation (that is the release's work).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProgressSink } from '../core/progress-sink.ts';
import { exportDataset, ExportError, type ExportReport } from '../dataset/export/export-dataset.ts';
import { collectedRecords, importedRecords, type CollectedSkips } from '../dataset/export/record-sources.ts';
import type { ExportCommandConfig } from '../settings/resolve-export-config.ts';
import { openStoreAt, SQLITE_FILE_NAME } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { cardLicense } from './card-license.ts';
import { JobError } from './job-error.ts';

export interface ExportJobIo {
  progress?: ProgressSink;
  /** Aborting stops after the current batch and removes the temp folder. */
  signal?: AbortSignal;
  openStore?: (dataDir: string) => Store | Promise<Store>;
}

export interface ExportJobResult {
  report: ExportReport;
  skips: CollectedSkips;
}

export async function runExportJob(config: ExportCommandConfig, io: ExportJobIo = {}): Promise<ExportJobResult> {
  const { dataDir, dataset } = config;
  if (io.openStore === undefined && config.databaseUrl === null && !fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME)))
    throw new JobError(`no wildchat store in ${dataDir} (pass --data-dir, as for serve)`);
  const store = await (io.openStore ?? ((folder: string) => openStoreAt({ dataDir: folder, databaseUrl: config.databaseUrl })))(dataDir);
  try {
    const skips: CollectedSkips = { inFlightTurns: 0, withdrawnConversations: 0 };
    let records;
    let expectedRows: number | null;
    let license: string;
    if (dataset === null) {
      license = await cardLicense(config.license, null, store.datasets);
      records = collectedRecords(store, skips);
      expectedRows = null; // one conversation can give several rows (branches)
    } else {
      const info = await store.datasets.getDataset(dataset);
      if (info === null) {
        const names = (await store.datasets.listDatasets()).map((item) => item.name);
        throw new JobError(`no dataset named ${dataset} in ${dataDir}${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
      }
      license = await cardLicense(config.license, info, store.datasets);
      records = importedRecords(store.datasets, info.id);
      expectedRows = info.records;
    }
    const report = await exportDataset({
      signal: io.signal,
      records,
      outDir: config.outDir,
      format: config.format,
      schema: config.schema,
      gzip: config.gzip,
      overwrite: config.overwrite,
      shardRows: config.shardRows,
      shardBytes: config.shardBytes,
      rowGroupSize: config.rowGroupSize,
      compression: config.compression,
      compressionLevel: config.compressionLevel,
      prettyName: config.prettyName ?? dataset ?? 'Collected conversations',
      license,
      attributions: config.attributions,
      duckDbThreads: config.duckDbThreads,
      duckDbMemoryLimit: config.duckDbMemoryLimit,
      expectedRows,
      progress: io.progress,
    }).catch((error: unknown) => {
      // Its messages say what to do (an existing folder, an interrupted run): no stack trace for those.
      throw error instanceof ExportError ? new JobError(error.message, { cause: error }) : error;
    });
    return { report, skips };
  } finally {
    await store.close();
  }
}
