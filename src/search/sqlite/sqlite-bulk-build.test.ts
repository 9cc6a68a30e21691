import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { parseSearchQuery } from '../query-syntax.ts';
import { runSearchIndexContract } from '../search-index.contract.ts';
import { fixtureDocuments, fixtureRecord } from '../search-index-fixtures.ts';
import type { SearchIndex } from '../search-index.ts';
import { TargetExistsError } from './durable-file.ts';
import { bulkBuildFile, SqliteBulkBuild } from './sqlite-bulk-build.ts';
import { SqliteSearchIndex } from './sqlite-search-index.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-bulk-build-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));
let counter = 0;
function newTarget(): string {
  counter += 1;
  return path.join(directory, `index-${counter}.sqlite`);
}

async function count(index: SearchIndex, query: string): Promise<number> {
  const result = await index.search({ query: parseSearchQuery(query), filters: {}, sort: 'time-desc', limit: 100, budgetMs: 60_000 });
  return result.total?.count ?? -1;
}

function filesBeside(target: string): string[] {
  return fs.readdirSync(path.dirname(target)).filter((name) => name.startsWith(path.basename(target)));
}

runSearchIndexContract('SQLite FTS5 (bulk load, before its finish)', async () => SqliteBulkBuild.begin(newTarget()).index);
runSearchIndexContract('SQLite FTS5 (bulk built, then updated in place)', async () => {
  const target = newTarget();
  await SqliteBulkBuild.begin(target).finish();
  return new SqliteSearchIndex(target);
});

test('a fresh build is written to a temporary file; the target appears only when it is complete', async () => {
  const target = newTarget();
  const build = SqliteBulkBuild.begin(target);
  const documents = fixtureDocuments();
  for (const document of documents) {
    await build.index.addDocuments([document]);
    assert.deepEqual(filesBeside(target), [path.basename(bulkBuildFile(target, process.pid))], 'only the temporary file exists while loading');
  }
  await build.finish();
  assert.deepEqual(filesBeside(target), [path.basename(target)], 'the temporary file became the target; no -wal or -shm is left');
  const index = new SqliteSearchIndex(target, { readonly: true });
  try {
    assert.equal(await count(index, ''), documents.length);
    assert.equal(await count(index, 'weather'), 4);
    // The file is left as an index in use expects it: WAL, and FTS5 merging back at its defaults.
    assert.equal(index.database.pragma('journal_mode', { simple: true }), 'wal');
    const settings = index.database
      .prepare<[], { k: string; v: number }>("SELECT k, v FROM words_config WHERE k IN ('automerge', 'crisismerge', 'hashsize') ORDER BY k")
      .all();
    assert.deepEqual(settings, [
      { k: 'automerge', v: 4 },
      { k: 'crisismerge', v: 16 },
      { k: 'hashsize', v: 1024 * 1024 },
    ]);
  } finally {
    await index.close();
  }
});

test('an abandoned build leaves neither the target nor its temporary file', async () => {
  const target = newTarget();
  const build = SqliteBulkBuild.begin(target);
  await build.index.addDocuments(fixtureDocuments());
  await build.abandon();
  assert.deepEqual(filesBeside(target), []);
});

test('after a failed write the build cannot be finished, and its file is removed', async () => {
  const target = newTarget();
  const build = SqliteBulkBuild.begin(target);
  await build.index.addDocuments(fixtureDocuments().slice(0, 2));
  // Any failure inside a transaction (here a record that cannot be read): without a journal its
  // rollback leaves the file undefined.
  const [good, bad] = fixtureDocuments().slice(2);
  assert.ok(good !== undefined && bad !== undefined);
  Object.defineProperty(bad.record, 'conversation', {
    get: () => {
      throw new Error('unreadable record');
    },
  });
  await assert.rejects(build.index.addDocuments([good, bad]), /unreadable record/u);
  await assert.rejects(build.finish(), /a write of this bulk load failed/u);
  assert.deepEqual(filesBeside(target), []);
});

test('an index built in bulk takes incremental updates and finds the new documents', async () => {
  const target = newTarget();
  const build = SqliteBulkBuild.begin(target);
  await build.index.addDocuments(fixtureDocuments());
  await build.finish();
  const index = new SqliteSearchIndex(target);
  try {
    assert.equal(index.database.pragma('synchronous', { simple: true }), 1, 'updates run with synchronous NORMAL');
    const added = fixtureRecord({ name: 'added-later', messages: [{ role: 'user', content: 'zanzibar spices' }], time: '2024-03-01T00:00:00Z' });
    assert.deepEqual(await index.addDocuments([{ dataset: 'later', key: '1', record: added }]), { added: 1, replaced: 0, unchanged: 0 });
    assert.equal(await count(index, 'zanzibar'), 1);
    assert.equal(await count(index, 'weather'), 4);
    assert.equal(await count(index, ''), fixtureDocuments().length + 1);
  } finally {
    await index.close();
  }
});

test('a file that appeared at the target during the build is kept, never overwritten', async () => {
  const target = newTarget();
  const build = SqliteBulkBuild.begin(target);
  await build.index.addDocuments(fixtureDocuments());
  fs.writeFileSync(target, 'someone else');
  await assert.rejects(build.finish(), TargetExistsError);
  assert.equal(fs.readFileSync(target, 'utf8'), 'someone else');
  assert.deepEqual(filesBeside(target), [path.basename(target)]);
});

test('the temporary file of a killed build is removed by the next build; a -wal without its database too', async () => {
  const target = newTarget();
  // The id of a process that has exited.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  fs.writeFileSync(bulkBuildFile(target, Number(gone)), 'half written');
  fs.writeFileSync(`${target}-wal`, 'stale');
  const build = SqliteBulkBuild.begin(target);
  assert.deepEqual(filesBeside(target).sort(), [path.basename(`${target}-wal`), path.basename(bulkBuildFile(target, process.pid))].sort());
  await build.index.addDocuments(fixtureDocuments());
  await build.finish();
  assert.deepEqual(filesBeside(target), [path.basename(target)]);
  const index = new SqliteSearchIndex(target);
  try {
    assert.equal(await count(index, 'weather'), 4);
  } finally {
    await index.close();
  }
});
