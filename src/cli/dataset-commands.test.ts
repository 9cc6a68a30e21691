import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shareGptRows, toJsonLines } from '../dataset/dataset-test-fixtures.ts';

const binPath = fileURLToPath(new URL('../../bin/wildchat.js', import.meta.url));
const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
after(() => fs.rmSync(temporaryRoot, { recursive: true, force: true }));

function wildchat(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(binPath, args, {
    cwd: temporaryRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: temporaryRoot, WILDCHAT_FROM_SOURCE: process.env.WILDCHAT_FROM_SOURCE },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wildchat import / export commands', () => {
  test('import says what it detected and counts; export writes the folder; bad uses are refused', () => {
    const input = path.join(temporaryRoot, 'share.jsonl');
    fs.writeFileSync(input, toJsonLines(shareGptRows()) + '{"id": "bad", "conversations": 7}\n');
    const imported = wildchat('import', input, '--dataset', 'share', '--data-dir', 'data', '--license', 'cc-by-4.0');
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stderr, /detected sharegpt \(rows have conversations\[\{from, value\}\], as ShareGPT\)/);
    assert.match(imported.stdout, /4 rows read, 3 imported, 0 duplicates, 1 malformed/);
    assert.match(imported.stdout, /share\.jsonl line 4: conversations: expected array/);

    const exported = wildchat('export', '--dataset', 'share', '--data-dir', 'data', '--out', 'release', '--format', 'jsonl');
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /exported 3 rows/);
    assert.deepEqual(fs.readdirSync(path.join(temporaryRoot, 'release', 'data')), ['train-00000-of-00001.jsonl']);
    const lines = fs
      .readFileSync(path.join(temporaryRoot, 'release', 'data', 'train-00000-of-00001.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(lines.length, 3);

    assert.match(wildchat('export', '--dataset', 'nope', '--data-dir', 'data', '--out', 'x').stderr, /no dataset named nope .*have: share/);
    const again = wildchat('export', '--dataset', 'share', '--data-dir', 'data', '--out', 'release');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /^wildchat: \S+release already exists; choose another --out or pass --overwrite\n$/, 'a clear error, no stack trace');
    assert.match(wildchat('import', input, '--dataset', 'share', '--data-dir', 'data', '--format', 'parquet').stderr, /export format/);
    assert.match(wildchat('import', input, '--data-dir', 'data').stderr, /--dataset is required/);
    assert.match(wildchat('export', '--data-dir', 'missing', '--out', 'y').stderr, /no wildchat store in/);
  });
});
