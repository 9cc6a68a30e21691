import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAiRows, shareGptRows, toJsonLines } from '../dataset/dataset-test-fixtures.ts';
import { JobError } from '../jobs/job-error.ts';
import { createProgram } from './create-program.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-datasets-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

async function wildchat(...args: string[]): Promise<string> {
  const printed: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((text: string) => printed.push(text) > 0) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await createProgram()
      .exitOverride()
      .parseAsync(['node', 'wildchat', ...args]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeError;
  }
  return printed.join('');
}

test('wildchat datasets lists counts, sources and size (also as JSON) and rm deletes one', async () => {
  const dataDir = path.join(directory, 'data');
  const share = path.join(directory, 'share.jsonl');
  const openai = path.join(directory, 'openai.jsonl');
  fs.writeFileSync(share, toJsonLines(shareGptRows()));
  fs.writeFileSync(openai, toJsonLines(openAiRows()));
  assert.match(await wildchat('datasets', '--data-dir', dataDir), /no imported datasets/);
  await wildchat('import', share, '--dataset', 'share', '--data-dir', dataDir, '--license', 'cc-by-4.0');
  await wildchat('import', openai, '--dataset', 'chats', '--data-dir', dataDir, '--license', 'other');

  const listed = JSON.parse(await wildchat('datasets', '--json', '--data-dir', dataDir)) as {
    name: string;
    records: number;
    sources: string[];
    bytes: number;
  }[];
  assert.deepEqual(
    listed.map((item) => [item.name, item.records, item.sources]).sort(),
    [
      ['chats', openAiRows().length, ['openai']],
      ['share', shareGptRows().length, ['sharegpt']],
    ].sort(),
  );
  assert.ok(listed.every((item) => item.bytes > 100));
  const table = await wildchat('datasets', '--data-dir', dataDir);
  assert.match(table, /^name\s+conversations\s+sources\s+licence\s+size\s+imported$/m);
  assert.match(table, /^share\s+\d+\s+sharegpt\s+cc-by-4\.0\s+[\d.]+ kB/m);

  assert.equal(await wildchat('datasets', 'rm', 'share', '--data-dir', dataDir), 'deleted dataset share\n');
  assert.deepEqual(
    (JSON.parse(await wildchat('datasets', '--json', '--data-dir', dataDir)) as { name: string }[]).map((item) => item.name),
    ['chats'],
  );
  await assert.rejects(
    wildchat('datasets', 'rm', 'share', '--data-dir', dataDir),
    (error: unknown) => error instanceof JobError && /no dataset named share .*have: chats/.test(error.message),
  );
});
