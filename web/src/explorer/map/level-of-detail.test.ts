import assert from 'node:assert/strict';
import { test } from 'node:test';
import { litPoints, MIN_MOVING_SAMPLE_SIZE, MOVING_SAMPLE_SIZE, MovingFrameBudget, movingSample } from './level-of-detail.ts';

test('the moving sample holds about the asked size, distinct points, and the same every time', () => {
  const sample = movingSample(1_000_000, 100_000);
  assert.ok(sample !== null);
  assert.ok(Math.abs(sample.length - 100_000) < 2_000, `size ${sample.length}`);
  assert.equal(new Set(sample).size, sample.length);
  assert.ok(sample.every((point) => point < 1_000_000));
  assert.deepEqual(movingSample(1_000_000, 100_000), sample);
});

test('any prefix is spread over the whole index range (a smaller budget draws a prefix)', () => {
  const sample = movingSample(1_000_000, 100_000) ?? new Uint32Array();
  for (const prefix of [10_000, 50_000]) {
    const perTenth = Array.from({ length: 10 }, (_, tenth) => sample.subarray(0, prefix).filter((point) => Math.floor(point / 100_000) === tenth).length);
    assert.ok(
      perTenth.every((share) => Math.abs(share - prefix / 10) < prefix / 50),
      `${prefix}: ${perTenth.join(',')}`,
    );
  }
  // A smaller sample is the prefix of a larger one.
  const small = movingSample(1_000_000, 20_000) ?? new Uint32Array();
  assert.deepEqual([...small], [...sample.subarray(0, small.length)]);
});

test('lit points are listed while there are few of them', () => {
  const lit = new Uint8Array(500_000);
  for (const point of [3, 17, 99_999, 250_001, 499_999]) lit[point] = 1;
  assert.deepEqual([...(litPoints(lit) ?? [])], [3, 17, 99_999, 250_001, 499_999]);
  assert.equal(litPoints(lit, 4), null);
  assert.equal(litPoints(null), null);
});

test('no sample when every point fits', () => {
  assert.equal(movingSample(50_000, 100_000), null);
});

test('the frame budget halves on slow frames, down to its floor, and grows back on fast ones', () => {
  const budget = new MovingFrameBudget();
  let now = 0;
  const frames = (count: number, interval: number): void => {
    for (let frame = 0; frame < count; frame += 1) budget.frame((now += interval));
  };
  frames(4, 50);
  assert.equal(budget.size, MOVING_SAMPLE_SIZE / 2);
  frames(40, 100);
  assert.equal(budget.size, MIN_MOVING_SAMPLE_SIZE);
  // Frames at 30 fps keep the size.
  frames(100, 33);
  assert.equal(budget.size, MIN_MOVING_SAMPLE_SIZE);
  frames(31, 16);
  assert.equal(budget.size, MIN_MOVING_SAMPLE_SIZE * 2);
  // A pause is not a slow frame.
  budget.still();
  budget.frame((now += 5_000));
  frames(2, 16);
  budget.frame((now += 400));
  assert.equal(budget.size, MIN_MOVING_SAMPLE_SIZE * 2);
});
