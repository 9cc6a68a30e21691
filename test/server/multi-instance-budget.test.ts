/**
 * The daily token budget of two real `wildchat serve` instances on one PostgreSQL: clients
 * alternating between them spend at most the one budget, and a restarted instance keeps the day's
 * count (issue 14: many servers share one set of limits).
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

const BUDGET = 3_000;
const skip = findPostgresBinaries() === null ? POSTGRES_MISSING_MESSAGE : false;

describe('one daily token budget across two serve instances on PostgreSQL', { skip }, () => {
  let postgres: PostgresServer;
  let upstream: UpstreamDouble;
  let databaseUrl: string;
  const folders: string[] = [];
  const servers: CliServer[] = [];

  const startInstance = (): Promise<CliServer> => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wildchat-budget-'));
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
        '1000',
        '--network-rate-limit-per-minute',
        '100000',
        '--daily-token-budget',
        String(BUDGET),
        '--max-tokens-default',
        '200',
        '--max-tokens-ceiling',
        '200',
      ],
      { DATABASE_URL: databaseUrl, WILDCHAT_LOG_LEVEL: 'warn' },
    );
  };

  before(async () => {
    postgres = await startPostgresServer();
    databaseUrl = await postgres.createDatabase();
    upstream = await startUpstreamDouble({ models: ['double-small'] });
    // 150 words: the double reports one completion token per word.
    upstream.setReply(() => ({ text: Array.from({ length: 150 }, (_, index) => `w${index}`).join(' '), chunkCount: 5, delayMs: 5 }));
    servers.push(...(await Promise.all([startInstance(), startInstance()])));
  });

  after(async () => {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) await server.kill();
    await upstream?.close();
    await postgres?.stop();
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  const consent = (server: CliServer, ip: string): Promise<string> => consentAt(server.url, ip);

  async function complete(server: CliServer, token: string, ip: string): Promise<{ status: number; code: string | null }> {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: authHeaders(token, { 'x-forwarded-for': ip }),
      body: JSON.stringify({ model: 'double-small', max_tokens: 1_000_000, messages: [{ role: 'user', content: `Count to 150, please (${ip}).` }] }),
    });
    const body = (await response.json()) as { error?: { code?: string } };
    return { status: response.status, code: body.error?.code ?? null };
  }

  async function spentInStore(): Promise<number> {
    const store = await openPostgresStore({ url: databaseUrl, maxConnections: 1 });
    try {
      let spent = 0;
      for await (const batch of store.iterateConversations()) {
        for (const stored of batch) for (const turn of stored.turns) spent += (turn.usage?.prompt_tokens ?? 0) + (turn.usage?.completion_tokens ?? 0);
      }
      return spent;
    } finally {
      await store.close();
    }
  }

  test('40 clients alternating between the instances spend at most the one budget; a restart keeps the count', async () => {
    const outcomes: string[] = [];
    for (let wave = 0; wave < 5; wave += 1) {
      const results = await Promise.all(
        Array.from({ length: 8 }, async (_, index) => {
          const client = wave * 8 + index;
          const server = servers[client % 2]!;
          const ip = `198.51.100.${client + 1}`;
          const result = await complete(server, await consent(server, ip), ip);
          return result.status === 200 ? 'served' : (result.code ?? String(result.status));
        }),
      );
      outcomes.push(...results);
    }
    const spent = await spentInStore();
    assert.ok(spent <= BUDGET, `spent ${spent} of one budget of ${BUDGET} (${outcomes.join(',')})`);
    // Each instance alone would have admitted up to the whole budget: together they are held to one.
    assert.ok(spent >= BUDGET * 0.5, `the budget was used (${spent})`);
    assert.ok(outcomes.includes('served'));
    assert.ok(
      outcomes.some((outcome) => outcome === 'budget_exhausted' || outcome === 'service_disabled'),
      outcomes.join(','),
    );

    // A restarted instance reads the day's spend from the database instead of starting again at zero.
    await servers[1]!.kill();
    servers[1] = await startInstance();
    const ip = '198.51.100.200';
    const refused = await complete(servers[1], await consent(servers[1], ip), ip);
    assert.equal(refused.status, 503, 'the restarted instance refuses: the day is spent');
    assert.ok(refused.code === 'budget_exhausted' || refused.code === 'service_disabled', String(refused.code));
    assert.equal(await spentInStore(), spent);
  });
});
