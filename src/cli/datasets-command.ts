/**
 * `wildchat datasets [--json]` lists the imported datasets (records, sources, licence, size, date);
 * `wildchat datasets rm NAME` deletes one with its records.
 */
import type { Command } from 'commander';
import { listDatasetsJob, removeDatasetJob, type DatasetListing } from '../jobs/datasets-job.ts';
import { commandSettings } from '../settings/command-settings.ts';
import { resolveSettingsTable } from '../settings/resolve-settings.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { formatAmount } from './progress.ts';

export function datasetsTable(listings: readonly DatasetListing[]): string {
  if (listings.length === 0) return 'no imported datasets (wildchat import FILE --dataset NAME adds one)\n';
  const rows = [
    ['name', 'conversations', 'sources', 'licence', 'size', 'imported'],
    ...listings.map((item) => [
      item.name,
      item.records.toLocaleString('en-US'),
      item.sources.join(',') || '-',
      item.license ?? '-',
      formatAmount(item.bytes, 'bytes'),
      item.createdAt.slice(0, 10),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => (column === 1 || column === 4 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function registerDatasetsCommand(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('List the imported datasets (conversations, sources, licence, size); `datasets rm NAME` deletes one.');
  addSettingOptions(datasets, 'datasets')
    .option('--json', 'print the list as JSON')
    .action(async (options: Record<string, unknown>) => {
      const { dataDir } = resolveSettingsTable(commandSettings, 'datasets', options, process.env);
      const listings = await listDatasetsJob(dataDir);
      process.stdout.write(options.json === true ? `${JSON.stringify(listings, null, 2)}\n` : datasetsTable(listings));
    });
  const remove = datasets.command('rm').description('Delete an imported dataset and its records.').argument('<name>', 'the dataset to delete');
  addSettingOptions(remove, 'datasets').action(async (name: string, _options: Record<string, unknown>, command: Command) => {
    // `datasets --data-dir X rm NAME` and `datasets rm NAME --data-dir X` both work.
    const { dataDir } = resolveSettingsTable(commandSettings, 'datasets', command.optsWithGlobals(), process.env);
    await removeDatasetJob(dataDir, name);
    process.stdout.write(`deleted dataset ${name}\n`);
  });
}
