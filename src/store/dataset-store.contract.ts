/**
 * Behaviour every DatasetStore must have. Adapters call this (runStoreContract does, through
 * `store.datasets`) with a factory that returns a fresh, empty dataset store.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RELEASE_SCHEMA_VERSION, type ReleaseRecord } from '../schema/release-record.ts';
import type { DatasetStore } from './dataset-store.ts';

export interface DatasetStoreHarness {
  datasets: DatasetStore;
  close(): Promise<void> | void;
}

export function datasetRecord(index: number): ReleaseRecord {
  return {
    conversation_hash: index.toString(16).padStart(32, '0'),
    model: 'm',
    timestamp: '2024-01-01T00:00:00Z',
    conversation: [
      {
        content: `hello ${index}`,
        country: null,
        hashed_ip: null,
        header: null,
        language: null,
        redacted: null,
        role: 'user',
        state: null,
        timestamp: null,
        toxic: null,
        turn_identifier: null,
      },
    ],
    turn: 1,
    language: 'English',
    openai_moderation: null,
    detoxify_moderation: null,
    toxic: null,
    redacted: null,
    state: null,
    country: null,
    hashed_ip: null,
    header: null,
    schema_version: RELEASE_SCHEMA_VERSION,
    conversation_id: `c${index}`,
    source: 'openai',
    system_prompt: null,
    consent_terms_version: null,
    branch: null,
    turn_details: null,
    extra: null,
  };
}

const rowKey = (index: number): string => index.toString(16).padStart(8, '0').padEnd(64, 'a');

export function runDatasetStoreContract(name: string, open: () => Promise<DatasetStoreHarness>): void {
  async function withDatasets(body: (datasets: DatasetStore) => Promise<void>): Promise<void> {
    const harness = await open();
    try {
      await body(harness.datasets);
    } finally {
      await harness.close();
    }
  }

  describe(`DatasetStore contract: ${name}`, () => {
    test('create once, insert with dedup by row key, iterate in import order, count, list, delete', () =>
      withDatasets(async (datasets) => {
        const first = await datasets.createOrGetDataset('alpha', 1000);
        const again = await datasets.createOrGetDataset('alpha', 2000);
        assert.equal(again.id, first.id);
        assert.equal(again.createdAt, 1000);
        const other = await datasets.createOrGetDataset('beta', 3000);
        const rows = [3, 1, 2].map((index) => ({ rowKey: rowKey(index), record: datasetRecord(index) }));
        assert.deepEqual(await datasets.insertRecords(first.id, rows), { inserted: 3, duplicates: 0 });
        assert.deepEqual(await datasets.insertRecords(first.id, [rows[0]!, { rowKey: rowKey(9), record: datasetRecord(9) }]), { inserted: 1, duplicates: 1 });
        // The same key in another dataset is not a duplicate.
        assert.deepEqual(await datasets.insertRecords(other.id, [rows[0]!]), { inserted: 1, duplicates: 0 });
        const seen: string[] = [];
        for await (const batch of datasets.iterateRecords(first.id, { batchSize: 3 })) seen.push(...batch.map((item) => item.conversation_id ?? ''));
        assert.deepEqual(seen, ['c3', 'c1', 'c2', 'c9']);
        assert.equal(await datasets.countRecords(first.id), 4);
        assert.deepEqual(
          (await datasets.listDatasets()).map((dataset) => [dataset.name, dataset.records]),
          [
            ['alpha', 4],
            ['beta', 1],
          ],
        );
        assert.deepEqual(await datasets.getDataset('alpha'), { ...first, records: 4 });
        assert.equal(await datasets.deleteDataset('alpha'), true);
        assert.equal(await datasets.deleteDataset('alpha'), false);
        assert.equal(await datasets.getDataset('alpha'), null);
        assert.equal(await datasets.countRecords(other.id), 1);
      }));

    test('datasetUsage gives the stored bytes and the distinct sources', () =>
      withDatasets(async (datasets) => {
        const dataset = await datasets.createOrGetDataset('alpha', 1000);
        assert.deepEqual(await datasets.datasetUsage(dataset.id), { bytes: 0, sources: [] });
        const records = [1, 2].map((index) => ({ rowKey: rowKey(index), record: { ...datasetRecord(index), source: index === 1 ? 'sharegpt' : 'openai' } }));
        await datasets.insertRecords(dataset.id, records);
        const usage = await datasets.datasetUsage(dataset.id);
        assert.deepEqual(usage.sources, ['openai', 'sharegpt']);
        const json = records.reduce((sum, item) => sum + Buffer.byteLength(JSON.stringify(item.record)), 0);
        assert.ok(usage.bytes >= json / 2 && usage.bytes <= json * 2, `about the records' JSON size (${usage.bytes} vs ${json})`);
      }));

    test('datasetSnapshot changes when records are added, and is [0, 0] for an unknown dataset', () =>
      withDatasets(async (datasets) => {
        assert.deepEqual(await datasets.datasetSnapshot('none'), [0, 0]);
        const dataset = await datasets.createOrGetDataset('alpha', 1000);
        const empty = await datasets.datasetSnapshot('alpha');
        await datasets.insertRecords(dataset.id, [{ rowKey: rowKey(1), record: datasetRecord(1) }]);
        const one = await datasets.datasetSnapshot('alpha');
        assert.notDeepEqual(one, empty);
        await datasets.insertRecords(dataset.id, [{ rowKey: rowKey(1), record: datasetRecord(1) }]);
        assert.deepEqual(await datasets.datasetSnapshot('alpha'), one, 'a duplicate changes nothing');
        await datasets.insertRecords(dataset.id, [{ rowKey: rowKey(2), record: datasetRecord(2) }]);
        assert.notDeepEqual(await datasets.datasetSnapshot('alpha'), one);
      }));
  });
}
