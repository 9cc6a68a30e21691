import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runAnnotationCacheContract } from '../annotation-cache.contract.ts';
import { annotationMigrations } from './annotation-migrations.ts';
import { applySqliteMigrations } from './apply-sqlite-migrations.ts';
import { sqliteMigrations } from './migrations.ts';
import { SqliteAnnotationCache } from './sqlite-annotation-cache.ts';

runAnnotationCacheContract('sqlite (in memory)', async () => {
  const database = new Database(':memory:');
  applySqliteMigrations(database, annotationMigrations);
  return { cache: new SqliteAnnotationCache(database), close: () => void database.close() };
});

test('the annotation migration is registered with the store migrations and persists across reopen', async () => {
  assert.ok(sqliteMigrations.some((migration) => migration.id === '0200-annotation-cache'));
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
  try {
    const file = path.join(directory, 'cache.db');
    const first = new Database(file);
    applySqliteMigrations(first, sqliteMigrations);
    await new SqliteAnnotationCache(first).putMany('moderation', 'local-lexicon-v1', [{ key: 'abc', value: { flagged: true } }]);
    first.close();
    const second = new Database(file);
    applySqliteMigrations(second, sqliteMigrations);
    const found = await new SqliteAnnotationCache(second).getMany('moderation', 'local-lexicon-v1', ['abc']);
    assert.deepEqual(found.get('abc'), { flagged: true });
    const table = second.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'annotation_cache'").get();
    assert.match(table?.sql ?? '', /WITHOUT ROWID/);
    second.close();
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});
