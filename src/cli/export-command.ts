/**
 * `wildchat export`: our collected conversations (default) or an imported dataset to a folder in
 * Hugging Face layout (Parquet or JSONL shards + README.md dataset card). See docs/dataset-format.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { exportDataset, type ExportFormat } from '../dataset/export/export-dataset.ts';
import { collectedRecords, importedRecords, type CollectedSkips } from '../dataset/export/record-sources.ts';
import type { ExportSchema } from '../dataset/export/release-columns.ts';
import { resolveSettings, type AnySettingValue } from '../settings/resolve-settings.ts';
import { openStore, SQLITE_FILE_NAME } from '../store/open-store.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { formatAmount } from './progress.ts';
import { createProgress } from './progress.ts';

function text(value: AnySettingValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('Write collected conversations (or an imported --dataset) as a Hugging Face dataset folder: Parquet or JSONL shards plus a README.md card.');
  addSettingOptions(command, 'export').action(async (options: Record<string, unknown>) => {
    const settings = resolveSettings('export', options, process.env);
    const format = text(settings.format) ?? 'parquet';
    if (format !== 'parquet' && format !== 'jsonl') throw new CliError(`--format ${format} is an import format; export writes parquet or jsonl`);
    const out = text(settings.out);
    if (out === null) throw new CliError('--out is required: the folder to write the dataset to');
    const dataDir = text(settings.dataDir) ?? './wildchat-data';
    const datasetName = text(settings.dataset);

    if (!fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))) throw new CliError(`no wildchat store in ${dataDir} (pass --data-dir, as for serve)`);
    const store = openStore(dataDir);
    try {
      const datasets = store.datasets;
      const skips: CollectedSkips = { inFlightTurns: 0, withdrawnConversations: 0 };
      let records;
      let expectedRows: number | null;
      if (datasetName === null) {
        records = collectedRecords(store, skips);
        expectedRows = null; // one conversation can give several rows (branches)
      } else {
        const info = await datasets.getDataset(datasetName);
        if (info === null) {
          const names = (await datasets.listDatasets()).map((dataset) => dataset.name);
          throw new CliError(`no dataset named ${datasetName} in ${dataDir}${names.length === 0 ? ' (none imported yet)' : ` (have: ${names.join(', ')})`}`);
        }
        records = importedRecords(datasets, info.id);
        expectedRows = info.records;
      }
      // First Ctrl-C: stop cleanly (the temp folder is removed); a second one exits at once.
      const abort = new AbortController();
      const onSignal = (): void => {
        if (abort.signal.aborted) process.exit(130);
        process.stderr.write('stopping the export (Ctrl-C again to quit at once)...\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const report = await exportDataset({
        signal: abort.signal,
        records,
        outDir: out,
        format: format satisfies ExportFormat,
        schema: (text(settings.schema) ?? 'extended') as ExportSchema,
        gzip: settings.gzip === true,
        overwrite: settings.overwrite === true,
        shardRows: Number(settings.shardRows),
        shardBytes: Number(settings.shardBytes),
        rowGroupSize: Number(settings.rowGroupSize),
        compression: text(settings.compression) === 'snappy' ? 'snappy' : 'zstd',
        compressionLevel: Number(settings.compressionLevel),
        prettyName: text(settings.prettyName) ?? datasetName ?? 'Collected conversations',
        license: text(settings.license) ?? 'odc-by',
        attributions: Array.isArray(settings.attribution) ? settings.attribution : [],
        duckDbThreads: Number(settings.duckdbThreads),
        duckDbMemoryLimit: text(settings.duckdbMemoryLimit) ?? '512MB',
        expectedRows,
        progress: createProgress(),
      }).finally(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      });
      const bytes = report.shards.reduce((sum, shard) => sum + shard.bytes, 0);
      const lines = [
        `exported ${report.rows.toLocaleString('en-US')} rows to ${path.resolve(out)}: ${report.shards.length} data file${report.shards.length === 1 ? '' : 's'}, ${formatAmount(bytes, 'bytes')}, README.md`,
      ];
      if (skips.inFlightTurns > 0) lines.push(`left out ${skips.inFlightTurns} turn(s) still in flight (pending or streaming)`);
      if (skips.withdrawnConversations > 0) lines.push(`left out ${skips.withdrawnConversations} conversation(s) whose consent was withdrawn`);
      if (datasetName === null) lines.push('note: language, moderation, toxic and redacted stay null until the release pipeline annotates the conversations');
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await store.close();
    }
  });
}
