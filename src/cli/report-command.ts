/** `wildchat report DATASET… --out report.html`: the statistics as one self-contained HTML page. See docs/stats.md. */
import type { Command } from 'commander';
import { resolveReportConfig } from '../settings/resolve-study-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';
import { createProgress, formatAmount } from './progress.ts';
import { countNoun } from '../core/count-noun.ts';

export function registerReportCommand(program: Command): void {
  const command = program
    .command('report')
    .argument('<datasets...>', 'files, folders (Hugging Face layout), "collected" or names of imported datasets')
    .description("One self-contained HTML report (tables, charts, methods, the paper's rows) for one or more datasets.");
  addSettingOptions(command, 'report').action(async (inputs: string[], options: Record<string, unknown>) => {
    const config = resolveReportConfig(options, process.env);
    const [{ runReportJob }, { StatsInputError }] = await Promise.all([import('../jobs/report-job.ts'), import('../dataset/analytics-source.ts')]);
    try {
      const result = await runReportJob({
        inputs,
        out: config.out,
        dataDir: config.dataDir,
        databaseUrl: config.databaseUrl,
        groupBy: config.groupBy,
        k: config.k,
        tokenizer: config.tokenizer,
        duckDbMemoryLimit: config.memoryLimit,
        progress: createProgress(),
      });
      process.stderr.write(`wrote ${result.out} (${formatAmount(result.bytes, 'bytes')}, ${countNoun(result.document.datasets.length, 'dataset')})\n`);
    } catch (error) {
      if (error instanceof StatsInputError) throw new CliError(error.message);
      throw error;
    }
  });
}
