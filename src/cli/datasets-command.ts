/**
 * `wildchat datasets [--json]` lists the imported datasets (records, sources, licence, size, date);
 * `wildchat datasets rm NAME` deletes one with its records.
 */
import type { Command } from 'commander';
import type { DatasetListing } from '../jobs/datasets-job.ts';
import { commandSettings } from '../settings/command-settings.ts';
import { resolveSettingsTable } from '../settings/resolve-settings.ts';
import type { StoreLocation } from '../store/open-store.ts';
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

/** Where the datasets live: PostgreSQL when a database URL is set, else the data folder's SQLite file. */
function storeLocation(settings: { dataDir: string; databaseUrl: string | null }): StoreLocation {
  return { dataDir: settings.dataDir, databaseUrl: settings.databaseUrl };
}

export function registerDatasetsCommand(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('List the imported datasets (conversations, sources, licence, size); `datasets rm NAME` deletes one.');
  addSettingOptions(datasets, 'datasets')
    .option('--json', 'print the list as JSON')
    .action(async (options: Record<string, unknown>) => {
      const { listDatasetsJob } = await import('../jobs/datasets-job.ts');
      const listings = await listDatasetsJob(storeLocation(resolveSettingsTable(commandSettings, 'datasets', options, process.env)));
      process.stdout.write(options.json === true ? `${JSON.stringify(listings, null, 2)}\n` : datasetsTable(listings));
    });
  const remove = datasets.command('rm').description('Delete an imported dataset and its records.').argument('<name>', 'the dataset to delete');
  addSettingOptions(remove, 'datasets').action(async (name: string, _options: Record<string, unknown>, command: Command) => {
    // `datasets --data-dir X rm NAME` and `datasets rm NAME --data-dir X` both work.
    const { removeDatasetJob } = await import('../jobs/datasets-job.ts');
    await removeDatasetJob(storeLocation(resolveSettingsTable(commandSettings, 'datasets', command.optsWithGlobals(), process.env)), name);
    process.stdout.write(`deleted dataset ${name}\n`);
  });
}
