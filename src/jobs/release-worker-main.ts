/**
 * Entry of a worker process (a local one started by `release --sharded`, or `wildchat worker`):
 * the database URL comes in the environment (never on the command line, where `ps` shows it);
 * SIGTERM finishes the current shard and exits; shard events go to stdout as JSON lines (ids only).
 */
import '../resources/provide-data-packages.ts';
import { runReleaseWorker } from './release-worker.ts';

const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
process.once('SIGINT', () => controller.abort());
const timeout = Number(process.env['WILDCHAT_RELEASE_SHARD_TIMEOUT'] ?? 900);
try {
  await runReleaseWorker({
    databaseUrl: process.env['DATABASE_URL'] ?? null,
    signal: controller.signal,
    maintenanceSeconds: Math.max(1, Math.min(60, Math.floor(timeout / 10))),
    onShard: (event) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...event })}\n`),
  });
  process.exit(0);
} catch (error) {
  process.stderr.write(`wildchat worker: ${error instanceof Error ? error.message : 'failed'}\n`);
  process.exit(1);
}
