import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReleaseTimestamp, normalizeReleaseTimestamp } from './release-timestamp.ts';

describe('release timestamps', () => {
  test('every source spelling becomes canonical UTC text', () => {
    assert.equal(normalizeReleaseTimestamp('2023-04-09T00:02:53Z'), '2023-04-09T00:02:53Z');
    assert.equal(normalizeReleaseTimestamp('2023-04-09 00:02:53+00'), '2023-04-09T00:02:53Z'); // DuckDB TIMESTAMPTZ text
    assert.equal(normalizeReleaseTimestamp('2023-04-09 00:02:53'), '2023-04-09T00:02:53Z'); // WildChat-4.8M, no zone
    assert.equal(normalizeReleaseTimestamp('2023-04-09T00:02:53.120000+00:00'), '2023-04-09T00:02:53.12Z');
    assert.equal(normalizeReleaseTimestamp('2023-04-09T00:02:53.123456789Z'), '2023-04-09T00:02:53.123456Z');
    assert.equal(normalizeReleaseTimestamp('2023-04-09T02:02:53+02:00'), '2023-04-09T00:02:53Z');
    assert.equal(normalizeReleaseTimestamp(1681000000), '2023-04-09T00:26:40Z'); // epoch seconds
    assert.equal(normalizeReleaseTimestamp(1681000000500), '2023-04-09T00:26:40.5Z'); // epoch milliseconds
    assert.equal(normalizeReleaseTimestamp(null), null);
    assert.equal(formatReleaseTimestamp(0), '1970-01-01T00:00:00Z');
  });

  test('unreadable values throw', () => {
    assert.throws(() => normalizeReleaseTimestamp('yesterday'));
    assert.throws(() => normalizeReleaseTimestamp('2023-02-30T00:00:00Zx'));
    assert.throws(() => normalizeReleaseTimestamp(true));
    assert.throws(() => normalizeReleaseTimestamp(Number.NaN));
  });
});
