/**
 * Behaviour every AnnotationCache must have. Adapters call this from their own test file with a
 * factory that returns a fresh, empty cache.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnnotationCache } from './annotation-cache.ts';

export interface AnnotationCacheHarness {
  cache: AnnotationCache;
  close(): Promise<void> | void;
}

export function runAnnotationCacheContract(name: string, open: () => Promise<AnnotationCacheHarness>): void {
  describe(`AnnotationCache contract: ${name}`, () => {
    test('stores and returns JSON values per (stage, version, key)', async () => {
      const { cache, close } = await open();
      try {
        const moderation = { source: 'local-lexicon-v1', moderation: { flagged: false, categories: { hate: false } } };
        await cache.putMany('moderation', 'v1', [
          { key: 'k1', value: moderation },
          { key: 'k2', value: {} },
          { key: 'k3', value: null },
          { key: 'k4', value: [1, 'two', { three: 3.5 }] },
        ]);
        const found = await cache.getMany('moderation', 'v1', ['k1', 'k2', 'k3', 'k4', 'missing']);
        assert.equal(found.size, 4);
        assert.deepEqual(found.get('k1'), moderation);
        assert.deepEqual(found.get('k2'), {});
        assert.equal(found.get('k3'), null);
        assert.ok(found.has('k3'));
        assert.deepEqual(found.get('k4'), [1, 'two', { three: 3.5 }]);
        assert.equal(found.has('missing'), false);
      } finally {
        await close();
      }
    });

    test('deleteKeys removes a key from every stage and version; clear removes everything', async () => {
      const { cache, close } = await open();
      try {
        await cache.putMany('language', 'v1', [
          { key: 'gone', value: 'en' },
          { key: 'kept', value: 'fr' },
        ]);
        await cache.putMany('pii', 'v2', [{ key: 'gone', value: { spans: [[1, 4]] } }]);
        assert.equal(await cache.deleteKeys(['gone', 'never-there']), 2);
        assert.equal((await cache.getMany('language', 'v1', ['gone', 'kept'])).size, 1);
        assert.equal((await cache.getMany('pii', 'v2', ['gone'])).size, 0);
        assert.equal(await cache.deleteKeys([]), 0);
        assert.equal(await cache.clear(), 1);
        assert.equal(await cache.count('language'), 0);
      } finally {
        await close();
      }
    });

    test('versions and stages are separate namespaces', async () => {
      const { cache, close } = await open();
      try {
        await cache.putMany('moderation', 'v1', [{ key: 'k', value: 1 }]);
        await cache.putMany('moderation', 'v2', [{ key: 'k', value: 2 }]);
        await cache.putMany('tokens', 'v1', [{ key: 'k', value: 3 }]);
        assert.equal((await cache.getMany('moderation', 'v1', ['k'])).get('k'), 1);
        assert.equal((await cache.getMany('moderation', 'v2', ['k'])).get('k'), 2);
        assert.equal((await cache.getMany('tokens', 'v1', ['k'])).get('k'), 3);
        assert.equal((await cache.getMany('tokens', 'v2', ['k'])).size, 0);
        assert.equal(await cache.count('moderation'), 2);
        assert.equal(await cache.count('moderation', 'v2'), 1);
        assert.equal(await cache.pruneVersions('moderation', 'v2'), 1);
        assert.equal(await cache.count('moderation'), 1);
        assert.equal(await cache.count('tokens'), 1);
      } finally {
        await close();
      }
    });

    test('putMany replaces existing values; empty and duplicate-key lookups work', async () => {
      const { cache, close } = await open();
      try {
        await cache.putMany('jailbreak', 'v1', [{ key: 'k', value: { tagged: false } }]);
        await cache.putMany('jailbreak', 'v1', [{ key: 'k', value: { tagged: true } }]);
        await cache.putMany('jailbreak', 'v1', []);
        assert.deepEqual((await cache.getMany('jailbreak', 'v1', ['k', 'k'])).get('k'), { tagged: true });
        assert.equal((await cache.getMany('jailbreak', 'v1', [])).size, 0);
        assert.equal(await cache.count('jailbreak', 'v1'), 1);
        await assert.rejects(cache.putMany('jailbreak', 'v1', [{ key: 'bad', value: undefined }]), /JSON/);
      } finally {
        await close();
      }
    });

    test('handles large batches (more keys than one lookup chunk)', async () => {
      const { cache, close } = await open();
      try {
        const entries = Array.from({ length: 2_345 }, (_, index) => ({ key: `key-${index}`, value: { index, text: 'ü中' } }));
        await cache.putMany('tokens', 'o200k:v1', entries);
        const keys = entries.map((entry) => entry.key).concat(['absent-1', 'absent-2']);
        const found = await cache.getMany('tokens', 'o200k:v1', keys);
        assert.equal(found.size, 2_345);
        assert.deepEqual(found.get('key-2344'), { index: 2344, text: 'ü中' });
      } finally {
        await close();
      }
    });
  });
}
