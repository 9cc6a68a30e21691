/**
 * The job queue of a sharded release: pg-boss on the release's own PostgreSQL (schema `pgboss`).
 * One job per shard and phase; a job whose worker dies stays active until `expireInSeconds`,
 * then pg-boss's maintenance hands it to another worker (up to `retryLimit` times).
 */
import PgBoss from 'pg-boss';

export const ANNOTATE_QUEUE = 'wildchat-release-annotate';
export const ASSEMBLE_QUEUE = 'wildchat-release-assemble';
export type ShardQueue = typeof ANNOTATE_QUEUE | typeof ASSEMBLE_QUEUE;

export interface ShardJobData {
  runId: string;
  shard: number;
}

export interface ReleaseQueueOptions {
  databaseUrl: string;
  /** How often this instance runs pg-boss maintenance (expiring the jobs of dead workers). */
  maintenanceSeconds: number;
}

/** A started pg-boss with both queues created. Errors (e.g. the database restarting) go to `onError`. */
export async function openReleaseQueue(options: ReleaseQueueOptions, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    maintenanceIntervalSeconds: Math.max(1, Math.round(options.maintenanceSeconds)),
    application_name: 'wildchat-release-queue',
  });
  boss.on('error', onError);
  await boss.start();
  for (const name of [ANNOTATE_QUEUE, ASSEMBLE_QUEUE]) {
    // createQueue is not idempotent across racing processes: a concurrent creation is as good as ours.
    if ((await boss.getQueue(name)) === null)
      await boss.createQueue(name).catch(async (error: unknown) => {
        if ((await boss.getQueue(name)) === null) throw error;
      });
  }
  return boss;
}
