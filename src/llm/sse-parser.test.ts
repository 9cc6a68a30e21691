import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, SseParseError } from './sse-parser.ts';
import type { SseEvent } from './sse-parser.ts';

const encoder = new TextEncoder();

interface ParseOutcome {
  events: SseEvent[];
  comments: string[];
  retries: number[];
  incompleteEvent: boolean;
}

function parseChunks(chunks: Uint8Array[], maxEventLength?: number): ParseOutcome {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = new SseParser({
    onEvent: (event) => events.push(event),
    onComment: (comment) => comments.push(comment),
    onRetry: (milliseconds) => retries.push(milliseconds),
    ...(maxEventLength === undefined ? {} : { maxEventLength }),
  });
  for (const chunk of chunks) parser.push(chunk);
  const { incompleteEvent } = parser.end();
  return { events, comments, retries, incompleteEvent };
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Deterministic pseudo-random numbers so a failing split can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Parses the whole stream at once, then under every single and every pair of split points. */
function assertSameUnderAllSplits(source: string, expected: ParseOutcome): void {
  const bytes = encoder.encode(source);
  assert.deepEqual(parseChunks([bytes]), expected, 'whole stream');
  for (let first = 0; first <= bytes.length; first++) {
    assert.deepEqual(parseChunks(splitAt(bytes, [first])), expected, `split at ${first}`);
    for (let second = first; second <= bytes.length; second++) {
      const outcome = parseChunks(splitAt(bytes, [first, second]));
      assert.deepEqual(outcome, expected, `split at ${first} and ${second}`);
    }
  }
  const oneByteChunks = Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
  assert.deepEqual(parseChunks(oneByteChunks), expected, 'one byte at a time');
}

function message(data: string, lastEventId = '', type = 'message'): SseEvent {
  return { type, data, lastEventId };
}

describe('SseParser', () => {
  test('parses OpenAI-style data lines and [DONE] under every split, with LF, CRLF and CR line breaks', () => {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      const source = ['data: {"a":1}', '', 'data: {"b":"x"}', '', 'data: [DONE]', '', ''].join(lineBreak);
      assertSameUnderAllSplits(source, {
        events: [message('{"a":1}'), message('{"b":"x"}'), message('[DONE]')],
        comments: [],
        retries: [],
        incompleteEvent: false,
      });
    }
  });

  test('keeps multi-byte UTF-8 characters intact when a chunk boundary falls inside them', () => {
    // 2-, 3- and 4-byte sequences plus a combining mark.
    const text = 'é 中文 😀 e\u0301 Ω';
    const source = `data: ${text}\r\n\r\n: ping 🙂\r\ndata: ${text}${text}\n\n`;
    assertSameUnderAllSplits(source, {
      events: [message(text), message(text + text)],
      comments: ['ping 🙂'],
      retries: [],
      incompleteEvent: false,
    });
  });

  test('survives random adversarial chunking of a long realistic stream', () => {
    const deltas = ['Hel', 'lo', ' wörld', ' 你好', ' 👋🏽', '\\n', ' "quoted"', ''];
    let source = ': keep-alive\n\n';
    for (const delta of deltas) {
      source += `data: {"choices":[{"delta":{"content":${JSON.stringify(delta)}}}]}\r\n\r\n`;
    }
    source += 'data: [DONE]\r\n\r\n';
    const bytes = encoder.encode(source);
    const expected = parseChunks([bytes]);
    assert.equal(expected.events.length, deltas.length + 1);
    const random = seededRandom(42);
    for (let round = 0; round < 300; round++) {
      const cuts: number[] = [];
      let position = 0;
      while (position < bytes.length) {
        position += 1 + Math.floor(random() * 12);
        if (position < bytes.length) cuts.push(position);
      }
      assert.deepEqual(parseChunks(splitAt(bytes, cuts)), expected, `round ${round}`);
    }
  });

  test('joins multi-line data, honours event/id/retry fields and ignores unknown fields', () => {
    const source = [
      'event: update',
      'id: 7',
      'data: first',
      'data',
      'data:second-without-space',
      'data:  two spaces keep one',
      'unknown: ignored',
      'retry: 2500',
      'retry: soon',
      '',
      'data: after',
      '',
      'id: bad\u0000id',
      'data: id unchanged',
      '',
      'id',
      'data: id reset',
      '',
      '',
    ].join('\n');
    assertSameUnderAllSplits(source, {
      events: [
        message('first\n\nsecond-without-space\n two spaces keep one', '7', 'update'),
        message('after', '7'),
        message('id unchanged', '7'),
        message('id reset', ''),
      ],
      comments: [],
      retries: [2500],
      incompleteEvent: false,
    });
  });

  test('dispatches an event whose only data line is empty, but not a blank event without data', () => {
    const outcome = parseChunks([encoder.encode('event: ignored\n\ndata:\n\n\n\n')]);
    assert.deepEqual(outcome.events, [message('')]);
  });

  test('reports comments with one leading space stripped', () => {
    const outcome = parseChunks([encoder.encode(':\n:  two\n: OPENROUTER PROCESSING\n')]);
    assert.deepEqual(outcome.comments, ['', ' two', 'OPENROUTER PROCESSING']);
    assert.equal(outcome.events.length, 0);
    assert.equal(outcome.incompleteEvent, false);
  });

  test('strips a leading byte order mark, even when split across chunks', () => {
    const bytes = encoder.encode('\uFEFFdata: x\n\n');
    for (let cut = 0; cut <= 3; cut++) {
      assert.deepEqual(parseChunks(splitAt(bytes, [cut])).events, [message('x')]);
    }
  });

  test('discards and reports an event cut before its blank line', () => {
    const withoutBlankLine = parseChunks([encoder.encode('data: {"a":1}\n\ndata: {"b"')]);
    assert.deepEqual(withoutBlankLine.events, [message('{"a":1}')]);
    assert.equal(withoutBlankLine.incompleteEvent, true);

    const withoutSecondBreak = parseChunks([encoder.encode('data: {"a":1}\n')]);
    assert.deepEqual(withoutSecondBreak.events, []);
    assert.equal(withoutSecondBreak.incompleteEvent, true);
  });

  test('reports a stream that ends inside a multi-byte character as incomplete', () => {
    const bytes = encoder.encode('data: 😀');
    const outcome = parseChunks([bytes.subarray(0, bytes.length - 2)]);
    assert.equal(outcome.incompleteEvent, true);
  });

  test('rejects invalid UTF-8 instead of replacing it', () => {
    const parser = new SseParser({ onEvent: () => {} });
    parser.push(encoder.encode('data: ok\n\n'));
    assert.throws(
      () => parser.push(new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a, 0x0a])),
      (error: unknown) => error instanceof SseParseError && error.code === 'invalid_utf8',
    );
  });

  test('rejects an event that grows past the size limit, whether in one line or many', () => {
    const oneLongLine = new SseParser({ onEvent: () => {}, maxEventLength: 64 });
    assert.throws(
      () => {
        for (let index = 0; index < 10; index++) oneLongLine.push(encoder.encode('data: 0123456789'));
      },
      (error: unknown) => error instanceof SseParseError && error.code === 'event_too_large',
    );
    const manyLines = new SseParser({ onEvent: () => {}, maxEventLength: 64 });
    assert.throws(
      () => {
        for (let index = 0; index < 10; index++) manyLines.push(encoder.encode('data: 0123456789\n'));
      },
      (error: unknown) => error instanceof SseParseError && error.code === 'event_too_large',
    );
    // The limit is per event: many small events are fine.
    const events: SseEvent[] = [];
    const manyEvents = new SseParser({ onEvent: (event) => events.push(event), maxEventLength: 64 });
    for (let index = 0; index < 100; index++) manyEvents.push(encoder.encode('data: 0123456789\n\n'));
    assert.equal(events.length, 100);
  });

  test('refuses input after end()', () => {
    const parser = new SseParser({ onEvent: () => {} });
    parser.end();
    assert.throws(() => parser.push(encoder.encode('data: x\n\n')));
  });
});
