import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Usage } from '../../schema/raw-records.ts';
import { AbuseLimiter } from './abuse-limiter.ts';
import { TurnHold } from './turn-hold.ts';

function setup() {
  const limiter = new AbuseLimiter(
    () => ({ perMinute: 100, maxConcurrentStreams: 1 }),
    () => 0,
  );
  const leaseEnds: { usage: Usage | null; text: string }[] = [];
  const lease = { params: {}, end: (usage: Usage | null, text: string) => leaseEnds.push({ usage, text }) };
  return { limiter, lease, leaseEnds };
}

test('ending a hold frees the stream slot and settles the lease once, however often it is ended', () => {
  const { limiter, lease, leaseEnds } = setup();
  assert.equal(limiter.admit('ip').allowed, true);
  const hold = new TurnHold(limiter, 'ip');
  hold.holdLease(lease);
  assert.equal(limiter.admit('ip').allowed, false, 'the slot is taken while held');
  const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
  hold.end(usage, 'reply');
  hold.end();
  assert.deepEqual(leaseEnds, [{ usage, text: 'reply' }]);
  assert.equal(limiter.admit('ip').allowed, true, 'the slot is free again');
  limiter.releaseStream('ip');
  assert.equal(limiter.admit('ip').allowed, true, 'a second end did not free a slot it did not hold');
});

test('endOnFailure ends the hold when the work throws and keeps it when it succeeds', async () => {
  const { limiter, lease, leaseEnds } = setup();
  limiter.admit('ip');
  const hold = new TurnHold(limiter, 'ip');
  hold.holdLease(lease);
  assert.equal(await hold.endOnFailure(() => 'kept'), 'kept');
  assert.equal(leaseEnds.length, 0);
  await assert.rejects(
    hold.endOnFailure(() => Promise.reject(new Error('store down'))),
    /store down/,
  );
  assert.deepEqual(leaseEnds, [{ usage: null, text: '' }]);
  assert.equal(limiter.admit('ip').allowed, true);
});
