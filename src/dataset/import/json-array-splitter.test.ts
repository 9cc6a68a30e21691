import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonArraySplitter } from './json-array-splitter.ts';

function splitInChunks(text: string, size: number): string[] {
  const splitter = new JsonArraySplitter();
  const elements: string[] = [];
  for (let start = 0; start < text.length; start += size) elements.push(...splitter.push(text.slice(start, start + size)));
  splitter.end();
  return elements;
}

describe('JSON array splitter', () => {
  const rows = [{ a: '[not, a {bracket}', b: [1, { c: 'quote \\" here' }] }, 'plain', 42, null, { emoji: '😀', escaped: 'back\\\\slash\\"' }, []];
  const text = ' \n' + JSON.stringify(rows, null, 2) + '\n';

  test('gives each element whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      assert.deepEqual(
        splitInChunks(text, size).map((element) => JSON.parse(element) as unknown),
        rows,
        `chunk size ${size}`,
      );
    }
  });

  test('empty arrays and errors', () => {
    assert.deepEqual(splitInChunks('[]', 1), []);
    assert.throws(() => splitInChunks('{"a": 1}', 4), /not an array/);
    assert.throws(() => splitInChunks('[1, 2', 4), /not closed/);
    assert.throws(() => splitInChunks('[1] x', 4), /after the JSON array/);
  });
});
