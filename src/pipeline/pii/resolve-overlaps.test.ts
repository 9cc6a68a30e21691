import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PiiSpan } from './pii-entity.ts';
import { createPiiDetector } from './pii-detector.ts';
import { expandToWordBoundaries, resolveOverlaps } from './resolve-overlaps.ts';

const span = (start: number, end: number, entity: PiiSpan['entity'], score = 0.9): PiiSpan => ({ start, end, entity, score });

describe('resolveOverlaps', () => {
  test('merges partial overlaps into one span labelled by the higher-priority entity', () => {
    const text = 'card 4111 2222 3333 4444 end';
    // A phone pattern caught only the tail of the card number.
    const resolved = resolveOverlaps(text, [span(15, 24, 'PHONE_NUMBER'), span(5, 19, 'CREDIT_CARD')]);
    assert.deepEqual(
      resolved.map((item) => [item.start, item.end, item.entity]),
      [[5, 24, 'CREDIT_CARD']],
    );
  });

  test('never leaves the end of a value visible: the union is always covered', () => {
    const text = 'x'.repeat(40);
    const resolved = resolveOverlaps(text, [span(0, 10, 'PERSON'), span(8, 20, 'PHONE_NUMBER'), span(18, 30, 'PERSON')]);
    assert.deepEqual(
      resolved.map((item) => [item.start, item.end]),
      [[0, 40]],
    );
  });

  test('keeps disjoint spans apart, sorted', () => {
    const resolved = resolveOverlaps('aa bb cc dd', [span(6, 8, 'PERSON'), span(0, 2, 'PERSON')]);
    assert.deepEqual(
      resolved.map((item) => [item.start, item.end]),
      [
        [0, 2],
        [6, 8],
      ],
    );
  });

  test('widens to whole words but not across CJK characters', () => {
    assert.deepEqual(expandToWordBoundaries('Mr Smithson said', span(3, 8, 'PERSON')), span(3, 11, 'PERSON'));
    const chinese = '我叫张伟今年二十岁';
    assert.deepEqual(expandToWordBoundaries(chinese, span(2, 4, 'PERSON')), span(2, 4, 'PERSON'));
  });
});

describe('never half-redacted (end to end)', () => {
  const detector = createPiiDetector();
  test('a card number with an expiry date and a phone-like tail is covered completely', () => {
    const text = 'My credit card is 4494 3652 5012 0864 03/26, call 312-847-2290';
    const spans = detector.detect(text);
    const card = text.indexOf('4494');
    const covered = spans.find((item) => item.start <= card && item.end >= card + '4494 3652 5012 0864'.length);
    assert.equal(covered?.entity, 'CREDIT_CARD');
    for (const item of spans) {
      // No span boundary may fall inside a digit group.
      assert.ok(!/\d/.test(text[item.start - 1] ?? '') && !/\d/.test(text[item.end] ?? ''), `cut at ${item.start}-${item.end}`);
    }
  });
});
