/** `wildchat index [DATASET_OR_PATH...]`: build or update the search index (see docs/explorer.md). */
import type { Command } from 'commander';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { resolveExplorerCliConfig } from './explorer-config.ts';
import { createProgress } from './progress.ts';

export async function asCliError(error: unknown): Promise<never> {
  // Loaded on failure only: both modules pull in the dataset readers.
  const [{ ImportError }, { SearchSourceError }, { TargetExistsError }] = await Promise.all([
    import('../dataset/import/import-files.ts'),
    import('../jobs/search-sources.ts'),
    import('../search/sqlite/durable-file.ts'),
  ]);
  if (error instanceof SearchSourceError || error instanceof ImportError) throw new CliError(error.message, { cause: error });
  // Two first builds of one index ran at once and the other finished first: its index stands.
  if (error instanceof TargetExistsError) throw new CliError(`search index: ${error.message}`, { cause: error });
  if (error instanceof Error && /^no dataset named /u.test(error.message)) throw new CliError(error.message, { cause: error });
  throw error;
}

export function registerIndexCommand(program: Command): void {
  const command = program
    .command('index')
    .description(
      'Build or update the search index of imported datasets, data files or folders (release folders, WildChat/LMSYS Parquet shards), and with --raw our collected logs. Incremental.',
    )
    .argument('[sources...]', 'dataset names, "collected", or paths to data files/folders (default: every imported dataset)');
  addSettingOptions(command, 'index').action(async (sources: string[], options: Record<string, unknown>) => {
    const config = resolveExplorerCliConfig('index', options, process.env);
    const { buildSearchIndex } = await import('../jobs/build-search-index.ts');
    const result = await buildSearchIndex({
      dataDir: config.dataDir,
      indexFile: config.indexFile,
      databaseUrl: config.databaseUrl,
      sources,
      raw: config.raw,
      progress: createProgress(),
      log: (line) => process.stdout.write(`${line}\n`),
    }).catch(asCliError);
    process.stdout.write(`search index: ${result.indexFile}\n`);
  });
}
