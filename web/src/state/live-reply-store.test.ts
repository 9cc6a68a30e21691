import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveReplyStore } from './live-reply-store.ts';

describe('LiveReplyStore', () => {
  test('appends are coalesced into one notification per frame', () => {
    const frames: (() => void)[] = [];
    const store = new LiveReplyStore((callback) => frames.push(callback));
    let notifications = 0;
    store.subscribe(() => notifications++);
    store.start(5);
    assert.equal(notifications, 1);
    for (const piece of ['Hel', 'lo', ', ', 'world']) store.append(piece);
    assert.equal(frames.length, 1, 'one frame requested for four deltas');
    assert.equal(notifications, 1);
    assert.equal(store.getSnapshot().text, 'Hello, world');
    frames.shift()?.();
    assert.equal(notifications, 2);
    store.append('!');
    assert.equal(frames.length, 1);
  });

  test('snapshots are immutable values, so React sees each change', () => {
    const store = new LiveReplyStore(() => undefined);
    store.start(1, 'a');
    const before = store.getSnapshot();
    store.append('b');
    assert.notEqual(store.getSnapshot(), before);
    assert.equal(before.text, 'a');
    store.append('');
    const unchanged = store.getSnapshot();
    assert.equal(store.getSnapshot(), unchanged);
    store.reset();
    assert.deepEqual(store.getSnapshot(), { turnIdentifier: null, text: '' });
  });

  test('unsubscribe stops notifications', () => {
    const store = new LiveReplyStore((callback) => callback());
    let notifications = 0;
    const unsubscribe = store.subscribe(() => notifications++);
    store.append('x');
    unsubscribe();
    store.append('y');
    assert.equal(notifications, 1);
  });
});
