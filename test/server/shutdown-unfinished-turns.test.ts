/**
 * A graceful shutdown leaves no turn pending or streaming on PostgreSQL either: when a turn's
 * completion write fails (here a trigger refuses it, standing in for any error that is not a
 * database restart, which the store retries), the turn is marked interrupted at its last flushed
 * token before the store closes, not only at the next start.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { startServer } from '../../src/cli/start-server.ts';
import { resolveServeConfig } from '../../src/settings/resolve-serve-config.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer, type PostgresServer } from '../support/postgres-server.ts';

const skip = findPostgresBinaries() === null ? POSTGRES_MISSING_MESSAGE : false;

async function json(response: Response): Promise<Record<string, unknown>> {
  assert.ok(response.ok, `HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

describe('graceful shutdown on PostgreSQL', { skip }, () => {
  let postgres: PostgresServer;
  let upstream: UpstreamDouble;
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-shutdown-'));

  before(async () => {
    postgres = await startPostgresServer();
    upstream = await startUpstreamDouble({ chunkCount: 4 });
  });
  after(async () => {
    await upstream.close();
    await postgres.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  test('a turn whose completion write failed is marked interrupted, not left streaming', async () => {
    const databaseUrl = await postgres.createDatabase();
    const config = resolveServeConfig(
      { port: '0', dataDir: path.join(dataRoot, 'data'), upstreamUrl: upstream.baseUrl, databaseUrl, models: 'double-small', flushIntervalMs: '10' },
      {},
    );
    // The reply's first piece arrives, then the upstream goes quiet: the turn is streaming when the shutdown begins.
    upstream.injectFault({ type: 'stall_mid_stream', afterChunks: 1 });
    const running = await startServer(config, { logger: pino({ level: 'silent' }), closeGraceMs: 2000 });
    const database = new pg.Client({ connectionString: databaseUrl });
    await database.connect();
    try {
      const terms = await json(await fetch(`${running.url}/api/terms`));
      const consent = await json(
        await fetch(`${running.url}/api/consent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accepted: true, termsVersion: terms.version }),
        }),
      );
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${String(consent.token)}` };
      const created = await json(await fetch(`${running.url}/api/conversations`, { method: 'POST', headers, body: '{}' }));
      const conversationId = String((created.conversation as { id: string }).id);
      const response = await fetch(`${running.url}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ content: 'hello there', parentTurnId: null }),
      });
      assert.equal(response.status, 200);
      const reader = response.body!.getReader();
      while ((await database.query<{ status: string }>('SELECT status FROM turns')).rows[0]?.status !== 'streaming') {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Only the completion carries a path hash: marking the turn interrupted still goes through.
      await database.query(`CREATE FUNCTION refuse_completion() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.path_hash IS NOT NULL THEN RAISE EXCEPTION 'completion refused'; END IF; RETURN NEW; END $$`);
      await database.query('CREATE TRIGGER refuse_completion BEFORE UPDATE ON turns FOR EACH ROW EXECUTE FUNCTION refuse_completion()');
      const closing = running.close();
      while (!(await reader.read().catch(() => ({ done: true }))).done);
      await closing;
    } finally {
      await running.close();
    }
    try {
      const { rows } = await database.query<{ status: string; assistant_content: string; completed_at: string | null; last_token_at: string | null }>(
        'SELECT status, assistant_content, completed_at, last_token_at FROM turns',
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.status, 'interrupted');
      assert.notEqual(rows[0]?.assistant_content, '', 'the text the user saw is kept');
      assert.notEqual(rows[0]?.last_token_at, null);
      assert.equal(rows[0]?.completed_at, rows[0]?.last_token_at, 'the turn ends at its last flushed token');
    } finally {
      await database.end();
    }
  });
});
