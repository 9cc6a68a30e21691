/** The import job: files → a named dataset in the store of the data folder. */
import type { ProgressSink } from '../core/progress-sink.ts';
import { importFiles, ImportError, type ImportReport } from '../dataset/import/import-files.ts';
import type { ImportFormat } from '../dataset/import/import-format.ts';
import type { ImportCommandConfig } from '../settings/resolve-import-config.ts';
import { openStoreAt } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { JobError } from './job-error.ts';

export interface ImportJobIo {
  progress?: ProgressSink;
  onFormat?: (file: string, format: ImportFormat, evidence: string) => void;
  openStore?: (dataDir: string) => Store | Promise<Store>;
}

export async function runImportJob(config: ImportCommandConfig, io: ImportJobIo = {}): Promise<ImportReport> {
  const store = await (io.openStore ?? ((dataDir: string) => openStoreAt({ dataDir, databaseUrl: config.databaseUrl })))(config.dataDir);
  try {
    return await importFiles({
      files: config.files,
      dataset: config.dataset,
      format: config.format ?? undefined,
      strict: config.strict,
      license: config.license,
      maxListedErrors: config.maxListedErrors,
      store: store.datasets,
      progress: io.progress,
      onFormat: io.onFormat,
    }).catch((error: unknown) => {
      if (error instanceof ImportError) throw new JobError(error.message, { cause: error });
      throw error;
    });
  } finally {
    await store.close();
  }
}
