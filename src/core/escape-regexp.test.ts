import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeRegExp } from './escape-regexp.ts';

test('escapeRegExp: every pattern character matches itself', () => {
  const literal = String.raw`c++ a.k.a (x|y) [z] {2} ^$ \ ?*`;
  assert.ok(new RegExp(`^${escapeRegExp(literal)}$`, 'u').test(literal));
  assert.equal(new RegExp(escapeRegExp('a.c'), 'u').test('abc'), false);
});
