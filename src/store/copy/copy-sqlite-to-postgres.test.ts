import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer, type PostgresServer } from '../../../test/support/postgres-server.ts';
import { SILENT_PROGRESS } from '../../core/progress-sink.ts';
import { RELEASE_SCHEMA_VERSION, type ReleaseRecord } from '../../schema/release-record.ts';
import { applyStoreMigrations, planStoreMigrations } from '../migrate-store.ts';
import { openStore, SQLITE_FILE_NAME } from '../open-store.ts';
import { openPostgresStore } from '../postgres/open-postgres-store.ts';
import { collect, completedTurn, newConversation, newTurn, seedConversation } from '../store-contract-fixtures.ts';
import { sqliteMigrations } from '../sqlite/migrations.ts';
import { copySqliteToPostgres } from './copy-sqlite-to-postgres.ts';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'wildchat.js');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-copy-'));
let server: PostgresServer | null = null;
after(async () => {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('wildchat migrate (SQLite)', () => {
  test('dry run lists every migration of a new data folder and creates nothing; applying records them', async () => {
    const dataDir = path.join(root, 'fresh');
    const plan = await planStoreMigrations({ dataDir, databaseUrl: null });
    assert.deepEqual(
      plan.pending,
      sqliteMigrations.map((migration) => migration.id),
    );
    assert.equal(fs.existsSync(dataDir), false);
    const dry = spawnSync(process.execPath, [CLI, 'migrate', '--dry-run', '--data-dir', dataDir], { encoding: 'utf8' });
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would apply 0001-raw-log/);
    assert.equal(fs.existsSync(dataDir), false);
    await applyStoreMigrations({ dataDir, databaseUrl: null });
    assert.deepEqual((await planStoreMigrations({ dataDir, databaseUrl: null })).pending, []);
    const again = spawnSync(process.execPath, [CLI, 'migrate', '--data-dir', dataDir], { encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nothing pending/);
  });
});

describe('wildchat migrate --from sqlite: --to postgres://', { skip: findPostgresBinaries() === null ? POSTGRES_MISSING_MESSAGE : false }, () => {
  test('copies every table with the same ids, verifies counts and checksums, resumes without duplicating', async () => {
    server ??= await startPostgresServer();
    const url = await server.createDatabase();
    const dataDir = path.join(root, 'source');
    const source = openStore(dataDir);
    const { consent, conversation } = await seedConversation(source, 1_000);
    const rootTurn = await completedTurn(source, conversation.id, consent.id, { userContent: 'ü中 first' });
    await completedTurn(source, conversation.id, consent.id, { parentTurnId: rootTurn.turnIdentifier, origin: 'regenerate' });
    await source.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: rootTurn.turnIdentifier }));
    const doomed = await source.createConversation(newConversation(consent.id, { createdAt: 2_000 }));
    await completedTurn(source, doomed.id, consent.id);
    await source.deleteConversation(doomed.id, 'user_deleted_conversation', 3_000);
    for (let index = 0; index < 30; index += 1) {
      const other = await seedConversation(source, 4_000 + index);
      await completedTurn(source, other.conversation.id, other.consent.id, { userContent: `message ${index}` });
    }
    const datasets = source.datasets;
    const dataset = await datasets.createOrGetDataset('imported', 10);
    const record = {
      conversation_hash: 'ab'.repeat(16),
      model: 'm',
      timestamp: '2024-01-01T00:00:00Z',
      turn: 1,
      language: 'English',
      conversation: [],
      openai_moderation: null,
      detoxify_moderation: null,
      toxic: null,
      redacted: null,
      state: null,
      country: null,
      hashed_ip: null,
      header: null,
      schema_version: RELEASE_SCHEMA_VERSION,
      conversation_id: 'x',
      source: 'openai',
      system_prompt: null,
      consent_terms_version: null,
      branch: null,
      turn_details: null,
      extra: null,
    } satisfies ReleaseRecord;
    await datasets.insertRecords(dataset.id, [{ rowKey: 'cd'.repeat(32), record }]);
    await source.annotations.putMany('language', 'v1', [{ key: 'k', value: { language: 'English' } }]);
    const expected = (await collect(source.iterateConversations())).flat();
    const expectedTombstones = await source.listTombstones();
    await source.close();

    const first = await copySqliteToPostgres({ sqlitePath: path.join(dataDir, SQLITE_FILE_NAME), postgresUrl: url, progress: SILENT_PROGRESS });
    assert.equal(first.ok, true);
    const byTable = Object.fromEntries(first.tables.map((table) => [table.table, table]));
    assert.equal(byTable['turns']?.copied, 33);
    assert.equal(byTable['consents']?.copied, 31);
    assert.equal(byTable['tombstones']?.copied, 1);
    assert.equal(byTable['dataset_records']?.copied, 1);
    assert.equal(byTable['annotation_cache']?.copied, 1);

    const resumed = await copySqliteToPostgres({ sqlitePath: path.join(dataDir, SQLITE_FILE_NAME), postgresUrl: url, progress: SILENT_PROGRESS });
    assert.equal(resumed.ok, true);
    assert.ok(resumed.tables.every((table) => table.copied === 0));

    const target = await openPostgresStore({ url, maxConnections: 2 });
    try {
      assert.deepEqual((await collect(target.iterateConversations())).flat(), expected);
      assert.deepEqual(await target.listTombstones(), expectedTombstones);
      assert.equal((await target.datasets.listDatasets())[0]?.records, 1);
      assert.deepEqual((await target.annotations.getMany('language', 'v1', ['k'])).get('k'), { language: 'English' });
      const maxCopied = Math.max(...expected.flatMap((item) => item.turns.map((turn) => turn.turnIdentifier)));
      const fresh = await target.insertTurn(newTurn(conversation.id, consent.id));
      assert.ok(fresh.turnIdentifier > maxCopied, 'new turns never reuse a copied identifier');
    } finally {
      await target.close();
    }

    const cli = spawnSync(process.execPath, [CLI, 'migrate', '--from', `sqlite:${dataDir}`, '--to', url], { encoding: 'utf8' });
    assert.equal(cli.status, 1, 'the target now has a turn the source lacks');
    assert.match(cli.stdout, /turns: 33 rows, 0 copied now, MISMATCH/);
    assert.doesNotMatch(cli.stdout + cli.stderr, /postgres:\/\/postgres@/);
  });
});
