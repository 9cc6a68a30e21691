/**
 * Behaviour every DatasetStore must have. Adapters call this from their own test file with a
 * factory that returns a fresh, empty dataset store.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RELEASE_SCHEMA_VERSION, type ReleaseRecord } from '../schema/release-record.ts';
import type { DatasetStore } from './dataset-store.ts';

export interface DatasetStoreHarness {
  datasets: DatasetStore;
  close(): Promise<void> | void;
}

function record(index: number): ReleaseRecord {
  return {
    conversation_hash: index.toString(16).padStart(32, '0'),
    model: 'm',
    timestamp: '2024-01-01T00:00:00Z',
    conversation: [
      { content: `hello ${index} ü中`, country: null, hashed_ip: null, header: null, language: null, redacted: null, role: 'user', state: null, timestamp: null, toxic: null, turn_identifier: null },
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

function hexKey(index: number): string {
  // Only the first 32 hex digits count (16 bytes), so the index leads.
  return index.toString(16).padStart(8, '0').repeat(8);
}

export function runDatasetStoreContract(name: string, open: () => Promise<DatasetStoreHarness>): void {
  describe(`DatasetStore contract: ${name}`, () => {
    test('create once, insert with dedup by row key, iterate in import order, count, list, delete', async () => {
      const { datasets, close } = await open();
      try {
        const first = await datasets.createOrGetDataset('alpha', 1000);
        const again = await datasets.createOrGetDataset('alpha', 2000);
        assert.equal(again.id, first.id);
        assert.equal(again.createdAt, 1000);
        assert.equal(first.records, 0);
        const other = await datasets.createOrGetDataset('beta', 3000);

        const rows = [3, 1, 2].map((index) => ({ rowKey: hexKey(index), record: record(index) }));
        assert.deepEqual(await datasets.insertRecords(first.id, rows), { inserted: 3, duplicates: 0 });
        assert.deepEqual(await datasets.insertRecords(first.id, [rows[0]!, { rowKey: 'f'.repeat(64), record: record(9) }]), { inserted: 1, duplicates: 1 });
        // The same key in another dataset is not a duplicate; a repeated key inside one call is.
        assert.deepEqual(await datasets.insertRecords(other.id, [rows[0]!, rows[0]!]), { inserted: 1, duplicates: 1 });
        // A non-hex key is a key too.
        assert.deepEqual(await datasets.insertRecords(other.id, [{ rowKey: 'plain key', record: record(5) }]), { inserted: 1, duplicates: 0 });

        const seen: string[] = [];
        for await (const batch of datasets.iterateRecords(first.id, { batchSize: 3 })) seen.push(...batch.map((item) => item.conversation_id ?? ''));
        assert.deepEqual(seen, ['c3', 'c1', 'c2', 'c9']);
        const firstRecord = (await collectRecords(datasets, first.id))[0];
        assert.deepEqual(firstRecord, record(3));
        assert.equal(await datasets.countRecords(first.id), 4);
        assert.deepEqual((await datasets.listDatasets()).map((dataset) => [dataset.name, dataset.records]), [['alpha', 4], ['beta', 2]]);
        assert.equal((await datasets.getDataset('alpha'))?.records, 4);

        assert.equal(await datasets.deleteDataset('alpha'), true);
        assert.equal(await datasets.deleteDataset('alpha'), false);
        assert.equal(await datasets.getDataset('alpha'), null);
        assert.equal(await datasets.countRecords(first.id), 0);
        assert.equal(await datasets.countRecords(other.id), 2);
      } finally {
        await close();
      }
    });

    test('serialised records insert like records and keep order across large batches', async () => {
      const { datasets, close } = await open();
      try {
        const dataset = await datasets.createOrGetDataset('large', 1);
        const items = Array.from({ length: 4_321 }, (_, index) => {
          const value = record(index);
          return {
            rowKey: hexKey(index),
            recordJson: JSON.stringify(value),
            conversationHash: value.conversation_hash,
            model: value.model,
            language: value.language,
            timestamp: value.timestamp,
            turn: value.turn,
          };
        });
        const insert = datasets.insertSerializedRecords?.bind(datasets);
        const result =
          insert === undefined
            ? await datasets.insertRecords(dataset.id, items.map((item) => ({ rowKey: item.rowKey, record: JSON.parse(item.recordJson) as ReleaseRecord })))
            : await insert(dataset.id, items);
        assert.deepEqual(result, { inserted: 4_321, duplicates: 0 });
        const ids = (await collectRecords(datasets, dataset.id, 1_000)).map((item) => item.conversation_id);
        assert.deepEqual(ids, items.map((_, index) => `c${index}`));
      } finally {
        await close();
      }
    });
  });
}

async function collectRecords(datasets: DatasetStore, datasetId: number, batchSize?: number): Promise<ReleaseRecord[]> {
  const all: ReleaseRecord[] = [];
  for await (const batch of datasets.iterateRecords(datasetId, { batchSize })) all.push(...batch);
  return all;
}
