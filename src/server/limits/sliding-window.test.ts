import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbuseLimiter } from './abuse-limiter.ts';
import { SlidingWindow } from './sliding-window.ts';

test('the window allows `limit` events per 60 s per key and reports when the oldest expires', () => {
  let now = 1_000_000;
  const window = new SlidingWindow(
    () => 3,
    () => now,
  );
  for (let index = 0; index < 3; index += 1) {
    assert.deepEqual(window.take('a'), { allowed: true });
    now += 10_000;
  }
  assert.deepEqual(window.take('a'), { allowed: false, retryAfterSeconds: 30 });
  assert.deepEqual(window.take('b'), { allowed: true }, 'keys are independent');
  now += 30_000;
  assert.deepEqual(window.take('a'), { allowed: true }, 'the oldest event left the window');
});

test('the window holds at most maxKeys keys, evicting the least recently active one', () => {
  let now = 1_000_000;
  const window = new SlidingWindow(
    () => 2,
    () => now,
    3,
  );
  for (const key of ['a', 'b', 'c']) assert.equal(window.take(key).allowed, true);
  now += 1000;
  assert.equal(window.take('a').allowed, true, 'a is active again; b is now the least recent');
  assert.equal(window.take('d').allowed, true);
  assert.equal(window.size, 3);
  assert.equal(window.take('a').allowed, false, 'a kept its count: two events in the window');
  assert.equal(window.take('c').allowed, true, 'c was kept');
  // A flood of new keys (one new IPv6 address per request) cannot grow the map.
  for (let index = 0; index < 10_000; index += 1) window.take(`flood-${index}`);
  assert.equal(window.size, 3);
});

test('the limiter counts concurrent streams and frees a slot on release', () => {
  const limiter = new AbuseLimiter(
    () => ({ perMinute: 100, maxConcurrentStreams: 2 }),
    () => 0,
  );
  assert.equal(limiter.admit('ip').allowed, true);
  assert.equal(limiter.admit('ip').allowed, true);
  const refused = limiter.admit('ip');
  assert.equal(refused.allowed, false);
  assert.equal(!refused.allowed && refused.reason, 'too_many_streams');
  limiter.releaseStream('ip');
  assert.equal(limiter.admit('ip').allowed, true);
});

test('refused attempts do not use up the rate', () => {
  const limiter = new AbuseLimiter(
    () => ({ perMinute: 2, maxConcurrentStreams: 1 }),
    () => 0,
  );
  assert.equal(limiter.admit('ip').allowed, true);
  assert.equal(limiter.admit('ip').allowed, false, 'stream slot taken');
  limiter.releaseStream('ip');
  assert.equal(limiter.admit('ip').allowed, true, 'the refused attempt was not counted');
});
