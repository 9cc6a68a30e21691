/**
 * AnnotationCache over the SQLite store's better-sqlite3 handle (table from migration
 * '0200-annotation-cache'). Reads and writes are batched inside one transaction per call.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { AnnotationCache, AnnotationCacheEntry } from '../annotation-cache.ts';

const LOOKUP_CHUNK = 500;

export class SqliteAnnotationCache implements AnnotationCache {
  private readonly database: Database;
  private readonly now: () => number;
  private readonly lookups = new Map<number, Statement<string[], { key: string; value: string }>>();
  private readonly insert: Statement<[string, string, string, string, number]>;

  constructor(database: Database, options: { now?: () => number } = {}) {
    this.database = database;
    this.now = options.now ?? Date.now;
    this.insert = database.prepare(
      'INSERT INTO annotation_cache (stage, version, key, value, created_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (stage, version, key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at',
    );
  }

  async getMany(stage: string, version: string, keys: readonly string[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    const unique = [...new Set(keys)];
    const read = this.database.transaction(() => {
      for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
        const chunk = unique.slice(start, start + LOOKUP_CHUNK);
        for (const row of this.lookup(chunk.length).all(stage, version, ...chunk)) {
          found.set(row.key, JSON.parse(row.value) as unknown);
        }
      }
    });
    read();
    return found;
  }

  async putMany(stage: string, version: string, entries: readonly AnnotationCacheEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const createdAt = this.now();
    const serialised = entries.map((entry) => {
      const value = JSON.stringify(entry.value);
      if (value === undefined) throw new Error(`annotation cache: value for stage ${stage} is not JSON-serialisable`);
      return [entry.key, value] as const;
    });
    const write = this.database.transaction(() => {
      for (const [key, value] of serialised) this.insert.run(stage, version, key, value, createdAt);
    });
    write.immediate();
  }

  async count(stage: string, version?: string): Promise<number> {
    if (version === undefined) {
      return this.database.prepare<[string], number>('SELECT count(*) FROM annotation_cache WHERE stage = ?').pluck().get(stage) ?? 0;
    }
    return (
      this.database.prepare<[string, string], number>('SELECT count(*) FROM annotation_cache WHERE stage = ? AND version = ?').pluck().get(stage, version) ?? 0
    );
  }

  async pruneVersions(stage: string, keepVersion: string): Promise<number> {
    return this.database.prepare('DELETE FROM annotation_cache WHERE stage = ? AND version <> ?').run(stage, keepVersion).changes;
  }

  async deleteKeys(keys: readonly string[]): Promise<number> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return 0;
    let deleted = 0;
    const remove = this.database.transaction(() => {
      for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
        const chunk = unique.slice(start, start + LOOKUP_CHUNK);
        deleted += this.database.prepare(`DELETE FROM annotation_cache WHERE key IN (${chunk.map(() => '?').join(', ')})`).run(...chunk).changes;
      }
    });
    remove.immediate();
    return deleted;
  }

  async clear(): Promise<number> {
    return this.database.prepare('DELETE FROM annotation_cache').run().changes;
  }

  private lookup(size: number): Statement<string[], { key: string; value: string }> {
    let statement = this.lookups.get(size);
    if (statement === undefined) {
      const placeholders = Array.from({ length: size }, () => '?').join(', ');
      statement = this.database.prepare<string[], { key: string; value: string }>(
        `SELECT key, value FROM annotation_cache WHERE stage = ? AND version = ? AND key IN (${placeholders})`,
      );
      this.lookups.set(size, statement);
    }
    return statement;
  }
}
