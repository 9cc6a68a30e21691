/**
 * stats, report, datasets, takedown, index and explore on a PostgreSQL store (a real server the
 * test starts). Figures are checked against counts computed here from the fixture rows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer, type PostgresServer } from '../../test/support/postgres-server.ts';
import { SILENT_PROGRESS } from '../core/progress-sink.ts';
import { toJsonLines, wildChat1MRow } from '../dataset/dataset-test-fixtures.ts';
import { parseSearchQuery } from '../search/query-syntax.ts';
import { createExplorerApp } from '../server/explorer/explorer-app.ts';
import { resolveImportConfig } from '../settings/resolve-import-config.ts';
import { openStoreAt } from '../store/open-store.ts';
import { completedTurn, seedConversation } from '../store/store-contract-fixtures.ts';
import { buildSearchIndex, openSearchIndexAt } from './build-search-index.ts';
import { listDatasetsJob, removeDatasetJob } from './datasets-job.ts';
import { runImportJob } from './import-job.ts';
import { JobError } from './job-error.ts';
import { runReportJob } from './report-job.ts';
import { runStatsJob } from './stats-job.ts';
import { runTakedownJob } from './takedown-job.ts';

const available = findPostgresBinaries() !== null;
if (!available) test('commands on PostgreSQL', { skip: POSTGRES_MISSING_MESSAGE }, () => undefined);

const ROWS = [0, 1, 2, 3].map(wildChat1MRow);

if (available) {
  describe('commands on a PostgreSQL store', () => {
    let server: PostgresServer;
    let databaseUrl = '';
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-pg-commands-'));
    // Nothing may be read from or written to the SQLite store: the data folder holds only the takedown ledger.
    const dataDir = path.join(directory, 'data');
    const location = (): { dataDir: string; databaseUrl: string } => ({ dataDir, databaseUrl });

    before(async () => {
      server = await startPostgresServer();
      databaseUrl = await server.createDatabase();
      const file = path.join(directory, 'rows.jsonl');
      fs.writeFileSync(file, toJsonLines(ROWS));
      await runImportJob(resolveImportConfig([file], { dataset: 'sample', dataDir, databaseUrl }, {}));
      const store = await openStoreAt(location());
      try {
        const { consent, conversation } = await seedConversation(store);
        await completedTurn(store, conversation.id, consent.id);
      } finally {
        await store.close();
      }
    });
    after(async () => {
      await server.stop();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    test('datasets lists what PostgreSQL holds', async () => {
      const listings = await listDatasetsJob(location());
      assert.deepEqual(
        listings.map((listing) => [listing.name, listing.records]),
        [['sample', ROWS.length]],
      );
      assert.equal(fs.existsSync(path.join(dataDir, 'wildchat.sqlite')), false, 'no SQLite store was created');
    });

    test('stats and report read a dataset and the collected logs from PostgreSQL', async () => {
      const document = await runStatsJob({ inputs: ['sample', 'collected'], ...location(), groupBy: null, k: 10, tokenizer: 'o200k_base' });
      const [sample, collected] = document.datasets;
      const users = new Set(ROWS.flatMap((row) => (row.conversation as Array<{ hashed_ip: string | null }>).map((message) => message.hashed_ip))).size - 1;
      assert.deepEqual(sample?.tableOne[0]?.row.conversations, { value: ROWS.length });
      assert.deepEqual(sample?.tableOne[0]?.row.users, { value: users });
      assert.deepEqual(collected?.tableOne[0]?.row.conversations, { value: 1 });
      await assert.rejects(
        runStatsJob({ inputs: ['absent'], ...location(), groupBy: null, k: 10, tokenizer: 'o200k_base' }),
        /no dataset of that name in the PostgreSQL store \(have: collected, sample\)/u,
      );
      const out = path.join(directory, 'report.html');
      const report = await runReportJob({ inputs: ['sample'], ...location(), groupBy: null, k: 10, tokenizer: 'o200k_base', out });
      assert.ok(report.bytes > 0 && fs.readFileSync(out, 'utf8').includes('sample'));
    });

    test('index and explore keep the search index in PostgreSQL', async () => {
      const lines: string[] = [];
      const built = await buildSearchIndex({
        ...location(),
        indexFile: null,
        sources: ['sample', 'collected'],
        raw: true,
        progress: SILENT_PROGRESS,
        log: (line) => lines.push(line),
      });
      assert.match(built.indexFile, /^postgres:\/\/127\.0\.0\.1:\d+\/\w+ \(search_\* tables\)$/u);
      assert.deepEqual(
        built.reports.map((item) => [item.dataset, item.documents]),
        [
          ['sample', ROWS.length],
          ['collected', 1],
        ],
      );
      const { index } = await openSearchIndexAt({ ...location(), indexFile: null }, () => undefined);
      try {
        const found = await index.search({ query: parseSearchQuery('"question number 2"'), filters: {}, sort: 'time-desc', limit: 10 });
        assert.deepEqual(
          found.hits.map((hit) => hit.conversationHash),
          [ROWS[2]?.conversation_hash],
        );
        const app = createExplorerApp({ index, webDir: null, budgetMs: 5000, countCap: 1000, exportLimit: 10, dataLabel: 'test' });
        const body = (await (await app.request('/search.json?q=Canberra&dataset=collected')).json()) as { total: { count: number } };
        assert.equal(body.total.count, 1);
      } finally {
        await index.close();
      }
      const again = await buildSearchIndex({
        ...location(),
        indexFile: null,
        sources: ['sample'],
        raw: false,
        progress: SILENT_PROGRESS,
        log: () => undefined,
      });
      assert.equal(again.reports[0]?.added, 0, 'incremental: nothing new');
    });

    test('takedown finds conversations in PostgreSQL; the ledger stays in the data folder', async () => {
      const target = ROWS[1]?.conversation_hash as string;
      const base = { ...location(), conversationHashes: [], turnIdentifiers: [], hashedIps: [], operator: 'ops', note: 'ticket 7', now: 1_800_000_000_000 };
      const imported = await runTakedownJob({ ...base, dataset: 'sample', turnIdentifiers: [101001] });
      assert.deepEqual(imported.conversationHashes, [target]);
      assert.ok(fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0, 'the ledger was written');
      const store = await openStoreAt(location());
      let turnIdentifier = 0;
      try {
        for await (const batch of store.iterateConversations()) for (const stored of batch) turnIdentifier = stored.turns[0]?.turnIdentifier ?? 0;
      } finally {
        await store.close();
      }
      const collected = await runTakedownJob({ ...base, dataset: null, turnIdentifiers: [turnIdentifier] });
      assert.equal(collected.deletedConversations, 1);
      const reopened = await openStoreAt(location());
      try {
        assert.equal(await reopened.countConversations(), 0);
      } finally {
        await reopened.close();
      }
    });

    test('datasets rm deletes from PostgreSQL and names what exists when the name is wrong', async () => {
      await assert.rejects(
        removeDatasetJob(location(), 'nope'),
        (error: unknown) => error instanceof JobError && /in the PostgreSQL store \(have: sample\)/u.test(error.message),
      );
      await removeDatasetJob(location(), 'sample');
      assert.deepEqual(await listDatasetsJob(location()), []);
    });
  });
}
