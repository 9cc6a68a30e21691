/**
 * The output options `wildchat export` and `wildchat release` share (dataset-settings.ts rows
 * listing both commands), typed once for both.
 */
import path from 'node:path';
import { commandSettings } from './command-settings.ts';
import { resolveSettingsTable, SettingError, type ResolveContext } from './resolve-settings.ts';

export interface DatasetOutputConfig {
  dataDir: string;
  /** A postgres:// URL: read from PostgreSQL instead of the SQLite file in dataDir. */
  databaseUrl: string | null;
  /** Absolute output folder. */
  outDir: string;
  /** An imported dataset to read instead of the collected conversations. */
  dataset: string | null;
  format: 'parquet' | 'jsonl';
  schema: 'extended' | 'wildchat-1m';
  gzip: boolean;
  overwrite: boolean;
  shardRows: number;
  shardBytes: number;
  rowGroupSize: number;
  compression: 'zstd' | 'snappy';
  compressionLevel: number;
  /** Title of the dataset card; null lets the command choose. */
  prettyName: string | null;
  /** Null: the dataset's recorded licence (collected: odc-by), chosen by the job. */
  license: string | null;
  attributions: string[];
  duckDbThreads: number;
  duckDbMemoryLimit: string;
}

export type OutputCommand = 'export' | 'release';

/**
 * Where output goes without --out: under the data folder (`out/export/NAME`, `out/release/NAME`,
 * NAME the dataset or `collected`), so nothing lands in the working directory or a checkout.
 */
export function defaultOutputFolder(dataDir: string, command: OutputCommand, dataset: string | null): string {
  return path.join(dataDir, 'out', command, dataset ?? 'collected');
}

export function resolveDatasetOutput(
  command: OutputCommand,
  options: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  context: ResolveContext = {},
): DatasetOutputConfig {
  const settings = resolveSettingsTable(commandSettings, command, options, env, context);
  const format = settings.format ?? 'parquet';
  if (format !== 'parquet' && format !== 'jsonl')
    throw new SettingError('format', `--format ${format} is an import format; ${command} writes parquet or jsonl`);
  return {
    dataDir: settings.dataDir,
    databaseUrl: settings.databaseUrl,
    outDir: settings.out ?? defaultOutputFolder(settings.dataDir, command, settings.dataset),
    dataset: settings.dataset,
    format,
    schema: settings.schema === 'wildchat-1m' ? 'wildchat-1m' : 'extended',
    gzip: settings.gzip,
    overwrite: settings.overwrite,
    shardRows: settings.shardRows,
    shardBytes: settings.shardBytes,
    rowGroupSize: settings.rowGroupSize,
    compression: settings.compression === 'snappy' ? 'snappy' : 'zstd',
    compressionLevel: settings.compressionLevel,
    prettyName: settings.prettyName,
    license: settings.license,
    attributions: settings.attribution ?? [],
    duckDbThreads: settings.duckdbThreads,
    duckDbMemoryLimit: settings.duckdbMemoryLimit,
  };
}
