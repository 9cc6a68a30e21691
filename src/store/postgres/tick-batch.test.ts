import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreUnavailableError } from '../store-unavailable-error.ts';
import { BatchItemFailure, TickBatch } from './tick-batch.ts';

/** An error as pg reports a statement the server refused (SQLSTATE 23514: a check constraint). */
function rejectedStatement(): Error {
  return Object.assign(new Error('new row violates check constraint'), { code: '23514' });
}

function settled<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(promises);
}

test('the calls of one tick share one statement and each gets its own answer', async () => {
  const batches: number[][] = [];
  const batch = new TickBatch<number, number>(async (inputs) => {
    batches.push([...inputs]);
    return inputs.map((input) => input * 10);
  });
  assert.deepEqual(await Promise.all([1, 2, 3].map((input) => batch.submit(input))), [10, 20, 30]);
  assert.deepEqual(batches, [[1, 2, 3]]);
});

test('a call the runner refuses on its own fails alone', async () => {
  const batch = new TickBatch<number, number>(async (inputs) =>
    inputs.map((input) => (input === 2 ? new BatchItemFailure(new Error('cannot insert turn: refused')) : input)),
  );
  const results = await settled([1, 2, 3].map((input) => batch.submit(input)));
  assert.deepEqual(
    results.map((result) => result.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.match(String((results[1] as PromiseRejectedResult).reason), /cannot insert turn: refused/);
});

test('a statement the server rejected is run again call by call, so only the culprit fails', async () => {
  const batches: number[][] = [];
  const batch = new TickBatch<number, number>(async (inputs) => {
    batches.push([...inputs]);
    if (inputs.includes(2)) throw rejectedStatement();
    return [...inputs];
  });
  const results = await settled([1, 2, 3].map((input) => batch.submit(input)));
  assert.deepEqual(
    results.map((result) => (result.status === 'fulfilled' ? result.value : 'rejected')),
    [1, 'rejected', 3],
  );
  assert.equal((results[1] as PromiseRejectedResult).reason.code, '23514');
  assert.deepEqual(batches, [[1, 2, 3], [1], [2], [3]]);
});

test('a lost database fails exactly the calls of that batch with its error, and runs nothing twice', async () => {
  let calls = 0;
  let away = true;
  const batch = new TickBatch<number, number>(async (inputs) => {
    calls += 1;
    if (away) throw new StoreUnavailableError('the PostgreSQL database is unavailable');
    return [...inputs];
  });
  const lost = await settled([1, 2, 3].map((input) => batch.submit(input)));
  assert.ok(lost.every((result) => result.status === 'rejected' && result.reason instanceof StoreUnavailableError));
  assert.equal(calls, 1, 'a commit that may have happened is never repeated');
  away = false;
  assert.deepEqual(await Promise.all([4, 5].map((input) => batch.submit(input))), [4, 5], 'the next batch is unaffected');
});

test('an error of our own after the statement fails the batch without running it again', async () => {
  let calls = 0;
  const batch = new TickBatch<number, number>(async (inputs) => {
    calls += 1;
    return inputs.slice(1);
  });
  const results = await settled([1, 2].map((input) => batch.submit(input)));
  assert.ok(results.every((result) => result.status === 'rejected' && /answered 1 results for 2 calls/.test(String(result.reason))));
  assert.equal(calls, 1);
});

test('while the database is busy, new calls wait and go out together', async () => {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const batch = new TickBatch<number, number>(
    async (inputs) => {
      batches.push([...inputs]);
      await new Promise<void>((resolve) => releases.push(resolve));
      return [...inputs];
    },
    { maxInFlight: 1 },
  );
  const first = batch.submit(1);
  await new Promise((resolve) => setImmediate(resolve));
  const later = [2, 3, 4].map((input) => batch.submit(input));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(batches, [[1]], 'nothing else goes out while the first batch is at the database');
  releases.shift()!();
  assert.equal(await first, 1);
  for (let tick = 0; tick < 5 && batches.length < 2; tick += 1) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(batches, [[1], [2, 3, 4]]);
  releases.shift()!();
  assert.deepEqual(await Promise.all(later), [2, 3, 4]);
});

test('batches are cut at maxBatch', async () => {
  const sizes: number[] = [];
  const batch = new TickBatch<number, number>(
    async (inputs) => {
      sizes.push(inputs.length);
      return [...inputs];
    },
    { maxBatch: 2, maxInFlight: 4 },
  );
  await Promise.all([1, 2, 3, 4, 5].map((input) => batch.submit(input)));
  assert.deepEqual(sizes, [2, 2, 1]);
});
