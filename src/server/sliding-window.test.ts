import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbuseLimiter } from './abuse-limiter.ts';
import { SlidingWindow } from './sliding-window.ts';

test('the window allows `limit` events per 60 s per key and reports when the oldest expires', () => {
  let now = 1_000_000;
  const window = new SlidingWindow(() => 3, () => now);
  for (let index = 0; index < 3; index += 1) {
    assert.deepEqual(window.take('a'), { allowed: true });
    now += 10_000;
  }
  assert.deepEqual(window.take('a'), { allowed: false, retryAfterSeconds: 30 });
  assert.deepEqual(window.take('b'), { allowed: true }, 'keys are independent');
  now += 30_000;
  assert.deepEqual(window.take('a'), { allowed: true }, 'the oldest event left the window');
});

test('the limiter counts concurrent streams and frees a slot on release', () => {
  const limiter = new AbuseLimiter(() => ({ perMinute: 100, maxConcurrentStreams: 2 }), () => 0);
  assert.equal(limiter.admit('ip').allowed, true);
  assert.equal(limiter.admit('ip').allowed, true);
  const refused = limiter.admit('ip');
  assert.equal(refused.allowed, false);
  assert.equal(!refused.allowed && refused.reason, 'too_many_streams');
  limiter.releaseStream('ip');
  assert.equal(limiter.admit('ip').allowed, true);
});

test('refused attempts do not use up the rate', () => {
  const limiter = new AbuseLimiter(() => ({ perMinute: 2, maxConcurrentStreams: 1 }), () => 0);
  assert.equal(limiter.admit('ip').allowed, true);
  assert.equal(limiter.admit('ip').allowed, false, 'stream slot taken');
  limiter.releaseStream('ip');
  assert.equal(limiter.admit('ip').allowed, true, 'the refused attempt was not counted');
});
