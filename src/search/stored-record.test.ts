import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureDocuments } from './search-index-fixtures.ts';
import { compressRecord, decompressRecord, fingerprintRecord } from './stored-record.ts';

test('the two-step compression stores the same bytes and fingerprint as compressRecord', async () => {
  for (const { record } of fixtureDocuments()) {
    const whole = compressRecord(record);
    const inSteps = fingerprintRecord(record);
    assert.equal(inSteps.fingerprint, whole.fingerprint);
    const blob = await inSteps.deflate();
    assert.ok(blob.equals(whole.blob));
    assert.deepEqual(decompressRecord(blob), JSON.parse(JSON.stringify(record)));
  }
});
