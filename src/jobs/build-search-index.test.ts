import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { lmsysRow, shareGptRows, toJsonLines } from '../dataset/dataset-test-fixtures.ts';
import { SILENT_PROGRESS, type ProgressSink } from '../core/progress-sink.ts';
import { SqliteSearchIndex } from '../search/sqlite/sqlite-search-index.ts';
import { createExplorerApp } from '../server/explorer/explorer-app.ts';
import { completedTurn, seedConversation } from '../store/store-contract-fixtures.ts';
import { openStore } from '../store/open-store.ts';
import { buildSearchIndex, indexHoldsRawLogs, SEARCH_INDEX_FILE_NAME } from './build-search-index.ts';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-build-index-'));
after(() => fs.rmSync(directory, { recursive: true, force: true }));

test('ShareGPT and LMSYS files and our collected logs end up searchable in one explorer', async () => {
  const dataDir = path.join(directory, 'data');
  fs.mkdirSync(dataDir);
  const store = openStore(dataDir);
  const { consent, conversation } = await seedConversation(store);
  await completedTurn(store, conversation.id, consent.id);
  await store.close();
  const shareGpt = path.join(directory, 'sharegpt.json');
  fs.writeFileSync(shareGpt, JSON.stringify(shareGptRows()));
  const lmsysFolder = path.join(directory, 'lmsys-chat-1m');
  fs.mkdirSync(path.join(lmsysFolder, 'data'), { recursive: true });
  fs.writeFileSync(path.join(lmsysFolder, 'data', 'train-00000-of-00001.jsonl'), toJsonLines([0, 1, 2].map(lmsysRow)));
  const lines: string[] = [];
  const config = { dataDir, indexFile: null, raw: true, progress: SILENT_PROGRESS, log: (line: string) => lines.push(line) };
  const { indexFile, reports } = await buildSearchIndex({ ...config, sources: [shareGpt, lmsysFolder, 'collected'] });
  assert.deepEqual(
    reports.map((report) => [report.dataset, report.documents]),
    [
      ['sharegpt', shareGptRows().length],
      ['lmsys-chat-1m', 3],
      ['collected', 1],
    ],
  );

  const index = new SqliteSearchIndex(indexFile);
  try {
    const app = createExplorerApp({ index, webDir: null, budgetMs: 5000, countCap: 1000, exportLimit: 10, dataLabel: 'test' });
    const body = (await (await app.request('/search.json?facet=dataset')).json()) as { facets: Array<{ values: Array<{ value: string; count: number }> }> };
    assert.deepEqual(body.facets[0]?.values.map((value) => value.value).sort(), ['collected', 'lmsys-chat-1m', 'sharegpt']);
    const canberra = (await (await app.request('/search.json?q=Canberra&dataset=collected')).json()) as { total: { count: number } };
    assert.equal(canberra.total.count, 1);
    assert.equal(await indexHoldsRawLogs(index), true, 'explore refuses to serve this index without --raw');
  } finally {
    await index.close();
  }
  // Running again adds nothing.
  const again = await buildSearchIndex({ ...config, sources: [shareGpt, lmsysFolder, 'collected'] });
  assert.equal(
    again.reports.reduce((sum, report) => sum + report.added, 0),
    0,
  );
});

test('an unreadable file is named; raw logs need the raw flag', async () => {
  const dataDir = path.join(directory, 'other');
  const config = { dataDir, indexFile: null, raw: false, progress: SILENT_PROGRESS, log: () => undefined };
  await assert.rejects(buildSearchIndex({ ...config, sources: [path.join(directory, 'missing.parquet')] }), /missing\.parquet: cannot read \(ENOENT\)/u);
  const broken = path.join(directory, 'broken.parquet');
  fs.writeFileSync(broken, 'this is not parquet');
  await assert.rejects(buildSearchIndex({ ...config, sources: [broken] }), /broken\.parquet/u);
  await assert.rejects(buildSearchIndex({ ...config, sources: ['collected'] }), /--raw/u);
});

/** Records, at every step of the indexing phases, which index files exist beside the target. */
function watchingProgress(indexFile: string, failWhileIndexing = false): { progress: ProgressSink; seen: string[][] } {
  const seen: string[][] = [];
  let indexing = false;
  const progress: ProgressSink = {
    begin: (label) => {
      indexing = label.startsWith('indexing');
    },
    advance: () => {
      if (!indexing) return;
      seen.push(fs.readdirSync(path.dirname(indexFile)).filter((name) => name.startsWith(path.basename(indexFile))));
      if (failWhileIndexing) throw new Error('interrupted');
    },
    end: () => undefined,
  };
  return { progress, seen };
}

test('a first build goes through a temporary file, a failed one leaves no index file, later runs update in place', async () => {
  const dataDir = path.join(directory, 'bulk');
  const shareGpt = path.join(directory, 'bulk-sharegpt.json');
  fs.writeFileSync(shareGpt, JSON.stringify(shareGptRows()));
  const indexFile = path.join(dataDir, SEARCH_INDEX_FILE_NAME);
  const config = { dataDir, indexFile: null, raw: false, log: () => undefined };

  const failing = watchingProgress(indexFile, true);
  await assert.rejects(buildSearchIndex({ ...config, sources: [shareGpt], progress: failing.progress }), /interrupted/u);
  assert.equal(failing.seen.length, 1);
  assert.deepEqual(
    fs.readdirSync(dataDir).filter((name) => name.startsWith(SEARCH_INDEX_FILE_NAME)),
    [],
    'neither the index nor its temporary file is left',
  );

  const first = watchingProgress(indexFile);
  await buildSearchIndex({ ...config, sources: [shareGpt], progress: first.progress });
  assert.ok(first.seen.length > 0);
  for (const names of first.seen) assert.deepEqual(names, [`${SEARCH_INDEX_FILE_NAME}.building-${process.pid}`], 'the target never exists half-written');
  assert.deepEqual(
    fs.readdirSync(dataDir).filter((name) => name.startsWith(SEARCH_INDEX_FILE_NAME)),
    [SEARCH_INDEX_FILE_NAME],
  );

  const lmsysFolder = path.join(directory, 'bulk-lmsys-chat-1m');
  fs.mkdirSync(path.join(lmsysFolder, 'data'), { recursive: true });
  fs.writeFileSync(path.join(lmsysFolder, 'data', 'train-00000-of-00001.jsonl'), toJsonLines([0, 1, 2].map(lmsysRow)));
  const second = watchingProgress(indexFile);
  await buildSearchIndex({ ...config, sources: [shareGpt, lmsysFolder], progress: second.progress });
  assert.ok(second.seen.length > 0);
  for (const names of second.seen) assert.ok(names.includes(SEARCH_INDEX_FILE_NAME) && !names.some((name) => name.includes('.building-')), 'updated in place');
  const index = new SqliteSearchIndex(indexFile, { readonly: true });
  try {
    const counts = Object.fromEntries((await index.listDatasets()).map((dataset) => [dataset.name, dataset.documents]));
    assert.deepEqual(counts, { 'bulk-lmsys-chat-1m': 3, 'bulk-sharegpt': shareGptRows().length });
  } finally {
    await index.close();
  }
});
