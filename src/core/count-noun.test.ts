import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNoun } from './count-noun.ts';

test('countNoun uses the singular for exactly one and groups thousands', () => {
  assert.equal(countNoun(0, 'row'), '0 rows');
  assert.equal(countNoun(1, 'row'), '1 row');
  assert.equal(countNoun(2, 'conversation'), '2 conversations');
  assert.equal(countNoun(1234567, 'row'), '1,234,567 rows');
});
