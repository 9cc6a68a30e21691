import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { EmbeddingVersionError, type EmbeddingPoint } from '../embedding-store.ts';
import { SqliteEmbeddingStore } from './sqlite-embedding-store.ts';

function point(key: string, values: number[]): EmbeddingPoint {
  return {
    key,
    conversationHash: `hash-${key}`,
    user: key === 'b' ? null : 'user-1',
    language: 'English',
    model: 'gpt-4',
    toxic: key === 'a',
    vector: Float32Array.from(values),
  };
}

function withStore(body: (store: SqliteEmbeddingStore, file: string) => Promise<void>): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'embedding-store-'));
  const file = path.join(folder, 'embeddings.sqlite');
  const store = new SqliteEmbeddingStore(file);
  return body(store, file).finally(async () => {
    await store.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
}

test('points round-trip as Float32 with their fields, in insertion order, and survive reopening', () =>
  withStore(async (store, file) => {
    const set = await store.openSet('sharegpt', 'first-user-turn', 'hashed-ngram/d3', 3, { replace: false, at: 1 });
    await store.putPoints(set.id, [point('a', [1, 0, 0]), point('b', [0, 0.5, 0.25])], { sourcePosition: 2, skipped: 1, at: 2 });
    const reopened = new SqliteEmbeddingStore(file);
    try {
      const info = await reopened.getSet('sharegpt', 'first-user-turn');
      assert.deepEqual({ points: info?.points, sourcePosition: info?.sourcePosition, skipped: info?.skipped }, { points: 2, sourcePosition: 2, skipped: 1 });
      const points = await reopened.readPoints(set.id);
      assert.deepEqual(points.keys, ['a', 'b']);
      assert.deepEqual(Array.from(points.vectors), [1, 0, 0, 0, 0.5, 0.25]);
      assert.deepEqual(points.users, ['user-1', null]);
      assert.deepEqual(points.toxic, [true, false]);
    } finally {
      await reopened.close();
    }
  }));

test('another version for the same dataset and rule is refused unless replaced', () =>
  withStore(async (store) => {
    const set = await store.openSet('d', 'first-user-turn', 'v1', 3, { replace: false, at: 1 });
    await store.putPoints(set.id, [point('a', [1, 0, 0])], { sourcePosition: 1, skipped: 0, at: 1 });
    await assert.rejects(store.openSet('d', 'first-user-turn', 'v2', 3, { replace: false, at: 2 }), (error: unknown) => {
      assert.ok(error instanceof EmbeddingVersionError);
      assert.match(error.message, /holds 1 embeddings of version v1; this run would write v2.*--replace/u);
      return true;
    });
    const other = await store.openSet('d', 'all-user-turns', 'v2', 3, { replace: false, at: 2 });
    assert.equal(other.points, 0);
    const replaced = await store.openSet('d', 'first-user-turn', 'v2', 3, { replace: true, at: 3 });
    assert.deepEqual({ version: replaced.version, points: replaced.points }, { version: 'v2', points: 0 });
  }));

test('removed points are gone; maps are stored by name', () =>
  withStore(async (store) => {
    const set = await store.openSet('d', 'first-user-turn', 'v1', 3, { replace: false, at: 1 });
    await store.putPoints(set.id, [point('a', [1, 0, 0]), point('c', [0, 1, 0])], { sourcePosition: 2, skipped: 0, at: 1 });
    assert.equal(await store.removePoints(set.id, ['a', 'missing']), 1);
    assert.deepEqual([...(await store.pointKeys(set.id))], ['c']);
    await store.saveMap({ name: 'm', createdAt: 5, description: '{}', points: Uint8Array.from([1, 2, 3]), keys: 'd\ta\thash-a' });
    assert.deepEqual(Array.from((await store.getMap('m'))?.points ?? []), [1, 2, 3]);
    assert.equal((await store.getMap('m'))?.keys, 'd\ta\thash-a');
    assert.deepEqual(await store.listMaps(), [{ name: 'm', createdAt: 5, description: '{}' }]);
  }));
