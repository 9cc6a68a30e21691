import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNoun } from './count-noun.ts';

test('one takes the singular, every other count the plural', () => {
  assert.equal(countNoun(1, 'conversation'), '1 conversation');
  assert.equal(countNoun(0, 'conversation'), '0 conversations');
  assert.equal(countNoun(2, 'message'), '2 messages');
  assert.equal(countNoun(12_345, 'reply', 'replies'), '12,345 replies');
});
