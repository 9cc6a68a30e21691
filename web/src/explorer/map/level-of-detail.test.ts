import assert from 'node:assert/strict';
import { test } from 'node:test';
import { movingSample } from './level-of-detail.ts';

test('the moving sample holds about the asked size, ascending, and the same every time', () => {
  const sample = movingSample(1_000_000, 100_000);
  assert.ok(sample !== null);
  assert.ok(Math.abs(sample.length - 100_000) < 2_000, `size ${sample.length}`);
  for (let index = 1; index < sample.length; index += 1) assert.ok((sample[index] ?? 0) > (sample[index - 1] ?? 0));
  assert.deepEqual(movingSample(1_000_000, 100_000), sample);
});

test('a smaller sample is a subset of a larger one (shrinking it only removes points)', () => {
  const large = new Set(movingSample(200_000, 20_000));
  const small = movingSample(200_000, 5_000) ?? new Uint32Array();
  assert.ok(small.length > 4_000 && small.length < 6_000, `size ${small.length}`);
  assert.ok([...small].every((point) => large.has(point)));
});

test('the sample is spread over the whole index range, not a prefix', () => {
  const sample = movingSample(1_000_000, 10_000) ?? new Uint32Array();
  const perTenth = Array.from({ length: 10 }, (_, tenth) => sample.filter((point) => Math.floor(point / 100_000) === tenth).length);
  assert.ok(
    perTenth.every((share) => share > 800 && share < 1_200),
    perTenth.join(','),
  );
});

test('lit points always join the sample while there are few of them', () => {
  const lit = new Uint8Array(500_000);
  const litPoints = [3, 17, 99_999, 250_001, 499_999];
  for (const point of litPoints) lit[point] = 1;
  const sample = new Set(movingSample(500_000, 1_000, lit));
  assert.ok(litPoints.every((point) => sample.has(point)));
  // Too many lit points to add: the sample stays at its size.
  const crowded = movingSample(500_000, 1_000, new Uint8Array(500_000).fill(1), 10_000) ?? new Uint32Array();
  assert.ok(crowded.length < 1_200, `size ${crowded.length}`);
});

test('no sample when every point fits', () => {
  assert.equal(movingSample(50_000, 100_000), null);
});
