import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RELEASE_SCHEMA_VERSION, type ReleaseRecord } from '../../schema/release-record.ts';
import { openSqliteStore } from './open-sqlite-store.ts';
import { SqliteDatasetStore } from './sqlite-dataset-store.ts';

function record(index: number): ReleaseRecord {
  return {
    conversation_hash: index.toString(16).padStart(32, '0'),
    model: 'm', timestamp: '2024-01-01T00:00:00Z',
    conversation: [{ content: `hello ${index}`, country: null, hashed_ip: null, header: null, language: null, redacted: null, role: 'user', state: null, timestamp: null, toxic: null, turn_identifier: null }],
    turn: 1, language: 'English', openai_moderation: null, detoxify_moderation: null, toxic: null, redacted: null,
    state: null, country: null, hashed_ip: null, header: null, schema_version: RELEASE_SCHEMA_VERSION, conversation_id: `c${index}`,
    source: 'openai', system_prompt: null, consent_terms_version: null, branch: null, turn_details: null, extra: null,
  };
}

describe('SqliteDatasetStore', () => {
  test('datasets: create once, insert with dedup by row key, iterate in import order, count, list, delete', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const datasets = new SqliteDatasetStore(store.database);
      const first = await datasets.createOrGetDataset('alpha', 1000);
      const again = await datasets.createOrGetDataset('alpha', 2000);
      assert.equal(again.id, first.id);
      assert.equal(again.createdAt, 1000);
      const other = await datasets.createOrGetDataset('beta', 3000);

      const rows = [3, 1, 2].map((index) => ({ rowKey: `${index}`.repeat(64).slice(0, 64).replace(/[^0-9a-f]/g, 'a'), record: record(index) }));
      assert.deepEqual(await datasets.insertRecords(first.id, rows), { inserted: 3, duplicates: 0 });
      assert.deepEqual(await datasets.insertRecords(first.id, [rows[0]!, { rowKey: 'f'.repeat(64), record: record(9) }]), { inserted: 1, duplicates: 1 });
      // The same key in another dataset is not a duplicate.
      assert.deepEqual(await datasets.insertRecords(other.id, [rows[0]!]), { inserted: 1, duplicates: 0 });

      const seen: string[] = [];
      for await (const batch of datasets.iterateRecords(first.id, { batchSize: 3 })) seen.push(...batch.map((item) => item.conversation_id ?? ''));
      assert.deepEqual(seen, ['c3', 'c1', 'c2', 'c9']);
      assert.equal(await datasets.countRecords(first.id), 4);
      assert.deepEqual((await datasets.listDatasets()).map((dataset) => [dataset.name, dataset.records]), [['alpha', 4], ['beta', 1]]);

      assert.equal(await datasets.deleteDataset('alpha'), true);
      assert.equal(await datasets.deleteDataset('alpha'), false);
      assert.equal(await datasets.getDataset('alpha'), null);
      assert.equal(store.database.prepare('SELECT count(*) FROM dataset_records').pluck().get(), 1);
    } finally {
      await store.close();
    }
  });
});
