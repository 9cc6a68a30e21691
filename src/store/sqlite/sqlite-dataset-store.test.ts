import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetRecord } from '../dataset-store.contract.ts';
import { openSqliteStore, sqliteDatabaseOf } from './open-sqlite-store.ts';

// The behaviour is in the DatasetStore contract (run by runStoreContract); this checks the tables.
describe('SqliteDatasetStore', () => {
  test('deleting a dataset deletes its rows, not those of other datasets', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const alpha = await store.datasets.createOrGetDataset('alpha', 1000);
      const beta = await store.datasets.createOrGetDataset('beta', 1000);
      await store.datasets.insertRecords(
        alpha.id,
        [1, 2].map((index) => ({ rowKey: `${index}`.repeat(64), record: datasetRecord(index) })),
      );
      await store.datasets.insertRecords(beta.id, [{ rowKey: '3'.repeat(64), record: datasetRecord(3) }]);
      assert.equal(await store.datasets.deleteDataset('alpha'), true);
      assert.equal(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM dataset_records').pluck().get(), 1);
      assert.equal(sqliteDatabaseOf(store).prepare('SELECT count(*) FROM datasets').pluck().get(), 1);
    } finally {
      await store.close();
    }
  });
});
