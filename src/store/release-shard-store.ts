/**
 * Where the shards of a release running in many processes meet (PostgreSQL only: the job queue
 * lives in the same database). A run holds its spec (what every worker needs to run a shard) and
 * the global part of the plan; each shard's results of each phase are one blob, written with an
 * upsert, so a redone shard replaces its earlier result atomically and a half-done one leaves none.
 */
export type ReleaseShardPhase = 'annotate' | 'plan' | 'assemble';

export interface ReleaseShardStore {
  createRun(runId: string, spec: string, at: number): Promise<void>;
  /** The run's spec, or null when there is no such run (finished or never started). */
  getRunSpec(runId: string): Promise<string | null>;
  putRunPlan(runId: string, plan: Buffer): Promise<void>;
  getRunPlan(runId: string): Promise<Buffer | null>;
  putResult(runId: string, phase: ReleaseShardPhase, shard: number, data: Buffer): Promise<void>;
  getResult(runId: string, phase: ReleaseShardPhase, shard: number): Promise<Buffer | null>;
  /** Shards of the phase with a result. */
  countResults(runId: string, phase: ReleaseShardPhase): Promise<number>;
  /** Removes the run and every result. */
  deleteRun(runId: string): Promise<void>;
}
