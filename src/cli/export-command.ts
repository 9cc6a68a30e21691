/**
 * `wildchat export`: our collected conversations (default) or an imported dataset to a folder in
 * Hugging Face layout (Parquet or JSONL shards + README.md dataset card). See docs/dataset-format.md.
 * Parses the settings, runs src/jobs/export-job.ts and prints the summary.
 */
import type { Command } from 'commander';
import { resolveExportConfig } from '../settings/resolve-export-config.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { createProgress, formatAmount } from './progress.ts';
import { countNoun } from '../core/count-noun.ts';

export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('Write collected conversations (or an imported --dataset) as a Hugging Face dataset folder: Parquet or JSONL shards plus a README.md card.');
  addSettingOptions(command, 'export').action(async (options: Record<string, unknown>) => {
    const config = resolveExportConfig(options, process.env);
    const { runExportJob } = await import('../jobs/export-job.ts');
    // First Ctrl-C: stop cleanly (the temp folder is removed); a second one exits at once.
    const abort = new AbortController();
    const onSignal = (): void => {
      if (abort.signal.aborted) process.exit(130);
      process.stderr.write('stopping the export (Ctrl-C again to quit at once)...\n');
      abort.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const { report, skips } = await runExportJob(config, { progress: createProgress(), signal: abort.signal }).finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
    const bytes = report.shards.reduce((sum, shard) => sum + shard.bytes, 0);
    const lines = [
      `exported ${countNoun(report.rows, 'row')} to ${config.outDir}: ${countNoun(report.shards.length, 'data file')}, ${formatAmount(bytes, 'bytes')}, README.md`,
    ];
    if (skips.inFlightTurns > 0) lines.push(`left out ${skips.inFlightTurns} turn(s) still in flight (pending or streaming)`);
    if (skips.withdrawnConversations > 0) lines.push(`left out ${skips.withdrawnConversations} conversation(s) whose consent was withdrawn`);
    if (config.dataset === null)
      lines.push(
        'note: this is the raw log (no PII redaction, no review window or filters; language, moderation, toxic and redacted are null); keep it private and publish `wildchat release` output instead',
      );
    process.stdout.write(lines.join('\n') + '\n');
  });
}
