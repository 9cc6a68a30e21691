/** ReleaseShardStore on PostgreSQL (tables from migration '0400-release-shards'). */
import type pg from 'pg';
import type { ReleaseShardPhase, ReleaseShardStore } from '../release-shard-store.ts';

export class PgReleaseShards implements ReleaseShardStore {
  constructor(private readonly pool: pg.Pool) {}

  async createRun(runId: string, spec: string, at: number): Promise<void> {
    await this.pool.query('INSERT INTO release_shard_runs (id, spec, created_at) VALUES ($1, $2, $3)', [runId, spec, at]);
  }

  async getRunSpec(runId: string): Promise<string | null> {
    const result = await this.pool.query<{ spec: string }>('SELECT spec FROM release_shard_runs WHERE id = $1', [runId]);
    return result.rows[0]?.spec ?? null;
  }

  async putRunPlan(runId: string, plan: Buffer): Promise<void> {
    await this.pool.query('UPDATE release_shard_runs SET plan = $2 WHERE id = $1', [runId, plan]);
  }

  async getRunPlan(runId: string): Promise<Buffer | null> {
    const result = await this.pool.query<{ plan: Buffer | null }>('SELECT plan FROM release_shard_runs WHERE id = $1', [runId]);
    return result.rows[0]?.plan ?? null;
  }

  async putResult(runId: string, phase: ReleaseShardPhase, shard: number, data: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO release_shard_results (run_id, phase, shard, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (run_id, phase, shard) DO UPDATE SET data = excluded.data`,
      [runId, phase, shard, data],
    );
  }

  async getResult(runId: string, phase: ReleaseShardPhase, shard: number): Promise<Buffer | null> {
    const result = await this.pool.query<{ data: Buffer }>('SELECT data FROM release_shard_results WHERE run_id = $1 AND phase = $2 AND shard = $3', [
      runId,
      phase,
      shard,
    ]);
    return result.rows[0]?.data ?? null;
  }

  async countResults(runId: string, phase: ReleaseShardPhase): Promise<number> {
    const result = await this.pool.query<{ count: number }>('SELECT count(*) AS count FROM release_shard_results WHERE run_id = $1 AND phase = $2', [
      runId,
      phase,
    ]);
    return result.rows[0]?.count ?? 0;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.pool.query('DELETE FROM release_shard_runs WHERE id = $1', [runId]);
  }
}
