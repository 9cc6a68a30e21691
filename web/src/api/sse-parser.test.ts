import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  test('parses named events with JSON data', () => {
    const parser = new SseParser();
    const events = parser.push('event: turn\ndata: {"a":1}\n\nevent: delta\ndata: {"text":"hi"}\n\n');
    assert.deepEqual(events, [
      { event: 'turn', data: '{"a":1}' },
      { event: 'delta', data: '{"text":"hi"}' },
    ]);
  });

  test('delivers an event only once its blank line arrives, however the text is split', () => {
    const source = 'event: delta\r\ndata: {"text":"é€"}\r\n\r\n: keep-alive\r\n\r\nevent: done\rdata: {}\r\r';
    for (let size = 1; size <= source.length; size++) {
      const parser = new SseParser();
      const events = [];
      for (let start = 0; start < source.length; start += size) events.push(...parser.push(source.slice(start, start + size)));
      assert.deepEqual(
        events,
        [
          { event: 'delta', data: '{"text":"é€"}' },
          { event: 'done', data: '{}' },
        ],
        `chunk size ${size}`,
      );
    }
  });

  test('joins multi-line data, defaults the name to "message", strips one leading space and a BOM', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('\uFEFFdata:  two spaces\ndata:line2\n\n'), [{ event: 'message', data: ' two spaces\nline2' }]);
  });

  test('ignores comments, unknown fields and events without data', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push(': ping\nid: 7\nretry: 1000\nevent: lonely\n\nfoo: bar\n\n'), []);
  });

  test('drops an unterminated event at the end of the stream', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('event: delta\ndata: {"text":"cut"}\n'), []);
    parser.end();
    assert.deepEqual(parser.push('data: next\n\n'), [{ event: 'message', data: 'next' }]);
  });
});
