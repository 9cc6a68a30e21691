/**
 * `wildchat worker --database-url postgres://…`: a worker for sharded releases (`wildchat
 * release --sharded`), on this or any other machine that reaches the database. Runs until
 * Ctrl-C or SIGTERM, which let the current shard finish.
 */
import type { Command } from 'commander';
import { resolveWorkerConfig } from '../settings/resolve-worker-config.ts';
import { addSettingOptions } from './add-setting-options.ts';

export function registerWorkerCommand(program: Command): void {
  const command = program.command('worker').description('Run shards of sharded releases (release --sharded) from the job queue in PostgreSQL, until stopped.');
  addSettingOptions(command, 'worker').action(async (options: Record<string, unknown>) => {
    const config = resolveWorkerConfig(options, process.env);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    process.once('SIGTERM', () => controller.abort());
    const { runReleaseWorker } = await import('../jobs/release-worker.ts');
    process.stderr.write('worker: waiting for shards (Ctrl-C stops after the current one)\n');
    await runReleaseWorker({
      databaseUrl: config.databaseUrl,
      signal: controller.signal,
      maintenanceSeconds: Math.max(1, Math.min(60, Math.floor(config.shardTimeoutSeconds / 10))),
      onShard: (event) => process.stderr.write(`worker: ${event.phase} shard ${event.shard} of run ${event.runId.slice(0, 8)} ${event.state}\n`),
    });
  });
}
