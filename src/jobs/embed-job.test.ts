import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashedNgramBackend } from '../embedding/hashed-ngram-backend.ts';
import type { EmbeddingBackend } from '../embedding/embedding-backend.ts';
import { fixtureRecord } from '../search/search-index-fixtures.ts';
import { EmbeddingVersionError } from '../store/embedding-store.ts';
import { SqliteEmbeddingStore } from '../store/sqlite/sqlite-embedding-store.ts';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import { completedTurn, seedConversation } from '../store/store-contract-fixtures.ts';
import { COLLECTED_DATASET } from './search-index-job.ts';
import { embedDataset } from './embed-job.ts';

function record(name: string, userText: string | null) {
  return {
    rowKey: name,
    record: fixtureRecord({
      name,
      hashedIp: `ip-${name}`,
      messages:
        userText === null
          ? [{ role: 'assistant', content: 'hello' }]
          : [
              { role: 'user', content: userText },
              { role: 'assistant', content: 'ok' },
            ],
    }),
  };
}

/** The real default backend, failing once after `failAfter` calls (an upstream that drops mid-run). */
class FlakyBackend implements EmbeddingBackend {
  readonly inner = new HashedNgramBackend();
  readonly id = this.inner.id;
  readonly version = this.inner.version;
  readonly dimension = this.inner.dimension;
  readonly maxBatchSize = 2;
  calls = 0;
  constructor(private failAfter: number) {}
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls += 1;
    if (this.calls === this.failAfter + 1) return Promise.reject(new Error('upstream unavailable'));
    return this.inner.embed(texts);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

test('imported datasets embed incrementally, count conversations without text, and resume after a failing batch', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const embeddings = new SqliteEmbeddingStore(':memory:');
  try {
    const info = await store.datasets.createOrGetDataset('sharegpt', 0);
    await store.datasets.insertRecords(info.id, [
      record('a', 'apples'),
      record('b', null),
      record('c', 'cherries'),
      record('d', 'dates'),
      record('e', 'elderberries'),
    ]);
    const flaky = new FlakyBackend(1);
    await assert.rejects(
      embedDataset({ store, embeddings, backend: flaky, dataset: 'sharegpt', textRule: 'first-user-turn', replace: false }),
      /upstream unavailable/u,
    );
    const partial = await embeddings.getSet('sharegpt', 'first-user-turn');
    assert.ok(partial !== null && partial.points >= 1 && partial.points < 4, `stored ${partial?.points}`);
    const resumed = await embedDataset({ store, embeddings, backend: new FlakyBackend(100), dataset: 'sharegpt', textRule: 'first-user-turn', replace: false });
    assert.equal(resumed.points, 4);
    assert.equal(resumed.noTextTotal, 1, 'the conversation without a user turn is counted');
    assert.ok(resumed.read < 5, 'the resumed run starts after the last stored batch');
    await store.datasets.insertRecords(info.id, [record('f', 'figs')]);
    const third = await embedDataset({
      store,
      embeddings,
      backend: new HashedNgramBackend(),
      dataset: 'sharegpt',
      textRule: 'first-user-turn',
      replace: false,
    });
    assert.deepEqual([third.read, third.embedded, third.points], [1, 1, 5]);
    const points = await embeddings.readPoints(partial.id);
    assert.deepEqual([...points.keys].sort(), ['1', '3', '4', '5', '6']);
    assert.equal(points.users[0], 'ip-a');
  } finally {
    await embeddings.close();
    await store.close();
  }
});

test('another backend version is refused with a clear message; --replace starts over', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const embeddings = new SqliteEmbeddingStore(':memory:');
  try {
    const info = await store.datasets.createOrGetDataset('d', 0);
    await store.datasets.insertRecords(info.id, [record('a', 'apples')]);
    await embedDataset({ store, embeddings, backend: new HashedNgramBackend(), dataset: 'd', textRule: 'first-user-turn', replace: false });
    const other = new HashedNgramBackend({ dimension: 64 });
    await assert.rejects(embedDataset({ store, embeddings, backend: other, dataset: 'd', textRule: 'first-user-turn', replace: false }), EmbeddingVersionError);
    const replaced = await embedDataset({ store, embeddings, backend: other, dataset: 'd', textRule: 'first-user-turn', replace: true });
    assert.equal(replaced.points, 1);
    assert.equal((await embeddings.getSet('d', 'first-user-turn'))?.dimension, 64);
  } finally {
    await embeddings.close();
    await store.close();
  }
});

test('embeddings of a deleted collected conversation are removed', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const embeddings = new SqliteEmbeddingStore(':memory:');
  try {
    const { consent, conversation } = await seedConversation(store);
    await completedTurn(store, conversation.id, consent.id);
    const first = await embedDataset({
      store,
      embeddings,
      backend: new HashedNgramBackend(),
      dataset: COLLECTED_DATASET,
      textRule: 'all-user-turns',
      replace: false,
    });
    assert.equal(first.points, 1);
    const again = await embedDataset({
      store,
      embeddings,
      backend: new HashedNgramBackend(),
      dataset: COLLECTED_DATASET,
      textRule: 'all-user-turns',
      replace: false,
    });
    assert.equal(again.embedded, 0);
    await store.deleteConversation(conversation.id, 'user_deleted_conversation', Date.now());
    const after = await embedDataset({
      store,
      embeddings,
      backend: new HashedNgramBackend(),
      dataset: COLLECTED_DATASET,
      textRule: 'all-user-turns',
      replace: false,
    });
    assert.deepEqual([after.removed, after.points], [1, 0]);
  } finally {
    await embeddings.close();
    await store.close();
  }
});
