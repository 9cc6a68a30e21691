import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore, SQLITE_FILE_NAME } from '../open-store.ts';
import { completedTurn, newConversation, newTurn, seedConversation } from '../store-contract-fixtures.ts';
import { runStoreContract } from '../store.contract.ts';
import type { Store } from '../store.ts';
import { applySqliteMigrations, listAppliedMigrations } from './apply-sqlite-migrations.ts';
import { sqliteMigrations } from './migrations.ts';
import { openSqliteStore, sqliteDatabaseOf } from './open-sqlite-store.ts';

const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
after(() => fs.rmSync(temporaryRoot, { recursive: true, force: true }));

let folderCounter = 0;
function freshFolder(): string {
  folderCounter += 1;
  return path.join(temporaryRoot, `store-${folderCounter}`);
}

runStoreContract('SQLite in memory', async () => openSqliteStore({ path: ':memory:' }));

runStoreContract('SQLite file', async () => openStore(freshFolder()));

describe('SQLite store', () => {
  test("a consent's conversation count follows other connections' writes and deletions", async () => {
    const folder = freshFolder();
    const serving = openStore(folder);
    const other = openStore(folder);
    try {
      const { consent, conversation } = await seedConversation(serving);
      assert.equal(await serving.countConversationsOfConsent(consent.id, 100), 1);
      await serving.createConversation(newConversation(consent.id));
      assert.equal(await serving.countConversationsOfConsent(consent.id, 100), 2);
      // Another process (a takedown, a second command) writes the same file.
      await other.createConversation(newConversation(consent.id));
      await other.createConversation(newConversation(consent.id));
      assert.equal(await serving.countConversationsOfConsent(consent.id, 100), 4);
      assert.equal(await serving.countConversationsOfConsent(consent.id, 3), 3);
      await other.deleteConversation(conversation.id, 'operator', 10_000);
      assert.equal(await serving.countConversationsOfConsent(consent.id, 100), 3);
      await serving.deleteConsentData(consent.id, 20_000);
      assert.equal(await serving.countConversationsOfConsent(consent.id, 100), 0);
    } finally {
      await other.close();
      await serving.close();
    }
  });

  test('creates a private folder and file, WAL mode and the safety pragmas', async () => {
    const folder = path.join(freshFolder(), 'nested');
    const store = openStore(folder);
    try {
      assert.equal(store.kind, 'sqlite');
      assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(folder, SQLITE_FILE_NAME)).mode & 0o777, 0o600);
      // The WAL holds the latest messages until a checkpoint: it must be as private as the database.
      await store.createConsent({
        tokenHash: 'a'.repeat(64),
        termsVersion: 'v1',
        consentedAt: 1,
        context: { hashedIp: 'b'.repeat(64), ipKeyId: 'k1', country: null, state: null, userAgent: null, acceptLanguage: null },
      });
      for (const suffix of ['-wal', '-shm']) {
        assert.equal(fs.statSync(path.join(folder, SQLITE_FILE_NAME + suffix)).mode & 0o777, 0o600, `${suffix} is private`);
      }
      const database = sqliteDatabaseOf(openSqliteStore({ path: path.join(folder, SQLITE_FILE_NAME), readonly: true }));
      try {
        assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
      } finally {
        database.close();
      }
      const own = sqliteDatabaseOf(store as ReturnType<typeof openSqliteStore>);
      assert.equal(own.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(own.pragma('foreign_keys', { simple: true }), 1);
      assert.equal(own.pragma('secure_delete', { simple: true }), 1);
      assert.equal(own.pragma('synchronous', { simple: true }), 1);
    } finally {
      await store.close();
    }
  });

  test('migrations are recorded once and reopening is idempotent', async () => {
    const folder = freshFolder();
    const expected = sqliteMigrations.map((migration) => migration.id);
    const first = openStore(folder);
    const { consent, conversation } = await seedConversation(first);
    await first.close();
    const second = openSqliteStore({ path: path.join(folder, SQLITE_FILE_NAME) });
    try {
      assert.deepEqual(listAppliedMigrations(sqliteDatabaseOf(second)), [...expected].sort());
      assert.deepEqual(applySqliteMigrations(sqliteDatabaseOf(second), sqliteMigrations), []);
      assert.deepEqual(await second.getConversation(conversation.id), conversation);
      assert.deepEqual(await second.getConsent(consent.id), consent);
    } finally {
      await second.close();
    }
  });

  test('a failing migration rolls back completely and is not recorded', () => {
    const database = new Database(':memory:');
    try {
      assert.deepEqual(applySqliteMigrations(database, [{ id: '0001-good', sql: 'CREATE TABLE good (x INTEGER)' }]), ['0001-good']);
      assert.throws(
        () => applySqliteMigrations(database, [{ id: '0002-bad', sql: 'CREATE TABLE half (x INTEGER); INSERT INTO missing VALUES (1);' }]),
        /0002-bad/,
      );
      assert.deepEqual(listAppliedMigrations(database), ['0001-good']);
      const half = database.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get();
      assert.equal(half, 0);
      assert.throws(
        () =>
          applySqliteMigrations(database, [
            { id: 'x', sql: '' },
            { id: 'x', sql: '' },
          ]),
        /duplicate/,
      );
    } finally {
      database.close();
    }
  });

  test('a committed turn survives closing and reopening the file', async () => {
    const folder = freshFolder();
    const writer = openStore(folder);
    const { consent, conversation } = await seedConversation(writer);
    const done = await completedTurn(writer, conversation.id, consent.id);
    const inFlight = await writer.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: done.turnIdentifier }));
    await writer.recordProgress(inFlight.turnIdentifier, { assistantContent: 'Partial', firstTokenAt: 5, lastTokenAt: 5 });
    await writer.close();

    const reader = openStore(folder);
    try {
      assert.deepEqual(await reader.getTurn(done.turnIdentifier), done);
      assert.equal(await reader.markInterruptedTurns(), 1);
      const interrupted = await reader.getTurn(inFlight.turnIdentifier);
      assert.equal(interrupted?.status, 'interrupted');
      assert.equal(interrupted?.assistantContent, 'Partial');
    } finally {
      await reader.close();
    }
  });

  test('turn identifiers are never reused after a deletion', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    try {
      const { consent, conversation } = await seedConversation(store);
      const deleted = await completedTurn(store, conversation.id, consent.id);
      await store.deleteConversation(conversation.id, 'operator', 10);
      const again = await seedConversation(store);
      const next = await completedTurn(store, again.conversation.id, again.consent.id);
      assert.ok(next.turnIdentifier > deleted.turnIdentifier);
    } finally {
      await store.close();
    }
  });

  test('read-only: reads work, writes fail, an unmigrated or missing file is refused', async () => {
    const folder = freshFolder();
    const writer = openStore(folder);
    const { consent } = await seedConversation(writer);
    await writer.close();
    const file = path.join(folder, SQLITE_FILE_NAME);
    const reader = openSqliteStore({ path: file, readonly: true });
    try {
      assert.equal((await reader.getConsent(consent.id))?.id, consent.id);
      await assert.rejects(reader.createConversation({ consentId: consent.id, source: 'native', createdAt: 1 }), /readonly/);
    } finally {
      await reader.close();
    }
    assert.throws(() => openSqliteStore({ path: path.join(folder, 'missing.sqlite'), readonly: true }));
    const blank = path.join(folder, 'blank.sqlite');
    new Database(blank).close();
    assert.throws(() => openSqliteStore({ path: blank, readonly: true }), /migrations not applied/);
  });

  test('deleted text is gone from the database file and the WAL', async () => {
    const folder = freshFolder();
    const file = path.join(folder, SQLITE_FILE_NAME);
    const secret = 'ZQXJ-kumquat-7781-deletion-probe';
    // Long enough to spill into overflow pages, which are freed rather than rewritten in place.
    const longSecret = `${secret} `.repeat(600);
    const store: Store = openStore(folder);
    try {
      const { consent, conversation } = await seedConversation(store);
      const kept = await seedConversation(store);
      await completedTurn(store, kept.conversation.id, kept.consent.id, { userContent: 'keep me' });
      await completedTurn(store, conversation.id, consent.id, { userContent: `short ${secret}` }, { assistantContent: longSecret });
      await store.renameConversation(conversation.id, secret, 50);
      const rawBytes = () => Buffer.concat([file, `${file}-wal`].filter((name) => fs.existsSync(name)).map((name) => fs.readFileSync(name)));
      assert.ok(rawBytes().includes(secret), 'the probe must be on disk before the deletion');

      await store.deleteConversation(conversation.id, 'user_deleted_conversation', 100);
      assert.equal(rawBytes().includes(secret), false);
      assert.ok(rawBytes().includes('keep me'));

      await completedTurn(store, kept.conversation.id, kept.consent.id, { userContent: secret });
      await store.deleteConsentData(kept.consent.id, 200);
      assert.equal(rawBytes().includes(secret), false);
    } finally {
      await store.close();
    }
  });

  test("a deletion during another connection's read does not wait, and the WAL is emptied once the read ends", async () => {
    const folder = freshFolder();
    const file = path.join(folder, SQLITE_FILE_NAME);
    const secret = 'WQPX-persimmon-4410-reader-probe';
    const store = openSqliteStore({ path: file, scrubRetryMilliseconds: 5 });
    const reader = new Database(file);
    try {
      const { consent, conversation } = await seedConversation(store);
      await completedTurn(store, conversation.id, consent.id, { userContent: secret });
      reader.exec('BEGIN');
      assert.equal(reader.prepare('SELECT count(*) FROM turns').pluck().get(), 1);
      await store.deleteConversation(conversation.id, 'user_deleted_conversation', 100);
      assert.equal(store.scrubDeletedPages(), false, 'the open snapshot still needs the old pages');
      reader.exec('COMMIT');
      const rawBytes = () => Buffer.concat([file, `${file}-wal`].filter((name) => fs.existsSync(name)).map((name) => fs.readFileSync(name)));
      // The background retry empties the WAL on its own; bounded so a regression fails instead of hanging.
      for (let attempt = 0; attempt < 200 && rawBytes().includes(secret); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(rawBytes().includes(secret), false);
    } finally {
      reader.close();
      await store.close();
    }
  });
});
