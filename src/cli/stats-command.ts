/** `wildchat stats DATASET_OR_PATH…`: Table 1 (and, as JSON, every statistic) side by side. See docs/stats.md. */
import type { Command } from 'commander';
import { resolveStatsConfig } from '../settings/resolve-study-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { createProgress } from './progress.ts';

export function registerStatsCommand(program: Command): void {
  const command = program
    .command('stats')
    .argument('<datasets...>', 'files, folders (Hugging Face layout), "collected" or names of imported datasets')
    .description("The WildChat paper's statistics (Table 1, distributions, safety) for one or more datasets, side by side.");
  addSettingOptions(command, 'stats').action(async (inputs: string[], options: Record<string, unknown>) => {
    const config = resolveStatsConfig(options, process.env);
    const [{ runStatsJob }, { StatsInputError }, { formatStats }] = await Promise.all([
      import('../jobs/stats-job.ts'),
      import('../dataset/analytics-source.ts'),
      import('../analytics/format-stats.ts'),
    ]);
    try {
      const document = await runStatsJob({
        inputs,
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        groupBy: config.groupBy,
        k: config.k,
        tokenizer: config.tokenizer,
        duckDbMemoryLimit: config.memoryLimit,
        progress: createProgress(),
      });
      process.stdout.write(`${formatStats(document, config.format)}\n`);
    } catch (error) {
      if (error instanceof StatsInputError) throw new CliError(error.message);
      throw error;
    }
  });
}
