import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatsDocument } from '../../src/analytics/dataset-statistics.ts';
import { shareGptRows, toJsonLines } from '../../src/dataset/dataset-test-fixtures.ts';
import { plantConversations } from '../release/planted-store.ts';
import { fixtureRecords, referenceStats, writeRecords } from './stats-fixtures.ts';

const binPath = fileURLToPath(new URL('../../bin/wildchat.js', import.meta.url));
let root: string;
let dataDir: string;
let hubFolder: string;

function wildchat(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: root, WILDCHAT_FROM_SOURCE: process.env.WILDCHAT_FROM_SOURCE },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-cli-'));
  dataDir = path.join(root, 'data');
  await plantConversations(dataDir);
  const share = path.join(root, 'share.jsonl');
  fs.writeFileSync(share, toJsonLines(shareGptRows()));
  const imported = wildchat(['import', share, '--dataset', 'sharegpt-sample', '--data-dir', dataDir, '--license', 'cc-by-4.0']);
  assert.equal(imported.status, 0, imported.stderr);
  // A Hub-layout folder with WildChat-1M's 14 columns only (as downloaded from allenai/WildChat-1M).
  hubFolder = await writeRecords(fixtureRecords(60), path.join(root, 'WildChat-1M'), 'parquet', 1_000_000, 'wildchat-1m');
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('wildchat stats (CLI)', () => {
  test('Table 1 for a collected dataset, an imported ShareGPT dataset and a Hub-layout Parquet folder, side by side', () => {
    const table = wildchat(['stats', 'collected', 'sharegpt-sample', hubFolder, '--data-dir', dataDir, '--tokenizer', 'o200k_base']);
    assert.equal(table.status, 0, table.stderr);
    const header = table.stdout.split('\n')[1] ?? '';
    assert.match(header, /collected\s+sharegpt-sample\s+WildChat-1M/);
    assert.match(table.stdout, /#users \(distinct hashed IPs\)/);
    assert.match(table.stdout, /sharegpt-sample: no row carries a hashed_ip/);
    assert.match(table.stdout, /tokens: counted here with the o200k_base/);

    const json = wildchat(['stats', 'collected', 'sharegpt-sample', hubFolder, '--data-dir', dataDir, '--format', 'json', '--tokenizer', 'none']);
    assert.equal(json.status, 0, json.stderr);
    const document = JSON.parse(json.stdout) as StatsDocument;
    assert.equal(document.format, 'wildchat-stats');
    assert.deepEqual(
      document.datasets.map((dataset) => dataset.input.kind),
      ['store-collected', 'store-dataset', 'files'],
    );
    const [collected, share, hub] = document.datasets;
    assert.equal(share?.tableOne[0]?.row.conversations.value, shareGptRows().length);
    assert.equal(share?.tableOne[0]?.row.users.value, null);
    const hubRecords = fixtureRecords(60);
    assert.equal(hub?.tableOne[0]?.row.users.value, referenceStats(hubRecords).users);
    assert.ok((collected?.tableOne[0]?.row.conversations.value ?? 0) > 0);
    assert.ok((collected?.tableOne[0]?.row.users.value ?? 0) > 0);

    const csv = wildchat(['stats', hubFolder, '--format', 'csv', '--tokenizer', 'none']);
    assert.equal(csv.status, 0, csv.stderr);
    assert.match(csv.stdout.split('\n')[0] ?? '', /^dataset,group,statistic,value,std,tokenizer,missing_reason$/);
    const markdown = wildchat(['stats', hubFolder, '--format', 'markdown', '--tokenizer', 'none', '--by', 'language']);
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.match(markdown.stdout, /^\|\s+\| WildChat-1M · /);
  });

  test('bad input: a clear error naming the file (and line), never a stack trace', () => {
    const truncated = path.join(root, 'truncated.parquet');
    const whole = fs.readFileSync(fs.readdirSync(path.join(hubFolder, 'data')).map((name) => path.join(hubFolder, 'data', name))[0] as string);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const broken = path.join(root, 'broken.jsonl');
    fs.writeFileSync(
      broken,
      `${JSON.stringify({ conversation: [{ content: 'hi', role: 'user' }] })}\n{"conversation": [{"content": "cut\n${JSON.stringify({ conversation: [] })}\n`,
    );
    const noConversation = path.join(root, 'no-conversation.jsonl');
    fs.writeFileSync(noConversation, `${JSON.stringify({ model: 'x', messages: [] })}\n`);
    const garbage = path.join(root, 'garbage.parquet');
    fs.writeFileSync(garbage, 'PAR1 this is not parquet at all');
    const cases: [string[], RegExp][] = [
      [[truncated], /truncated\.parquet: not a readable Parquet file/],
      [[garbage], /garbage\.parquet: not a readable Parquet file/],
      [[broken], /broken\.jsonl: line 2 is not valid JSON/],
      [[noConversation], /no-conversation\.jsonl: no column "conversation"/],
      [['no-such-dataset', '--data-dir', dataDir], /no-such-dataset: no such file or folder, and no dataset of that name.*have: collected, sharegpt-sample/],
      [[hubFolder, '--format', 'parquet'], /--format parquet is not a stats output/],
    ];
    for (const [args, expected] of cases) {
      const result = wildchat(['stats', ...args, '--tokenizer', 'none']);
      assert.notEqual(result.status, 0, `${args.join(' ')} should fail`);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /\n\s+at |unexpected error/, `no stack trace for ${args.join(' ')}`);
      assert.equal(result.stdout, '', 'no partial table on stdout');
    }
  });
});
