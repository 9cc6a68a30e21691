/**
 * The coordinator of a sharded release (`wildchat release --sharded`): splits the collected
 * conversations into shards of consecutive conversations (deterministic: cursors in creation
 * order), queues pass 1 of every shard, runs the global plan over the shards' compact results,
 * queues pass 2, then merges the shards' records in shard order into the same writers a
 * one-process release feeds, so the export (DuckDB's Parquet conversion included) and the
 * manifest come out byte-identical. Optionally starts local worker processes.
 */
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { XXHashAPI } from 'xxhash-wasm';
import type { ProgressSink } from '../core/progress-sink.ts';
import { parseDedupPolicy } from '../pipeline/dedup/dedup-policy.ts';
import type { ReleaseConfig } from '../release/release-config.ts';
import type { VariantName } from '../release/release-filters.ts';
import type { ReleaseManifest } from '../release/release-manifest.ts';
import type { PipelineReport } from '../release/release-passes.ts';
import { filterOptions, releaseAnonymiser } from '../release/run-release.ts';
import { shardedReleaseManifest } from '../release/sharded-manifest.ts';
import { emptyTurnStatusCounts, type TurnStatusCounts } from '../release/turn-status-policy.ts';
import { ShardedReleasePlanner, shardedPipelineReport, type ShardVariantCounts } from '../release/shard-passes.ts';
import type { ReleaseRecord } from '../schema/release-record.ts';
import type { ReleaseCommandConfig } from '../settings/resolve-release-config.ts';
import type { ReleaseShardingConfig } from '../settings/release-shard-settings.ts';
import type { ReleaseShardPhase, ReleaseShardStore } from '../store/release-shard-store.ts';
import type { Store } from '../store/store.ts';
import { JobError } from './job-error.ts';
import { ANNOTATE_QUEUE, ASSEMBLE_QUEUE, openReleaseQueue, type ShardJobData, type ShardQueue } from './release-queue.ts';
import type { JailbreakTemplatesFile } from './release-runtime.ts';
import { decodeAnnotation, decodePart, encodeFrequency, encodeRowPlans, encodeSpec, SHARD_SPEC_VERSION, type ReleaseShard } from './release-shard-spec.ts';
import { startLocalWorkers } from './local-release-workers.ts';

/** Times a lost or failed shard job is handed out again. */
const SHARD_RETRIES = 3;
const POLL_MILLISECONDS = 250;

export interface ShardedReleaseOptions {
  config: ReleaseCommandConfig;
  sharding: ReleaseShardingConfig;
  store: Store;
  releaseConfig: ReleaseConfig;
  templates: JailbreakTemplatesFile;
  cacheKey: Buffer;
  now: number;
  deletedConversations: number | null;
  stageVersions: Record<string, string>;
  hasher: XXHashAPI;
  write: (variant: VariantName, records: readonly ReleaseRecord[]) => Promise<void>;
  progress: ProgressSink;
  /** The anonymised profile's per-release secret; it stays in this process (records are anonymised at the merge). */
  releaseSecret?: Uint8Array;
  /** Sees every merged batch before the anonymised profile re-keys it (as runRelease's onWritten). */
  onWritten?: (records: readonly ReleaseRecord[]) => void;
}

export async function runShardedRelease(options: ShardedReleaseOptions): Promise<{ manifest: ReleaseManifest; report: PipelineReport }> {
  const { config, sharding, store, progress } = options;
  const databaseUrl = config.output.databaseUrl?.trim() ?? '';
  const shardStore = store.releaseShards;
  if (databaseUrl === '' || shardStore === undefined)
    throw new JobError('--sharded needs --database-url postgres://... (the shards and their queue live in PostgreSQL)');
  const anonymiser = releaseAnonymiser(options.releaseConfig, options.releaseSecret, filterOptions(options.releaseConfig, options.now), 'collected');
  const shards = await planShards(store, sharding.shardConversations);
  const runId = randomUUID();
  await shardStore.createRun(
    runId,
    encodeSpec({
      version: SHARD_SPEC_VERSION,
      config: { ...config, output: { ...config.output, databaseUrl: null } },
      templates: options.templates,
      cacheKey: options.cacheKey.toString('hex'),
      now: options.now,
      shards,
    }),
    Date.now(),
  );
  let queueFailure: Error | null = null;
  let boss: PgBoss | null = null;
  const workers = startLocalWorkers(sharding.workers, databaseUrl, sharding.timeoutSeconds);
  try {
    boss = await openReleaseQueue({ databaseUrl, maintenanceSeconds: maintenancePeriod(sharding.timeoutSeconds) }, (error) => {
      queueFailure ??= error;
    });
    const runPhase = async (queue: ShardQueue, phase: ReleaseShardPhase, label: string) => {
      progress.begin(label, shards.length, 'shards');
      const ids = await queueShards(boss as PgBoss, queue, runId, shards.length, sharding.timeoutSeconds);
      await waitForShards(
        boss as PgBoss,
        queue,
        ids,
        () => queueFailure ?? workers.failure(),
        () => progress.advance(1),
      );
      const done = await shardStore.countResults(runId, phase);
      if (done !== shards.length) throw new JobError(`sharded release: ${done} of ${shards.length} shards have a ${phase} result`);
      progress.end();
    };

    await runPhase(ANNOTATE_QUEUE, 'annotate', `annotate ${shards.length} shards (language, moderation, tokens, pii, jailbreak)`);

    progress.begin('duplicates across shards', shards.length, 'shards');
    let turnStatus: TurnStatusCounts | null = null;
    const planner = new ShardedReleasePlanner(options.hasher, {
      source: 'collected',
      variants: config.variants,
      dedup: { policy: parseDedupPolicy(config.dedupPolicy), level: config.dedupLevel, text: config.dedupText },
    });
    for (let shard = 0; shard < shards.length; shard += 1) {
      const annotation = decodeAnnotation(await requiredResult(shardStore, runId, 'annotate', shard));
      planner.add(annotation);
      turnStatus = addTurnStatus(turnStatus, annotation.turnStatus);
      for (const [user, country, state, family] of annotation.located) anonymiser?.addLocated({ user, country, state, family });
      progress.advance(1);
    }
    const plan = planner.finish();
    await shardStore.putRunPlan(runId, encodeFrequency(plan.frequency));
    for (let shard = 0; shard < shards.length; shard += 1) await shardStore.putResult(runId, 'plan', shard, encodeRowPlans(plan.shards[shard] ?? []));
    progress.end();

    await runPhase(ASSEMBLE_QUEUE, 'assemble', `redact and assemble ${shards.length} shards`);

    progress.begin('merge and write', shards.length, 'shards');
    const counts: Partial<Record<VariantName, ShardVariantCounts>>[] = [];
    for (let shard = 0; shard < shards.length; shard += 1) {
      const part = decodePart(await requiredResult(shardStore, runId, 'assemble', shard));
      counts.push(part.counts);
      for (const variant of config.variants) {
        const lines = part.lines[variant] ?? [];
        if (lines.length === 0) continue;
        const records = lines.map((line) => JSON.parse(line) as ReleaseRecord);
        options.onWritten?.(records);
        await options.write(variant, anonymiser === null ? records : anonymiser.apply(records));
      }
      progress.advance(1);
    }
    progress.end();
    const report = shardedPipelineReport(plan, counts);
    const manifest = shardedReleaseManifest({
      config: options.releaseConfig,
      kind: 'collected',
      plan,
      report,
      stages: options.stageVersions,
      deletedConversations: options.deletedConversations,
      timestampPrecision: anonymiser === null ? null : anonymiser.config.timestampPrecision,
      turnStatus,
    });
    return { manifest, report };
  } finally {
    await workers.stop();
    await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
    await shardStore.deleteRun(runId).catch(() => undefined);
  }
}

/** Shard i starts after the conversation at position i x size; the last one runs to the end. */
async function planShards(store: Store, size: number): Promise<ReleaseShard[]> {
  const cursors = await store.conversationCursors(size);
  const shards: ReleaseShard[] = [{ after: null, limit: size }, ...cursors.map((after) => ({ after, limit: size }))];
  (shards[shards.length - 1] as ReleaseShard).limit = null;
  return shards;
}

function maintenancePeriod(timeoutSeconds: number): number {
  return Math.max(1, Math.min(60, Math.floor(timeoutSeconds / 10)));
}

async function queueShards(boss: PgBoss, queue: ShardQueue, runId: string, count: number, timeoutSeconds: number): Promise<string[]> {
  const ids: string[] = [];
  for (let shard = 0; shard < count; shard += 1) {
    const data: ShardJobData = { runId, shard };
    const id = await boss.send(queue, data, { retryLimit: SHARD_RETRIES, retryDelay: 0, expireInSeconds: timeoutSeconds });
    if (id === null) throw new JobError(`sharded release: the queue refused shard ${shard}`);
    ids.push(id);
  }
  return ids;
}

async function waitForShards(boss: PgBoss, queue: ShardQueue, ids: readonly string[], failure: () => Error | null, onDone: () => void): Promise<void> {
  const pending = new Map(ids.map((id, shard) => [id, shard]));
  while (pending.size > 0) {
    const problem = failure();
    if (problem !== null) throw new JobError(`sharded release: ${problem.message}`, { cause: problem });
    for (const [id, shard] of pending) {
      const job = await boss.getJobById(queue, id);
      if (job === null) throw new JobError(`sharded release: the job of shard ${shard} vanished from the queue`);
      if (job.state === 'completed') {
        pending.delete(id);
        onDone();
      } else if (job.state === 'failed' || job.state === 'cancelled') {
        throw new JobError(`sharded release: shard ${shard} ${job.state} after ${job.retryCount} retries (see the worker's log)`);
      }
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MILLISECONDS));
  }
}

async function requiredResult(store: ReleaseShardStore, runId: string, phase: ReleaseShardPhase, shard: number): Promise<Buffer> {
  const data = await store.getResult(runId, phase, shard);
  if (data === null) throw new JobError(`sharded release: shard ${shard} has no ${phase} result`);
  return data;
}

/** Sums the shards' turn status counts (each shard counts its own rows once). */
function addTurnStatus(total: TurnStatusCounts | null, shard: TurnStatusCounts | null): TurnStatusCounts | null {
  if (shard === null) return total;
  const sum = total ?? emptyTurnStatusCounts();
  for (const [kind, actions] of Object.entries(shard) as [keyof TurnStatusCounts, TurnStatusCounts[keyof TurnStatusCounts]][]) {
    for (const [action, count] of Object.entries(actions) as [keyof typeof actions, number][]) sum[kind][action] += count;
  }
  return sum;
}
