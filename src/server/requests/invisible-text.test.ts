import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInvisible } from './invisible-text.ts';

test('whitespace, zero-width, fillers, bidi marks and tags alone count as invisible', () => {
  for (const text of [
    '',
    ' \n\t',
    '\u200b',
    '\u200b\u200c\u200d',
    '\u2060\ufeff',
    '\u3164',
    '\u00ad',
    '\u200e\u200f',
    '\u{e0041}\u{e0042}',
    '\ufe0f',
    '\u0000',
  ]) {
    assert.equal(isInvisible(text), true, JSON.stringify(text));
  }
});

test('any visible character makes the text visible', () => {
  for (const text of ['a', '\u200bhi\u200b', '😀', '👍🏽', '中', '.', 'é', '\u2800x']) {
    assert.equal(isInvisible(text), false, JSON.stringify(text));
  }
});
