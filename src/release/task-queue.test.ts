import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTaskQueue } from './task-queue.ts';

test('tasks run one at a time in submission order, and a failure does not stop the queue', async () => {
  const queue = createTaskQueue();
  const events: string[] = [];
  let running = 0;
  const task =
    (name: string, fail = false) =>
    async (): Promise<string> => {
      running += 1;
      assert.equal(running, 1, 'no two tasks overlap');
      events.push(`start ${name}`);
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`end ${name}`);
      running -= 1;
      if (fail) throw new Error(`task ${name} failed`);
      return name;
    };
  const results = await Promise.allSettled([queue(task('a')), queue(task('b', true)), queue(task('c'))]);
  assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  assert.deepEqual(
    results.map((result) => result.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.equal((results[2] as PromiseFulfilledResult<string>).value, 'c');
});
