import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MinHasher, estimateJaccard } from './minhash.ts';

function set(from: number, to: number): Uint32Array {
  return Uint32Array.from({ length: to - from }, (_, index) => Math.imul(from + index, 2654435761) >>> 0);
}

describe('MinHasher (one-permutation hashing + densification)', () => {
  const hasher = new MinHasher(128);

  test('estimates Jaccard similarity of large sets', () => {
    // |A ∩ B| = 600, |A ∪ B| = 1400 → J ≈ 0.43; identical sets → 1; disjoint → ~0.
    const estimate = estimateJaccard(hasher.signature(set(0, 1000)), hasher.signature(set(400, 1400)));
    assert.ok(Math.abs(estimate - 600 / 1400) < 0.15, `estimate ${estimate}`);
    assert.equal(estimateJaccard(hasher.signature(set(0, 500)), hasher.signature(set(0, 500))), 1);
    assert.ok(estimateJaccard(hasher.signature(set(0, 500)), hasher.signature(set(10_000, 10_500))) < 0.05);
  });

  test('fills every position even for tiny sets, and keeps them comparable', () => {
    const single = hasher.signature(set(5, 6));
    assert.ok(single.every((value) => value !== 0xffffffff));
    assert.equal(estimateJaccard(single, hasher.signature(set(5, 6))), 1);
    assert.ok(estimateJaccard(single, hasher.signature(set(7, 8))) < 0.05);
    const empty = hasher.signature(new Uint32Array(0));
    assert.ok(empty.every((value) => value === 0xffffffff));
  });

  test('rejects permutation counts that are not powers of two', () => {
    assert.throws(() => new MinHasher(100));
  });
});
