import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { privacyGate } from '../../src/analytics/privacy-gate.ts';
import { repeatedPromptsSql } from '../../src/analytics/stats-sql.ts';
import { openStatsSource, statsFilesForPath } from '../../src/dataset/analytics-source.ts';
import { computeStatistics } from '../../src/dataset/analytics-statistics.ts';
import { loadStatsTokenCounter } from '../../src/jobs/stats-job.ts';
import type { ReleaseRecord } from '../../src/schema/release-record.ts';
import { fixtureRecords, writeRecords } from './stats-fixtures.ts';

// Many prompts with equal counts (the text breaks the ties), texts that sort differently by
// UTF-16 and by bytes, blank prompts that never count, all spread over several Parquet shards.
const PROMPTS = ['same text', 'Same text', 'é accent', 'e accent', '\u{1F600} emoji', '\uFF21 fullwidth', '  padded  ', 'padded'];

function recordsWithTies(): ReleaseRecord[] {
  const records = fixtureRecords(480, 7);
  records.forEach((record, index) => {
    const first = record.conversation.find((message) => message.role === 'user');
    if (first === undefined) return;
    if (index % 3 === 0) first.content = `prompt ${index % 45}`;
    else if (index % 3 === 1) first.content = PROMPTS[index % PROMPTS.length] as string;
    else if (index % 10 === 2) first.content = '   ';
  });
  return records;
}

describe('repeated first prompts from the scan hashes', () => {
  let root: string;
  let folder: string;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-prompts-'));
    folder = await writeRecords(recordsWithTies(), path.join(root, 'shards'), 'parquet', 70);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test('equal the full second pass over the texts, ties and order included', async () => {
    const source = await openStatsSource(statsFilesForPath(folder), { threads: 2 });
    try {
      assert.ok(source.files.files.length > 1, 'several shards');
      for (const k of [1, 2, 4, 100]) {
        const stats = await computeStatistics(source, { groupBy: null, k, tokenizer: 'dataset', loadCounter: loadStatsTokenCounter });
        const fullPass = (await source.connection.runAndReadAll(repeatedPromptsSql(k, 25))).getRowObjectsJS();
        const expected = privacyGate(
          fullPass.map((row) => ({ prompt: String(row.prompt), conversations: Number(row.conversations), users: Number(row.users) })),
          k,
        );
        assert.deepEqual(stats.safety.repeatedPrompts.items, expected, `k = ${k}`);
        if (k <= 2) assert.equal(expected.length, 25, `k = ${k}: more candidates than shown, so ties are cut`);
      }
    } finally {
      source.close();
    }
  });
});
