import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import xxhash from 'xxhash-wasm';
import { KeyHashTable } from './key-hash-table.ts';

describe('KeyHashTable', () => {
  test('stores and finds many keys through growth, and refuses a key twice', async () => {
    const table = new KeyHashTable(await xxhash(), 16);
    const keys = Array.from({ length: 20_000 }, (_, index) => `conversation-${index}:branch-${index % 3}`);
    keys.forEach((key, index) => assert.equal(table.setIfAbsent(key, index), true));
    assert.equal(table.size, keys.length);
    keys.forEach((key, index) => assert.equal(table.get(key), index));
    assert.equal(table.get('conversation-20000:branch-0'), undefined);
    assert.equal(table.setIfAbsent('conversation-5:branch-2', 99), false);
    assert.equal(table.get('conversation-5:branch-2'), 5);
    assert.equal(table.size, keys.length);
  });

  test('rejects values it cannot store', async () => {
    const table = new KeyHashTable(await xxhash());
    assert.throws(() => table.setIfAbsent('a', -1), /integers/);
    assert.throws(() => table.setIfAbsent('a', 2 ** 31), /integers/);
  });
});
