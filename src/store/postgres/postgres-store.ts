/**
 * The PostgreSQL Store: the raw log plus the datasets and annotation cache on the same pool, and
 * this process's heartbeat in serve_instances (so peers can tell its in-flight turns from a dead
 * process's; see PgRawLogStore.markInterruptedTurns).
 */
import type pg from 'pg';
import type { Store } from '../store.ts';
import { PgAnnotationCache } from './pg-annotation-cache.ts';
import { PgDatasetStore } from './pg-dataset-store.ts';
import { PgReleaseShards } from './pg-release-shards.ts';
import { PgSharedServerState } from './pg-shared-state.ts';
import { PgRawLogStore, type PgRawLogStoreOptions } from './pg-raw-log-store.ts';

const HEARTBEAT_MILLISECONDS = 5_000;

export class PostgresStore extends PgRawLogStore implements Store {
  readonly kind = 'postgres' as const;
  readonly datasets: PgDatasetStore;
  readonly annotations: PgAnnotationCache;
  readonly sharedState: PgSharedServerState;
  readonly releaseShards: PgReleaseShards;
  #heartbeat: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(pool: pg.Pool, options: PgRawLogStoreOptions = {}) {
    super(pool, options);
    this.datasets = new PgDatasetStore(pool);
    this.annotations = new PgAnnotationCache(pool, this.now);
    this.sharedState = new PgSharedServerState(pool);
    this.releaseShards = new PgReleaseShards(pool);
  }

  /** The pool, for the shared server state (rate limits, switches, keys) that lives beside the raw log. */
  get connectionPool(): pg.Pool {
    return this.pool;
  }

  /** Registers this instance and refreshes its heartbeat until close. */
  async startHeartbeat(): Promise<void> {
    await this.#beat();
    if (this.#heartbeat !== null || this.#closed) return;
    this.#heartbeat = setInterval(() => {
      // A database that is away misses a beat; the next one catches up.
      this.#beat().catch(() => undefined);
    }, HEARTBEAT_MILLISECONDS);
    this.#heartbeat.unref();
  }

  async #beat(): Promise<void> {
    const now = this.now();
    await this.pool.query(
      `INSERT INTO serve_instances (instance_id, started_at, heartbeat_at) VALUES ($1, $2, $2)
       ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
      [this.instanceId, now],
    );
  }

  /** Idempotent: stops the heartbeat, removes this instance's row and ends the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    await this.pool.query('DELETE FROM serve_instances WHERE instance_id = $1', [this.instanceId]).catch(() => undefined);
    await this.pool.end();
  }
}
