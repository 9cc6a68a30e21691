import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GateRefusedError, UpstreamGate } from './upstream-gate.ts';

describe('UpstreamGate', () => {
  test('grants up to the cap, queues FIFO, and hands a freed slot to the oldest waiter', async () => {
    const gate = new UpstreamGate(() => ({ maxActive: 2, maxWaiting: 5, timeoutMs: 1000 }));
    const first = await gate.acquire();
    const second = await gate.acquire();
    const order: number[] = [];
    const third = gate.acquire().then((release) => (order.push(3), release));
    const fourth = gate.acquire().then((release) => (order.push(4), release));
    assert.equal(gate.active, 2);
    assert.equal(gate.waiting, 2);
    first();
    first(); // a second call is ignored
    const releaseThird = await third;
    assert.deepEqual(order, [3]);
    assert.equal(gate.active, 2);
    second();
    (await fourth)();
    releaseThird();
    assert.equal(gate.active, 0);
    assert.equal(gate.peakActive, 2);
  });

  test('a full queue refuses at once; a waiter past the timeout is refused and leaves the queue', async () => {
    const gate = new UpstreamGate(() => ({ maxActive: 1, maxWaiting: 1, timeoutMs: 30 }));
    const held = await gate.acquire();
    const waiting = gate.acquire();
    await assert.rejects(gate.acquire(), (error: unknown) => error instanceof GateRefusedError && error.reason === 'upstream_queue_full');
    await assert.rejects(waiting, (error: unknown) => error instanceof GateRefusedError && error.reason === 'upstream_queue_timeout');
    assert.equal(gate.waiting, 0);
    held();
    assert.equal(gate.active, 0);
  });
});
