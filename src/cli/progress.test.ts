import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createProgress, formatAmount, progressLine } from './progress.ts';

describe('progress', () => {
  test('plain lines off a terminal: at most one per interval, with rate and ETA, and a final line', () => {
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    let clock = 0;
    const progress = createProgress({ stream: output as unknown as NodeJS.WriteStream, lineIntervalSeconds: 5, now: () => clock });
    progress.begin('import a.jsonl', 10_000_000, 'bytes');
    clock = 1000;
    progress.advance(1_000_000);
    clock = 5000;
    progress.advance(1_000_000);
    clock = 6000;
    progress.advance(1_000_000);
    progress.end();
    const lines = chunks.join('').trim().split('\n');
    assert.deepEqual(lines, ['import a.jsonl: 2.0 MB of 10.0 MB (20%), 400.0 kB/s, ETA 20 s', 'import a.jsonl: 3.0 MB of 10.0 MB (30%), 500.0 kB/s, ETA 14 s']);
  });

  test('a finished task ends with one line, without an ETA, even when the interval just printed it', () => {
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    let clock = 0;
    const progress = createProgress({ stream: output as unknown as NodeJS.WriteStream, lineIntervalSeconds: 5, now: () => clock });
    progress.begin('annotate', 3, 'rows');
    clock = 6000;
    progress.advance(3);
    progress.end();
    assert.deepEqual(chunks.join('').trim().split('\n'), ['annotate: 3 rows of 3 rows (100%), 0.5 rows/s']);
  });

  test('amounts and unknown totals', () => {
    assert.equal(formatAmount(1234567, 'rows'), '1,234,567 rows');
    assert.equal(formatAmount(1, 'rows'), '1 row');
    assert.equal(formatAmount(999, 'bytes'), '999 B');
    assert.equal(progressLine('export', 500, null, 'rows', 2), 'export: 500 rows, 250 rows/s');
    assert.equal(progressLine('export', 1, null, 'rows', 5), 'export: 1 row, 0.2 rows/s', 'a slow rate is not rounded to 0');
  });
});
