/**
 * `wildchat worker`: takes shard jobs of sharded releases from the queue on a PostgreSQL store
 * and runs them: pass 1 (annotate) or pass 2 (assemble) of src/release/shard-passes.ts over the
 * shard's conversations, writing the result blob with an upsert (a redo replaces it). Stateless
 * apart from a per-run cache of the stages, so any number of workers on any machine can serve
 * one release, and a worker killed mid-shard only costs that shard's redo elsewhere.
 */
import type PgBoss from 'pg-boss';
import { KeyedAnnotationCache } from '../pipeline/runner/keyed-annotation-cache.ts';
import { filterOptions, TurnStatusFilter } from '../release/run-release.ts';
import { annotateShard, assembleShard } from '../release/shard-passes.ts';
import type { ReleaseShardStore } from '../store/release-shard-store.ts';
import { openStoreAt } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { JobError } from './job-error.ts';
import { ANNOTATE_QUEUE, ASSEMBLE_QUEUE, openReleaseQueue, type ShardJobData } from './release-queue.ts';
import { manifestConfig, openReleaseRuntime, type ReleaseRuntime } from './release-runtime.ts';
import { collectedRowBatches } from './release-sources.ts';
import { decodeFrequency, decodeRowPlans, decodeSpec, encodeAnnotation, encodePart, type ReleaseShardSpec } from './release-shard-spec.ts';

export interface ReleaseWorkerOptions {
  databaseUrl: string | null;
  /** Stops taking jobs and returns once the current ones are done. */
  signal?: AbortSignal;
  /** Told when a shard starts and ends (ids only), e.g. for the CLI's log. */
  onShard?: (event: { phase: 'annotate' | 'assemble'; runId: string; shard: number; state: 'started' | 'done' }) => void;
  /** pg-boss maintenance period (default 5 s), which expires dead workers' jobs. */
  maintenanceSeconds?: number;
}

/** One run's state in this worker: its spec, its stages, what pass 2 shares. */
interface RunContext {
  runId: string;
  spec: ReleaseShardSpec;
  runtime: ReleaseRuntime;
  cache: KeyedAnnotationCache;
  tombstoned: Set<string>;
  frequency: Map<string, number> | null;
}

export async function runReleaseWorker(options: ReleaseWorkerOptions): Promise<void> {
  const url = options.databaseUrl?.trim() ?? '';
  if (url === '') throw new JobError('wildchat worker needs --database-url (or DATABASE_URL): the shard queue lives in PostgreSQL');
  const store = await openStoreAt({ dataDir: '', databaseUrl: url });
  let boss: PgBoss | null = null;
  let current: RunContext | null = null;
  try {
    const shards = store.releaseShards;
    if (shards === undefined) throw new JobError('wildchat worker needs a PostgreSQL store');
    let failure: Error | null = null;
    boss = await openReleaseQueue({ databaseUrl: url, maintenanceSeconds: options.maintenanceSeconds ?? 5 }, (error) => {
      failure ??= error;
    });

    const context = async (runId: string): Promise<RunContext | null> => {
      if (current?.runId === runId) return current;
      const text = await shards.getRunSpec(runId);
      if (text === null) return null;
      await current?.runtime.close();
      current = null;
      const spec = decodeSpec(text);
      // A worker serves many shards of a run: its size is not known here, so it counts as large.
      const runtime = await openReleaseRuntime(spec.config, spec.templates, null);
      const tombstones = await store.listTombstones();
      current = {
        runId,
        spec,
        runtime,
        cache: new KeyedAnnotationCache(store.annotations, Buffer.from(spec.cacheKey, 'hex')),
        tombstoned: new Set(tombstones.flatMap((tombstone) => (tombstone.conversationId === null ? [] : [tombstone.conversationId]))),
        frequency: null,
      };
      return current;
    };

    const handle = (phase: 'annotate' | 'assemble') => async (jobs: PgBoss.Job<ShardJobData>[]) => {
      for (const job of jobs) {
        const { runId, shard } = job.data;
        options.onShard?.({ phase, runId, shard, state: 'started' });
        const run = await context(runId);
        // A run that is gone (finished, or its coordinator gave up) leaves nothing to do.
        if (run === null) continue;
        if (phase === 'annotate') await annotate(store, shards, run, shard);
        else await assemble(store, shards, run, shard);
        options.onShard?.({ phase, runId, shard, state: 'done' });
      }
    };
    const work = { batchSize: 1, pollingIntervalSeconds: 0.5 };
    await boss.work<ShardJobData>(ANNOTATE_QUEUE, work, handle('annotate'));
    await boss.work<ShardJobData>(ASSEMBLE_QUEUE, work, handle('assemble'));
    await new Promise<void>((resolve) => {
      if (options.signal?.aborted === true) resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    if (failure !== null) throw failure;
  } finally {
    await boss?.stop({ graceful: true, wait: true, timeout: 30_000 }).catch(() => undefined);
    await (current as RunContext | null)?.runtime.close();
    await store.close();
  }
}

function shardRows(store: Store, run: RunContext, shard: number, turnStatus: TurnStatusFilter | null, meter?: { maxTurnIdentifier: number | null }) {
  const range = run.spec.shards[shard];
  if (range === undefined) throw new JobError(`run ${run.runId} has no shard ${shard}`);
  const { config } = run.spec;
  const branches = manifestConfig(config, run.spec.templates.sha256).branches;
  const batches = store.iterateConversations({
    batchSize: config.batchSize,
    ...(range.after === null ? {} : { after: range.after }),
    ...(range.limit === null ? {} : { limit: range.limit }),
  });
  // The input snapshot's newest turn is measured before the turn status policy drops any (as in run-release.ts).
  async function* rows() {
    for await (const batch of collectedRowBatches(batches, branches, run.tombstoned)) {
      if (meter !== undefined)
        for (const row of batch)
          for (const message of row.record.conversation)
            if (message.turn_identifier !== null) meter.maxTurnIdentifier = Math.max(meter.maxTurnIdentifier ?? 0, message.turn_identifier);
      yield batch;
    }
  }
  return turnStatus === null ? rows() : turnStatus.wrap(rows)();
}

/** The run's turn status policy as one-process releases apply it (run-release.ts), or null. */
function turnStatusFilter(run: RunContext): TurnStatusFilter | null {
  const policy = manifestConfig(run.spec.config, run.spec.templates.sha256).turnStatus;
  return policy === undefined ? null : new TurnStatusFilter(policy);
}

async function annotate(store: Store, shards: ReleaseShardStore, run: RunContext, shard: number): Promise<void> {
  const { config } = run.spec;
  const turnStatus = turnStatusFilter(run);
  const meter = { maxTurnIdentifier: null as number | null };
  const annotation = await annotateShard({
    source: 'collected',
    rows: shardRows(store, run, shard, turnStatus, meter),
    turnStatus: () => turnStatus?.counts ?? null,
    stages: run.runtime.stages,
    cache: run.cache,
    filters: filterOptions(manifestConfig(config, run.spec.templates.sha256), run.spec.now),
    hasher: run.runtime.hasher,
  });
  await shards.putResult(run.runId, 'annotate', shard, encodeAnnotation({ ...annotation, maxTurnIdentifier: meter.maxTurnIdentifier }));
}

async function assemble(store: Store, shards: ReleaseShardStore, run: RunContext, shard: number): Promise<void> {
  if (run.frequency === null) {
    const plan = await shards.getRunPlan(run.runId);
    if (plan === null) throw new JobError(`run ${run.runId} has no plan yet`);
    run.frequency = decodeFrequency(plan);
  }
  const rowPlans = await shards.getResult(run.runId, 'plan', shard);
  if (rowPlans === null) throw new JobError(`run ${run.runId} has no plan for shard ${shard}`);
  const assembled = await assembleShard({
    rows: shardRows(store, run, shard, turnStatusFilter(run)),
    plan: decodeRowPlans(rowPlans),
    variants: run.spec.config.variants,
    frequency: run.frequency,
    stages: run.runtime.stages,
    cache: run.cache,
  });
  const lines = Object.fromEntries(Object.entries(assembled.records).map(([variant, records]) => [variant, records.map((record) => JSON.stringify(record))]));
  await shards.putResult(run.runId, 'assemble', shard, encodePart({ lines, counts: assembled.counts }));
}
