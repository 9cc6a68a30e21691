import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Turn } from '../api/types.ts';
import { buildTurnTree, chooseTurn, selectPath, siblingPosition, upsertTurn } from './conversation-tree.ts';

function turn(turnIdentifier: number, parentTurnId: number | null, userContent: string, minute: number): Turn {
  return {
    turnIdentifier,
    parentTurnId,
    origin: 'send',
    userContent,
    assistantContent: `reply ${turnIdentifier}`,
    model: 'test-model',
    status: 'complete',
    finishReason: 'stop',
    error: null,
    createdAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
    completedAt: null,
  };
}

// 1 ─ 2 ─ 3          (send, send)
//   └ 4 (regenerate of 2, same user text)
//   └ 5 ─ 6 (edit of 2, different user text)
const turns = [
  turn(1, null, 'hello', 0),
  turn(2, 1, 'second', 1),
  turn(3, 2, 'third', 2),
  turn(4, 1, 'second', 3),
  turn(5, 1, 'edited', 4),
  turn(6, 5, 'after edit', 5),
];

describe('conversation tree', () => {
  test('follows the newest child at each fork by default', () => {
    const tree = buildTurnTree(turns);
    assert.deepEqual(
      selectPath(tree, new Map()).map((item) => item.turnIdentifier),
      [1, 5, 6],
    );
  });

  test('a chosen version changes the path below it and keeps the rest', () => {
    const tree = buildTurnTree(turns);
    const second = turns[1];
    assert.ok(second);
    const chosen = chooseTurn(new Map(), second);
    assert.deepEqual(
      selectPath(tree, chosen).map((item) => item.turnIdentifier),
      [1, 2, 3],
    );
  });

  test('sibling positions are numbered oldest first and know whether the user text differs', () => {
    const tree = buildTurnTree(turns);
    const [first, second, , regenerated, edited] = turns;
    assert.ok(first && second && regenerated && edited);
    assert.deepEqual(
      { ...siblingPosition(tree, second), previous: null, next: siblingPosition(tree, second).next?.turnIdentifier },
      { index: 1, count: 3, previous: null, next: 4, userMessageDiffers: true },
    );
    const middle = siblingPosition(tree, regenerated);
    assert.equal(middle.index, 2);
    assert.equal(middle.previous?.turnIdentifier, 2);
    assert.equal(middle.next?.turnIdentifier, 5);
    const alone = siblingPosition(tree, first);
    assert.equal(alone.count, 1);
    assert.equal(alone.userMessageDiffers, false);
  });

  test('upsertTurn replaces by id and appends new turns without mutating the input', () => {
    const updated = { ...turn(2, 1, 'second', 1), assistantContent: 'final' };
    const next = upsertTurn(turns, updated);
    assert.equal(next.length, turns.length);
    assert.equal(next[1]?.assistantContent, 'final');
    assert.equal(turns[1]?.assistantContent, 'reply 2');
    assert.equal(upsertTurn(turns, turn(7, 6, 'new', 6)).length, turns.length + 1);
  });

  test('an empty conversation has an empty path, and a cycle in bad data cannot loop forever', () => {
    assert.deepEqual(selectPath(buildTurnTree([]), new Map()), []);
    const looped = [turn(1, 2, 'a', 0), turn(2, 1, 'b', 1)];
    assert.deepEqual(selectPath(buildTurnTree(looped), new Map()), []);
  });
});
