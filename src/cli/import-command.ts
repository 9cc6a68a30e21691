/**
 * `wildchat import FILE... --dataset NAME`: WildChat, LMSYS-Chat-1M, ShareGPT or OpenAI-format
 * files (Parquet, JSONL, JSON arrays, .gz) into a named dataset in the store. Parses the
 * settings, runs src/jobs/import-job.ts and prints the report.
 */
import type { Command } from 'commander';
import { resolveImportConfig } from '../settings/resolve-import-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { createProgress } from './progress.ts';
import { countNoun } from '../core/count-noun.ts';

export function registerImportCommand(program: Command): void {
  const command = program
    .command('import')
    .description('Import conversation files (WildChat, LMSYS-Chat-1M, ShareGPT, OpenAI messages; Parquet, JSONL, JSON, .gz) as a named dataset.')
    .argument('<files...>', 'files to import, in order');
  addSettingOptions(command, 'import').action(async (files: string[], options: Record<string, unknown>) => {
    const config = resolveImportConfig(files, options, process.env);
    const { runImportJob } = await import('../jobs/import-job.ts');
    const report = await runImportJob(config, {
      progress: createProgress(),
      onFormat: (file, format, evidence) =>
        process.stderr.write(`${file}: ${config.format === null ? 'detected' : 'reading as'} ${format}${config.format === null ? ` (${evidence})` : ''}\n`),
    });
    const lines = report.files.map(
      (file) =>
        `${file.file}: ${file.format}, ${countNoun(file.rows, 'row')} read, ${file.imported.toLocaleString('en-US')} imported, ${countNoun(file.duplicates, 'duplicate')}, ${file.malformed.toLocaleString('en-US')} malformed`,
    );
    lines.push(`dataset ${report.dataset}: ${countNoun(report.datasetRecords, 'conversation')} (${report.imported.toLocaleString('en-US')} new)`);
    if (report.malformed > 0) {
      lines.push(
        `${countNoun(report.malformed, 'malformed row')} skipped${report.errors.length < report.malformed ? `; the first ${report.errors.length}` : ''}:`,
      );
      for (const error of report.errors) lines.push(`  ${error.file} ${error.position}: ${error.reason}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  });
}
