import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonArraySplitter, type JsonArrayElement } from './json-array-splitter.ts';

function splitInChunks(bytes: Uint8Array, size: number): JsonArrayElement[] {
  const splitter = new JsonArraySplitter();
  const elements: JsonArrayElement[] = [];
  for (let start = 0; start < bytes.length; start += size) elements.push(...splitter.push(bytes.subarray(start, start + size)));
  splitter.end();
  return elements;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('JSON array splitter', () => {
  const rows = [{ a: '[not, a {bracket}', b: [1, { c: 'quote \\" here' }] }, 'plain', 42, null, { emoji: '😀', escaped: 'back\\\\slash\\"', é: 'ü' }, []];
  const bytes = utf8(' \n' + JSON.stringify(rows, null, 2) + '\n');

  test('gives each element whatever the chunk boundaries, even inside a multi-byte character', () => {
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const elements = splitInChunks(bytes, size);
      assert.deepEqual(
        elements.map((element) => JSON.parse(element.text) as unknown),
        rows,
        `chunk size ${size}`,
      );
      assert.ok(elements.every((element) => element.validUtf8));
      assert.deepEqual(
        elements.map((element) => element.item),
        [1, 2, 3, 4, 5, 6],
      );
    }
  });

  test('each element knows its line and byte offset', () => {
    const input = utf8('[{"a": "é"},\n  2,\n\n  "x"]');
    for (const size of [1, 5, input.length]) {
      assert.deepEqual(
        splitInChunks(input, size).map((element) => [element.item, element.line, element.byteOffset]),
        [
          [1, 1, 1],
          [2, 2, 16],
          [3, 4, 22],
        ],
        `chunk size ${size}`,
      );
    }
  });

  test('invalid UTF-8 marks only the element holding it, wherever the chunks split', () => {
    // A lone continuation byte, a truncated two-byte sequence before a quote, an overlong "/" and a surrogate.
    const invalidSequences = [[0x80], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80]];
    for (const sequence of invalidSequences) {
      const input = Buffer.concat([utf8('[{"v": "ok é"}, {"v": "bad '), Buffer.from(sequence), utf8('"}, {"v": "ok 😀"}]')]);
      for (const size of [1, 2, 3, input.length]) {
        const elements = splitInChunks(input, size);
        assert.deepEqual(
          elements.map((element) => element.validUtf8),
          [true, false, true],
          `bytes ${sequence.join(',')} chunk size ${size}`,
        );
        assert.ok(elements[1]?.text.includes('\ufffd'));
        assert.deepEqual(JSON.parse(elements[2]?.text ?? ''), { v: 'ok 😀' });
      }
    }
  });

  test('a byte order mark is skipped; empty arrays and errors', () => {
    assert.deepEqual(
      splitInChunks(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('[1]')]), 1).map((element) => element.text),
      ['1'],
    );
    assert.deepEqual(splitInChunks(utf8('[]'), 1), []);
    assert.throws(() => splitInChunks(Buffer.concat([utf8(' '), Buffer.from([0xef, 0xbb, 0xbf]), utf8('[1]')]), 4), /not an array/);
    assert.throws(() => splitInChunks(utf8('{"a": 1}'), 4), /not an array/);
    assert.throws(() => splitInChunks(utf8('[1, 2'), 4), /not closed/);
    assert.throws(() => splitInChunks(utf8('[1] x'), 4), /after the JSON array/);
    assert.throws(() => splitInChunks(utf8(''), 4), /empty/);
  });
});
