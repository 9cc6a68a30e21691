/**
 * Two real `wildchat serve` processes (child processes) on one PostgreSQL, and a client that
 * alternates between them: a consent made on one works on the other, a resent history links to
 * the conversation the other instance started, both hash IPs with the one key in the database,
 * the per-IP rate limit holds across both, the kill switch set on one reaches the other within
 * 1 s, and a deletion on one is seen by the other. Then PostgreSQL is restarted under load.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres/open-postgres-store.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../doubles/upstream-double.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer, type PostgresServer } from '../support/postgres-server.ts';
import { consentAt, startCliServer, type CliServer } from './cli-process.ts';
import { authHeaders } from './server-harness.ts';

const ADMIN_TOKEN = 'operator-token-for-tests-0123456789';
const RATE_LIMIT = 6;
const skip = findPostgresBinaries() === null ? POSTGRES_MISSING_MESSAGE : false;

interface Completion {
  id: string;
  choices: { message: { content: string } }[];
}

describe('two serve instances on one PostgreSQL', { skip }, () => {
  let postgres: PostgresServer;
  let upstream: UpstreamDouble;
  let databaseUrl: string;
  const folders: string[] = [];
  const servers: CliServer[] = [];

  before(async () => {
    postgres = await startPostgresServer();
    databaseUrl = await postgres.createDatabase();
    upstream = await startUpstreamDouble({ models: ['double-small'] });
    upstream.setReply(() => ({ text: 'An answer in three parts.', chunkCount: 3 }));
    // Both start at once: the advisory lock lets exactly one of them migrate.
    const started = await Promise.all(
      [0, 1].map(() => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-'));
        folders.push(dataDir);
        return startCliServer(
          [
            '--data-dir',
            dataDir,
            '--upstream-url',
            upstream.baseUrl,
            '--models',
            'double-small',
            '--trust-proxy',
            '--rate-limit-per-minute',
            String(RATE_LIMIT),
            '--max-concurrent-streams',
            '50',
            '--network-rate-limit-per-minute',
            '100000',
            // The restart test sends several hundred one-turn conversations per consent.
            '--max-conversations-per-consent',
            '1000',
          ],
          { DATABASE_URL: databaseUrl, WILDCHAT_ADMIN_TOKEN: ADMIN_TOKEN, WILDCHAT_LOG_LEVEL: 'warn' },
        );
      }),
    );
    servers.push(...started);
  });

  after(async () => {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) await server.kill();
    await upstream?.close();
    await postgres?.stop();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  const url = (index: number): string => servers[index % 2]!.url;

  const consent = (index: number, ip: string): Promise<string> => consentAt(url(index), ip);

  function complete(index: number, token: string, ip: string, messages: { role: string; content: string }[]): Promise<Response> {
    return fetch(`${url(index)}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token, { 'x-forwarded-for': ip }),
      body: JSON.stringify({ model: 'double-small', messages }),
    });
  }

  test('a consent, a conversation, the IP key and a deletion are shared; the history links across instances', async () => {
    const ip = '203.0.113.10';
    const token = await consent(0, ip);
    const first = await complete(0, token, ip, [{ role: 'user', content: 'Name three rivers.' }]);
    assert.equal(first.status, 200);
    const firstBody = (await first.json()) as Completion;
    const answer = firstBody.choices[0]!.message.content;
    const second = await complete(1, token, ip, [
      { role: 'user', content: 'Name three rivers.' },
      { role: 'assistant', content: answer },
      { role: 'user', content: 'And three lakes?' },
    ]);
    assert.equal(second.status, 200);

    const listed = (await (await fetch(`${url(0)}/api/conversations`, { headers: authHeaders(token) })).json()) as {
      conversations: { id: string; turnCount: number }[];
    };
    assert.equal(listed.conversations.length, 1, 'the second message joined the first conversation');
    assert.equal(listed.conversations[0]?.turnCount, 2);
    const conversationId = listed.conversations[0]!.id;

    const store = await openPostgresStore({ url: databaseUrl, maxConnections: 1 });
    try {
      const turns = await store.listTurns(conversationId);
      assert.equal(turns.length, 2);
      assert.equal(turns[1]?.parentTurnId, turns[0]?.turnIdentifier);
      // Two data folders, one key: the same IP hashes the same on both instances.
      assert.equal(turns[0]?.request.hashedIp, turns[1]?.request.hashedIp);
      assert.equal(turns[0]?.request.ipKeyId, turns[1]?.request.ipKeyId);
      for (const folder of folders) assert.equal(fs.existsSync(path.join(folder, 'secrets', 'ip-hash-keys.json')), false);
    } finally {
      await store.close();
    }

    const deleted = await fetch(`${url(1)}/api/conversations/${conversationId}`, { method: 'DELETE', headers: authHeaders(token) });
    assert.ok(deleted.status === 200 || deleted.status === 204, `delete answered ${deleted.status}`);
    const gone = await fetch(`${url(0)}/api/conversations/${conversationId}`, { headers: authHeaders(token) });
    assert.equal(gone.status, 404);
  });

  test('the per-IP message limit holds across both instances', async () => {
    const ip = '203.0.113.20';
    const token = await consent(1, '203.0.113.21');
    const statuses: number[] = [];
    for (let index = 0; index < RATE_LIMIT + 2; index += 1) {
      const response = await complete(index, token, ip, [{ role: 'user', content: `Question ${index}` }]);
      statuses.push(response.status);
      if (response.status === 429) assert.ok(Number(response.headers.get('retry-after')) >= 1);
      await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [...Array.from({ length: RATE_LIMIT }, () => 200), 429, 429]);
    // Another IP is not affected.
    const other = await complete(0, token, '203.0.113.30', [{ role: 'user', content: 'Still fine?' }]);
    assert.equal(other.status, 200);
  });

  test('the kill switch set on one instance reaches the other within 1 s', async (t) => {
    const token = await consent(0, '203.0.113.40');
    const unauthorised = await fetch(`${url(0)}/admin/kill-switch`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"message":"x"}',
    });
    assert.equal(unauthorised.status, 401);
    const setAt = Date.now();
    const set = await fetch(`${url(0)}/admin/kill-switch`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Paused for maintenance.' }),
    });
    assert.equal(set.status, 200);
    let seenAfter = -1;
    while (Date.now() - setAt < 3_000) {
      const response = await complete(1, token, '203.0.113.41', [{ role: 'user', content: 'Are you there?' }]);
      const body = await response.text();
      if (response.status === 503 && body.includes('Paused for maintenance.')) {
        seenAfter = Date.now() - setAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    t.diagnostic(`kill switch seen by the other instance after ${seenAfter} ms`);
    assert.ok(seenAfter >= 0 && seenAfter <= 1_000, `the other instance refused after ${seenAfter} ms`);
    const lifted = await fetch(`${url(1)}/admin/kill-switch`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: null }),
    });
    assert.equal(lifted.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const again = await complete(0, token, '203.0.113.42', [{ role: 'user', content: 'Back?' }]);
    assert.equal(again.status, 200);
  });

  test('PostgreSQL restarted under load: 503 + Retry-After while away, no crash, no completed turn lost', async (t) => {
    const token = await consent(1, '203.0.113.50');
    const laneTokens = await Promise.all([0, 1, 2, 3].map((lane) => consent(lane, `203.0.113.${51 + lane}`)));
    const completedIds: number[] = [];
    const statuses = new Map<number, number>();
    let running = true;
    let sent = 0;
    const client = async (lane: number): Promise<void> => {
      while (running) {
        sent += 1;
        const ip = `198.51.100.${(sent % 200) + 1}`;
        let response: Response;
        try {
          response = await complete(lane + sent, laneTokens[lane]!, ip, [{ role: 'user', content: `Load ${sent}` }]);
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
          continue;
        }
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 200) {
          const body = (await response.json()) as Completion;
          completedIds.push(Number(body.id.replace('chatcmpl-wildchat-', '')));
        } else {
          if (response.status === 503) assert.ok(Number(response.headers.get('retry-after')) >= 1, 'a 503 carries Retry-After');
          await response.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    const lanes = [client(0), client(1), client(2), client(3)];
    await new Promise((resolve) => setTimeout(resolve, 500));
    postgres.stopServer();
    // Lanes caught mid-turn wait for the database to finish their turn, so the outage is also probed
    // with fresh requests: each must be refused at once, not held.
    const probes: number[] = [];
    for (const index of [0, 1]) {
      const probeStarted = Date.now();
      const probe = await complete(index, token, `198.51.100.${240 + index}`, [{ role: 'user', content: 'Probe' }]);
      probes.push(probe.status);
      assert.equal(probe.status, 503, 'a request while the database is away is refused');
      assert.ok(Number(probe.headers.get('retry-after')) >= 1, 'the refusal carries Retry-After');
      assert.ok(Date.now() - probeStarted < 1_000, `refused within a second, not held (${Date.now() - probeStarted} ms)`);
      await probe.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    postgres.startServer();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    running = false;
    await Promise.all(lanes);

    t.diagnostic(`responses by status during the restart: ${JSON.stringify(Object.fromEntries(statuses))}`);
    for (const server of servers) assert.equal(server.child.exitCode, null, 'the instance is still running');
    assert.equal(statuses.get(500) ?? 0, 0, `no 500s: ${JSON.stringify([...statuses])}`);
    // The probes above saw the outage; lanes caught mid-turn may have waited through all of it.
    assert.deepEqual(probes, [503, 503]);
    assert.ok(completedIds.length > 0);
    const after = await complete(0, token, '198.51.100.250', [{ role: 'user', content: 'After the restart' }]);
    assert.equal(after.status, 200);

    const store = await openPostgresStore({ url: databaseUrl, maxConnections: 1 });
    try {
      for (const turnIdentifier of completedIds) {
        const turn = await store.getTurn(turnIdentifier);
        assert.equal(turn?.status, 'complete', `turn ${turnIdentifier} answered 200 and is stored complete`);
      }
    } finally {
      await store.close();
    }
  });
});
