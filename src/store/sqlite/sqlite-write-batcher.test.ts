import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { completion, newTurn, seedConversation } from '../store-contract-fixtures.ts';
import { openSqliteStore, sqliteDatabaseOf } from './open-sqlite-store.ts';
import { SqliteWriteBatcher } from './sqlite-write-batcher.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

const temporaryRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
after(() => fs.rmSync(temporaryRoot, { recursive: true, force: true }));

let fileCounter = 0;
function freshFile(): string {
  fileCounter += 1;
  return path.join(temporaryRoot, `batch-${fileCounter}.sqlite`);
}

function openNotes(file: string): Database.Database {
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.exec('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)');
  return database;
}

function countNotes(file: string): number {
  const reader = new Database(file, { readonly: true });
  try {
    return reader.prepare('SELECT count(*) FROM notes').pluck().get() as number;
  } finally {
    reader.close();
  }
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`gave up waiting for ${what}`);
}

describe('SqliteWriteBatcher', () => {
  test('writes queued in one tick share one transaction and settle only after it committed', async () => {
    const file = freshFile();
    const database = openNotes(file);
    try {
      const batcher = new SqliteWriteBatcher(database);
      const insert = database.prepare('INSERT INTO notes (body) VALUES (?)');
      const seenInsideSecond: { inTransaction: boolean; rowsBefore: number }[] = [];
      const first = batcher.enqueue(() => Number(insert.run('first').lastInsertRowid));
      const second = batcher.enqueue(() => {
        seenInsideSecond.push({
          inTransaction: database.inTransaction,
          rowsBefore: database.prepare('SELECT count(*) FROM notes').pluck().get() as number,
        });
        return Number(insert.run('second').lastInsertRowid);
      });
      // Nothing runs before the next turn of the event loop.
      assert.equal(countNotes(file), 0);
      const firstId = await first;
      // Another connection sees both rows as soon as the first caller resumes: the commit came first.
      assert.equal(countNotes(file), 2);
      assert.equal(await second, firstId + 1);
      assert.deepEqual(seenInsideSecond, [{ inTransaction: true, rowsBefore: 1 }]);
    } finally {
      database.close();
    }
  });

  test('a failing write is undone and rejected alone; the rest of the batch commits', async () => {
    const file = freshFile();
    const database = openNotes(file);
    try {
      const batcher = new SqliteWriteBatcher(database);
      const insert = database.prepare('INSERT INTO notes (body) VALUES (?)');
      const good = batcher.enqueue(() => insert.run('kept'));
      const bad = batcher.enqueue(() => {
        insert.run('undone');
        insert.run('kept'); // violates UNIQUE after a first insert that must be rolled back too
      });
      const later = batcher.enqueue(() => insert.run('also kept'));
      await good;
      await assert.rejects(bad, /UNIQUE/);
      await later;
      const bodies = database.prepare('SELECT body FROM notes ORDER BY id').pluck().all();
      assert.deepEqual(bodies, ['kept', 'also kept']);
    } finally {
      database.close();
    }
  });

  test('when the commit cannot happen every write of the batch is rejected and none is applied', async () => {
    const file = freshFile();
    const database = openNotes(file);
    const other = new Database(file);
    try {
      database.pragma('busy_timeout = 0');
      const batcher = new SqliteWriteBatcher(database);
      const insert = database.prepare('INSERT INTO notes (body) VALUES (?)');
      // Another connection holds the write lock for the whole tick.
      other.exec('BEGIN IMMEDIATE');
      const writes = [batcher.enqueue(() => insert.run('one')), batcher.enqueue(() => insert.run('two'))];
      const outcomes = await Promise.allSettled(writes);
      other.exec('ROLLBACK');
      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        ['rejected', 'rejected'],
      );
      assert.equal(countNotes(file), 0);
    } finally {
      other.close();
      database.close();
    }
  });

  test('flush() commits the queue at once, in order, before a write that must not overtake it', async () => {
    const file = freshFile();
    const database = openNotes(file);
    try {
      const batcher = new SqliteWriteBatcher(database);
      const insert = database.prepare('INSERT INTO notes (body) VALUES (?)');
      const queued = batcher.enqueue(() => insert.run('queued'));
      batcher.flush();
      insert.run('direct');
      await queued;
      assert.deepEqual(database.prepare('SELECT body FROM notes ORDER BY id').pluck().all(), ['queued', 'direct']);
      assert.equal(batcher.takeCommittedFlag(), true);
      assert.equal(batcher.takeCommittedFlag(), false);
    } finally {
      database.close();
    }
  });
});

describe('SQLite store group commit and checkpoints', () => {
  test('close() commits writes still queued and leaves no WAL behind', async () => {
    const file = freshFile();
    const store = openSqliteStore({ path: file });
    const { consent, conversation } = await seedConversation(store);
    const inserted = await store.insertTurn(newTurn(conversation.id, consent.id));
    // Not awaited: still queued when close() runs.
    const completing = store.completeTurn(inserted.turnIdentifier, completion({ assistantContent: 'the queued reply' }));
    await store.close();
    await completing;
    assert.equal(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0, false);
    const reopened = openSqliteStore({ path: file, readonly: true });
    try {
      const turn = await reopened.getTurn(inserted.turnIdentifier);
      assert.equal(turn?.status, 'complete');
      assert.equal(turn?.assistantContent, 'the queued reply');
    } finally {
      await reopened.close();
    }
  });

  test('the writer no longer checkpoints every few pages; the timer copies committed text into the main file', async () => {
    const file = freshFile();
    const store = openSqliteStore({ path: file });
    try {
      assert.equal(sqliteDatabaseOf(store).pragma('wal_autocheckpoint', { simple: true }), 10_000);
      const marker = 'checkpoint-marker-7f3a';
      const { consent, conversation } = await seedConversation(store);
      const turn = await store.insertTurn(newTurn(conversation.id, consent.id, { userContent: marker }));
      assert.equal((await store.getTurn(turn.turnIdentifier))?.userContent, marker);
      assert.equal(fs.readFileSync(file).includes(marker), false, 'the text is only in the WAL so far');
      // A fast checkpointer on the same handle, so the test need not wait for the default second.
      const checkpointer = new WalCheckpointer(sqliteDatabaseOf(store), { intervalMilliseconds: 10, takeDirtyFlag: () => true });
      try {
        await waitUntil(() => fs.readFileSync(file).includes(marker), 'the checkpoint to reach the main file');
      } finally {
        checkpointer.stop();
      }
    } finally {
      await store.close();
    }
  });

  test('a serving store checkpoints from a worker thread on its own connection, and closes with no WAL left', async () => {
    const file = freshFile();
    const store = openSqliteStore({ path: file });
    const marker = 'worker-checkpoint-marker-41c9';
    const { consent, conversation } = await seedConversation(store);
    const turn = await store.insertTurn(newTurn(conversation.id, consent.id, { userContent: marker }));
    assert.equal(fs.readFileSync(file).includes(marker), false, 'the text is only in the WAL so far');
    const checkpointer = new WalCheckpointer(sqliteDatabaseOf(store), { intervalMilliseconds: 10, takeDirtyFlag: () => true, inWorker: true });
    try {
      await waitUntil(() => fs.readFileSync(file).includes(marker), 'the worker checkpoint to reach the main file');
    } finally {
      checkpointer.stop();
    }
    await store.close();
    assert.equal(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0, false);
    const reopened = openSqliteStore({ path: file, readonly: true });
    try {
      assert.equal((await reopened.getTurn(turn.turnIdentifier))?.userContent, marker);
    } finally {
      await reopened.close();
    }
  });

  test('openSqliteStore with checkpointInWorker serves writes and closes cleanly', async () => {
    const file = freshFile();
    const store = openSqliteStore({ path: file, checkpointInWorker: true });
    const { consent, conversation } = await seedConversation(store);
    const inserted = await store.insertTurn(newTurn(conversation.id, consent.id));
    await store.completeTurn(inserted.turnIdentifier, completion({ assistantContent: 'written while the worker runs' }));
    await store.close();
    assert.equal(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0, false);
    const reopened = openSqliteStore({ path: file, readonly: true });
    try {
      assert.equal((await reopened.getTurn(inserted.turnIdentifier))?.assistantContent, 'written while the worker runs');
    } finally {
      await reopened.close();
    }
  });
});
