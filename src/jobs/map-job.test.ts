import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HashedNgramBackend } from '../embedding/hashed-ngram-backend.ts';
import { decodeMapData } from '../schema/map-data.ts';
import { fixtureRecord } from '../search/search-index-fixtures.ts';
import { EmbeddingVersionError } from '../store/embedding-store.ts';
import { SqliteEmbeddingStore } from '../store/sqlite/sqlite-embedding-store.ts';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import { embedDataset } from './embed-job.ts';
import { buildDatasetMap } from './map-job.ts';

const TOPICS = ['what will the weather be tomorrow', 'write python code to sort a list', 'a recipe for chocolate cake'];

async function seed(store: ReturnType<typeof openSqliteStore>, name: string, count: number, withUsers: boolean) {
  const info = await store.datasets.createOrGetDataset(name, 0);
  await store.datasets.insertRecords(
    info.id,
    Array.from({ length: count }, (_, index) => ({
      rowKey: `${name}-${index}`,
      record: fixtureRecord({
        name: `${name}-${index}`,
        hashedIp: withUsers ? `ip-${index}` : null,
        language: index % 2 === 0 ? 'English' : 'French',
        messages: [
          { role: 'user', content: `${TOPICS[index % 3] ?? ''} number ${index}` },
          { role: 'assistant', content: 'ok' },
        ],
      }),
    })),
  );
}

test('two datasets are embedded and mapped together; the map is stored with its keys', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const embeddings = new SqliteEmbeddingStore(':memory:');
  try {
    await seed(store, 'collected-like', 90, true);
    await seed(store, 'sharegpt', 60, false);
    for (const dataset of ['collected-like', 'sharegpt'])
      await embedDataset({ store, embeddings, backend: new HashedNgramBackend(), dataset, textRule: 'first-user-turn', replace: false });
    const report = await buildDatasetMap({
      store,
      embeddings,
      datasets: ['collected-like', 'sharegpt'],
      textRule: 'first-user-turn',
      name: 'both',
      language: null,
      k: 5,
      seed: 1,
      containsPii: () => false,
      relabel: null,
    });
    assert.equal(report.header.points, 150);
    const stored = await embeddings.getMap('both');
    assert.ok(stored);
    const data = decodeMapData(stored.points);
    assert.deepEqual(
      data.header.datasets.map((dataset) => [dataset.name, dataset.hasUsers]),
      [
        ['collected-like', true],
        ['sharegpt', false],
      ],
    );
    const lines = stored.keys.split('\n');
    assert.equal(lines.length, 150);
    assert.match(lines[90] ?? '', /^sharegpt\t1\t/u);
    const labels = data.header.clusters.filter((cluster) => cluster.level === 2).map((cluster) => cluster.label ?? '');
    assert.ok(
      labels.some((label) => /weather|python|chocolate|recipe|sort|cake/u.test(label)),
      labels.join(' | '),
    );

    const french = await buildDatasetMap({
      store,
      embeddings,
      datasets: ['sharegpt'],
      textRule: 'first-user-turn',
      name: 'fr',
      language: 'French',
      k: 5,
      seed: 1,
      containsPii: () => false,
      relabel: null,
    });
    assert.equal(french.header.points, 30);
  } finally {
    await embeddings.close();
    await store.close();
  }
});

test('datasets embedded with different versions are refused; a dataset without embeddings is named', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const embeddings = new SqliteEmbeddingStore(':memory:');
  try {
    await seed(store, 'a', 10, true);
    await seed(store, 'b', 10, true);
    await embedDataset({ store, embeddings, backend: new HashedNgramBackend(), dataset: 'a', textRule: 'first-user-turn', replace: false });
    const options = {
      store,
      embeddings,
      textRule: 'first-user-turn' as const,
      name: 'm',
      language: null,
      k: 2,
      seed: 1,
      containsPii: () => false,
      relabel: null,
    };
    await assert.rejects(buildDatasetMap({ ...options, datasets: ['a', 'b'] }), /b has no first-user-turn embeddings: run wildchat embed b/u);
    await embedDataset({ store, embeddings, backend: new HashedNgramBackend({ dimension: 64 }), dataset: 'b', textRule: 'first-user-turn', replace: false });
    await assert.rejects(
      buildDatasetMap({ ...options, datasets: ['a', 'b'] }),
      (error: unknown) => error instanceof EmbeddingVersionError && /mismatched embedding versions/u.test(error.message),
    );
  } finally {
    await embeddings.close();
    await store.close();
  }
});
