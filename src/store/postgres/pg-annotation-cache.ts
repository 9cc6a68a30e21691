/** AnnotationCache on PostgreSQL (table from migration '0200-annotation-cache'); one statement per call. */
import type pg from 'pg';
import type { AnnotationCache, AnnotationCacheEntry } from '../annotation-cache.ts';

/** Keys per statement: arrays are one parameter, this only bounds a statement's size. */
const CHUNK = 5_000;

export class PgAnnotationCache implements AnnotationCache {
  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async getMany(stage: string, version: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    const unique = [...new Set(keys)];
    for (let start = 0; start < unique.length; start += CHUNK) {
      const result = await this.pool.query<{ key: string; value: string }>(
        'SELECT key, value FROM annotation_cache WHERE stage = $1 AND version = $2 AND key = ANY($3::text[])',
        [stage, version, unique.slice(start, start + CHUNK)],
      );
      for (const row of result.rows) found.set(row.key, JSON.parse(row.value) as unknown);
    }
    return found;
  }

  async putMany(stage: string, version: string, entries: readonly AnnotationCacheEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // The last value of a key wins, as with one upsert per entry (ON CONFLICT cannot touch a row twice in one statement).
    const byKey = new Map<string, string>();
    for (const entry of entries) {
      const value = JSON.stringify(entry.value);
      if (value === undefined) throw new Error(`annotation cache: value for stage ${stage} is not JSON-serialisable`);
      byKey.set(entry.key, value);
    }
    const keys = [...byKey.keys()];
    const values = [...byKey.values()];
    const createdAt = this.now();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (let start = 0; start < keys.length; start += CHUNK) {
        await client.query(
          `INSERT INTO annotation_cache (stage, version, key, value, created_at)
           SELECT $1, $2, k, v, $5 FROM unnest($3::text[], $4::text[]) AS u (k, v)
           ON CONFLICT (stage, version, key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
          [stage, version, keys.slice(start, start + CHUNK), values.slice(start, start + CHUNK), createdAt],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async count(stage: string, version?: string): Promise<number> {
    const result =
      version === undefined
        ? await this.pool.query<{ count: number }>('SELECT count(*) AS count FROM annotation_cache WHERE stage = $1', [stage])
        : await this.pool.query<{ count: number }>('SELECT count(*) AS count FROM annotation_cache WHERE stage = $1 AND version = $2', [stage, version]);
    return result.rows[0]?.count ?? 0;
  }

  async pruneVersions(stage: string, keepVersion: string): Promise<number> {
    const result = await this.pool.query('DELETE FROM annotation_cache WHERE stage = $1 AND version <> $2', [stage, keepVersion]);
    return result.rowCount ?? 0;
  }

  async deleteKeys(keys: readonly string[]): Promise<number> {
    const unique = [...new Set(keys)];
    let deleted = 0;
    for (let start = 0; start < unique.length; start += CHUNK) {
      const result = await this.pool.query('DELETE FROM annotation_cache WHERE key = ANY($1::text[])', [unique.slice(start, start + CHUNK)]);
      deleted += result.rowCount ?? 0;
    }
    return deleted;
  }

  async clear(): Promise<number> {
    const result = await this.pool.query('DELETE FROM annotation_cache');
    return result.rowCount ?? 0;
  }
}
