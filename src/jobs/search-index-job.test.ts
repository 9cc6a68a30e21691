import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSearchQuery } from '../search/query-syntax.ts';
import { fixtureRecord } from '../search/search-index-fixtures.ts';
import { SqliteSearchIndex } from '../search/sqlite/sqlite-search-index.ts';
import { completedTurn, seedConversation } from '../store/store-contract-fixtures.ts';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.ts';
import { COLLECTED_DATASET, indexCollectedConversations, indexImportedDataset } from './search-index-job.ts';

const search = (index: SqliteSearchIndex, q: string) =>
  index.search({ query: parseSearchQuery(q), filters: {}, sort: 'time-desc', limit: 50, budgetMs: 60_000 });

test('collected conversations are indexed, re-runs replace changed ones and drop deleted ones', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const index = new SqliteSearchIndex(':memory:');
  try {
    const { consent, conversation } = await seedConversation(store);
    await completedTurn(store, conversation.id, consent.id);
    const first = await indexCollectedConversations({ index, store });
    assert.equal(first.added, 1);
    assert.equal((await search(index, 'Canberra')).hits[0]?.dataset, COLLECTED_DATASET);
    const again = await indexCollectedConversations({ index, store });
    assert.deepEqual([again.added, again.replaced, again.removed], [0, 0, 0]);
    await store.deleteConversation(conversation.id, 'user_deleted_conversation', Date.now());
    const afterDeletion = await indexCollectedConversations({ index, store });
    assert.equal(afterDeletion.removed, 1);
    assert.equal((await search(index, 'Canberra')).hits.length, 0, 'nothing of a deleted conversation stays searchable');
  } finally {
    await index.close();
    await store.close();
  }
});

test('imported datasets are indexed incrementally: a second run reads only new records', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  const index = new SqliteSearchIndex(':memory:');
  try {
    const datasets = store.datasets;
    const info = await datasets.createOrGetDataset('shared', 0);
    const record = (name: string, content: string) => ({
      rowKey: name,
      record: fixtureRecord({
        name,
        messages: [
          { role: 'user', content },
          { role: 'assistant', content: 'ok' },
        ],
      }),
    });
    await datasets.insertRecords(info.id, [record('a', 'first apple'), record('b', 'second banana')]);
    assert.equal((await indexImportedDataset({ index, datasets, name: 'shared' })).read, 2);
    await datasets.insertRecords(info.id, [record('c', 'third cherry')]);
    const second = await indexImportedDataset({ index, datasets, name: 'shared' });
    assert.deepEqual([second.read, second.added, second.documents], [1, 1, 3]);
    assert.equal((await search(index, 'cherry')).hits.length, 1);
    await assert.rejects(indexImportedDataset({ index, datasets, name: 'absent' }), /no dataset named absent in the store \(have: shared\)/u);
  } finally {
    await index.close();
    await store.close();
  }
});
