/**
 * `wildchat import FILE... --dataset NAME`: WildChat, LMSYS-Chat-1M, ShareGPT or OpenAI-format
 * files (Parquet, JSONL, JSON arrays, .gz) into a named dataset in the store.
 */
import type { Command } from 'commander';
import { IMPORT_FORMATS, type ImportFormat } from '../dataset/import/import-format.ts';
import { importFiles, ImportError } from '../dataset/import/import-files.ts';
import { resolveSettings } from '../settings/resolve-settings.ts';
import { openStore } from '../store/open-store.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './progress.ts';

function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

export function registerImportCommand(program: Command): void {
  const command = program
    .command('import')
    .description('Import conversation files (WildChat, LMSYS-Chat-1M, ShareGPT, OpenAI messages; Parquet, JSONL, JSON, .gz) as a named dataset.')
    .argument('<files...>', 'files to import, in order');
  addSettingOptions(command, 'import').action(async (files: string[], options: Record<string, unknown>) => {
    const settings = resolveSettings('import', options, process.env);
    const dataset = typeof settings.dataset === 'string' ? settings.dataset : null;
    if (dataset === null) throw new CliError('--dataset is required: the name the imported data gets');
    const formatSetting = typeof settings.format === 'string' ? settings.format : null;
    if (formatSetting !== null && !isImportFormat(formatSetting)) {
      throw new CliError(`--format ${formatSetting} is an export format; import reads ${IMPORT_FORMATS.join(', ')}`);
    }
    const dataDir = typeof settings.dataDir === 'string' ? settings.dataDir : './wildchat-data';

    const store = openStore(dataDir);
    try {
      const report = await importFiles({
        files,
        dataset,
        format: formatSetting ?? undefined,
        strict: settings.strict === true,
        maxListedErrors: Number(settings.maxListedErrors),
        store: store.datasets,
        progress: createProgress(),
        onFormat: (file, format, evidence) => process.stderr.write(`${file}: ${formatSetting === null ? 'detected' : 'reading as'} ${format}${formatSetting === null ? ` (${evidence})` : ''}\n`),
      }).catch((error: unknown) => {
        if (error instanceof ImportError) throw new CliError(error.message, { cause: error });
        throw error;
      });
      const lines = report.files.map(
        (file) => `${file.file}: ${file.format}, ${file.rows.toLocaleString('en-US')} rows read, ${file.imported.toLocaleString('en-US')} imported, ${file.duplicates.toLocaleString('en-US')} duplicates, ${file.malformed.toLocaleString('en-US')} malformed`,
      );
      lines.push(`dataset ${report.dataset}: ${report.datasetRecords.toLocaleString('en-US')} conversations (${report.imported.toLocaleString('en-US')} new)`);
      if (report.malformed > 0) {
        lines.push(`${report.malformed} malformed row(s) skipped${report.errors.length < report.malformed ? `; the first ${report.errors.length}` : ''}:`);
        for (const error of report.errors) lines.push(`  ${error.file} ${error.position}: ${error.reason}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    } finally {
      await store.close();
    }
  });
}
