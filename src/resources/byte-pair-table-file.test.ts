import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packRanks } from '../pipeline/tokens/byte-pair-counter.ts';
import { bytePairTableIdentity, decodePackedRanks, encodePackedRanks } from './byte-pair-table-file.ts';
import { nodeDataPackages } from './node-data-packages.ts';

test('stored BPE tables read back equal to the packed ones, and only under the identity they were written for', () => {
  const packed = packRanks(nodeDataPackages.bytePairTables('cl100k_base').ranks);
  const identity = bytePairTableIdentity('cl100k_base');
  const file = encodePackedRanks(packed, identity);
  assert.deepEqual(decodePackedRanks(file, identity), packed);
  // Read from an odd offset, the 32-bit arrays are copied rather than viewed misaligned.
  const shifted = Buffer.alloc(file.length + 1);
  file.copy(shifted, 1);
  assert.deepEqual(decodePackedRanks(shifted.subarray(1), identity), packed);
  assert.equal(decodePackedRanks(file, bytePairTableIdentity('o200k_base')), null);
  assert.equal(decodePackedRanks(file.subarray(0, file.length - 100), identity), null);
  assert.equal(decodePackedRanks(Buffer.from('not a table'), identity), null);
});

test('the identity names the format, the encoding, the package version and the counter code', () => {
  const identity = JSON.parse(bytePairTableIdentity('o200k_base')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(identity), ['format', 'encoding', 'gptTokenizer', 'counter']);
  assert.equal(identity.encoding, 'o200k_base');
  assert.match(String(identity.counter), /^[0-9a-f]{64}$/u);
});

test('from the sources there are no stored tables (the build writes them into dist/)', () => {
  assert.equal(nodeDataPackages.storedBytePairTables('o200k_base'), null);
});
