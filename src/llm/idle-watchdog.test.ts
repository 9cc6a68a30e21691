import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdleWatchdog } from './idle-watchdog.ts';
import type { IdleFault } from './idle-watchdog.ts';

function watch(firstTokenTimeoutMs: number, stallTimeoutMs: number) {
  const faults: IdleFault[] = [];
  const watchdog = new IdleWatchdog({ firstTokenTimeoutMs, stallTimeoutMs, onIdle: (fault) => faults.push(fault) });
  return { watchdog, faults };
}

describe('idle watchdog', () => {
  test('fires the first-token timeout while waiting on the upstream', async () => {
    const { watchdog, faults } = watch(30, 1_000);
    await sleep(200);
    watchdog.stop();
    assert.deepEqual(faults, ['upstream_timeout_first_token']);
  });

  test('after the first token the stall limit applies and data keeps it quiet', async () => {
    const { watchdog, faults } = watch(1_000, 250);
    watchdog.firstToken();
    for (let piece = 0; piece < 4; piece++) {
      await sleep(25);
      watchdog.dataArrived();
    }
    assert.deepEqual(faults, []);
    await sleep(500);
    watchdog.stop();
    assert.deepEqual(faults, ['upstream_stalled']);
  });

  test('time the consumer holds an event does not count', async () => {
    const { watchdog, faults } = watch(30, 30);
    watchdog.waitingOnUpstream = false;
    await sleep(100);
    assert.deepEqual(faults, []);
    watchdog.waitingOnUpstream = true;
    await sleep(200);
    watchdog.stop();
    assert.deepEqual(faults, ['upstream_timeout_first_token']);
  });

  test('stop ends it for good', async () => {
    const { watchdog, faults } = watch(20, 20);
    watchdog.stop();
    await sleep(60);
    assert.deepEqual(faults, []);
  });
});
