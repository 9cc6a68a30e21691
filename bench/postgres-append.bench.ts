/**
 * Store append latency on PostgreSQL as the turns table grows: insertTurn + completeTurn (the two
 * writes of every collected turn, one statement each) measured on an empty table, then again
 * after bulk-loading the table to WILDCHAT_PG_APPEND_ROWS rows (default 1,000,000; the issue's
 * target is 10,000,000). The server is a real PostgreSQL started by the bench with fsync on
 * and the adapter's synchronous_commit=off (see pg-pool.ts). The empty-table figure is taken
 * again after the full run on a fresh database of the same server, as the fair baseline on a
 * shared machine.
 *
 *   node --import tsx bench/postgres-append.bench.ts
 *   WILDCHAT_PG_APPEND_ROWS=10000000 node --import tsx bench/postgres-append.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { completion, newConsent, newConversation, newTurn } from '../src/store/store-contract-fixtures.ts';
import { openPostgresStore } from '../src/store/postgres/open-postgres-store.ts';
import type { PostgresStore } from '../src/store/postgres/postgres-store.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer } from '../test/support/postgres-server.ts';
import { printFigures } from './bench-support.ts';

const TARGET_ROWS = Number(process.env['WILDCHAT_PG_APPEND_ROWS'] ?? 1_000_000);
const SAMPLES = Number(process.env['WILDCHAT_PG_APPEND_SAMPLES'] ?? 2_000);
const CONVERSATIONS = 20_000;
const LOAD_CHUNK = 500_000;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

async function measure(store: PostgresStore, conversations: { id: string; consentId: string }[]): Promise<{ insert: number[]; complete: number[] }> {
  const insert: number[] = [];
  const complete: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    const target = conversations[(index * 7919) % conversations.length]!;
    const started = performance.now();
    const turn = await store.insertTurn(newTurn(target.id, target.consentId, { receivedAt: Date.now() }));
    const inserted = performance.now();
    await store.completeTurn(turn.turnIdentifier, completion({ completedAt: Date.now(), pathHash: `p${turn.turnIdentifier}` }));
    complete.push(performance.now() - inserted);
    insert.push(inserted - started);
  }
  return { insert: insert.sort((a, b) => a - b), complete: complete.sort((a, b) => a - b) };
}

async function seed(store: PostgresStore): Promise<{ id: string; consentId: string }[]> {
  const conversations: { id: string; consentId: string }[] = [];
  let consentId = '';
  for (let index = 0; index < CONVERSATIONS; index += 1) {
    if (index % 100 === 0) consentId = (await store.createConsent(newConsent())).id;
    const conversation = await store.createConversation(newConversation(consentId, { createdAt: 1_700_000_000_000 + index }));
    conversations.push({ id: conversation.id, consentId });
  }
  return conversations;
}

async function main(): Promise<void> {
  if (findPostgresBinaries() === null) {
    process.stdout.write(`skipped: ${POSTGRES_MISSING_MESSAGE}\n`);
    return;
  }
  const server = await startPostgresServer({ durable: true, settings: { shared_buffers: "'512MB'", max_wal_size: "'4GB'", checkpoint_timeout: "'15min'" } });
  try {
    const store = await openPostgresStore({ url: await server.createDatabase('append_bench'), maxConnections: 4 });
    try {
      const conversations = await seed(store);
      const empty = await measure(store, conversations);

      const pool = store.connectionPool;
      await pool.query('CREATE TEMP TABLE IF NOT EXISTS bench_conversations AS SELECT row_number() OVER () - 1 AS n, id, consent_id FROM conversations');
      const loadStarted = performance.now();
      let loaded = SAMPLES;
      while (loaded < TARGET_ROWS) {
        const rows = Math.min(LOAD_CHUNK, TARGET_ROWS - loaded);
        // A realistic row: a 300-character prompt and a 900-character reply, all indexed columns set.
        await pool.query(
          `INSERT INTO turns (conversation_id, consent_id, origin, user_content, assistant_content, hashed_ip, ip_key_id, country,
             user_agent, accept_language, model_requested, model_reported, params, usage, finish_reason, status, received_at,
             first_token_at, completed_at, path_hash)
           SELECT c.id, c.consent_id, 'send', repeat('q', 300), repeat('a', 900), md5(g::text) || md5(g::text), 'k1', 'Germany',
             'Mozilla/5.0', 'en', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18', '{"temperature":0.7}', '{"prompt_tokens":10}', 'stop', 'complete',
             1700000000000 + g, 1700000000100 + g, 1700000000900 + g, md5(g::text)
           FROM generate_series($1::bigint, $2::bigint) AS g JOIN pg_temp.bench_conversations c ON c.n = g % $3`,
          [loaded, loaded + rows - 1, CONVERSATIONS],
        );
        loaded += rows;
        process.stderr.write(`loaded ${loaded.toLocaleString('en-US')} turns (${((performance.now() - loadStarted) / 1000).toFixed(0)} s)\n`);
      }
      await pool.query('VACUUM ANALYZE turns');
      // The bulk load's dirty pages are written now, not during the measurement.
      await pool.query('CHECKPOINT');
      const full = await measure(store, conversations);
      // The same empty measurement again, right after, on a fresh database of the same server: the
      // machine is shared, so the fair baseline is the one taken under the same load.
      const fresh = await openPostgresStore({ url: await server.createDatabase('append_bench_empty'), maxConnections: 4 });
      let emptyAfter: { insert: number[]; complete: number[] };
      try {
        emptyAfter = await measure(fresh, await seed(fresh));
      } finally {
        await fresh.close();
      }
      const size = await pool.query<{ rows: number; bytes: string }>(
        "SELECT count(*)::bigint AS rows, pg_size_pretty(pg_total_relation_size('turns')) AS bytes FROM turns",
      );
      process.stdout.write(
        `turns table: ${size.rows[0]?.rows.toLocaleString('en-US')} rows, ${size.rows[0]?.bytes} with indexes; bulk load ${((performance.now() - loadStarted) / 1000).toFixed(0)} s\n`,
      );
      const ratio = percentile(full.insert, 0.5) / percentile(emptyAfter.insert, 0.5);
      printFigures(`PostgreSQL append latency, ${SAMPLES} sequential turns each (fsync on, synchronous_commit off as the adapter sets it)`, [
        { name: 'insertTurn p50 at 0 rows', value: percentile(empty.insert, 0.5), unit: 'ms' },
        { name: 'insertTurn p99 at 0 rows', value: percentile(empty.insert, 0.99), unit: 'ms' },
        { name: 'completeTurn p50 at 0 rows', value: percentile(empty.complete, 0.5), unit: 'ms' },
        { name: 'insertTurn p50 at 0 rows, measured again after the full run', value: percentile(emptyAfter.insert, 0.5), unit: 'ms' },
        { name: 'insertTurn p99 at 0 rows, measured again after the full run', value: percentile(emptyAfter.insert, 0.99), unit: 'ms' },
        { name: 'completeTurn p50 at 0 rows, measured again after the full run', value: percentile(emptyAfter.complete, 0.5), unit: 'ms' },
        { name: `insertTurn p50 at ${TARGET_ROWS.toLocaleString('en-US')} rows`, value: percentile(full.insert, 0.5), unit: 'ms' },
        { name: `insertTurn p99 at ${TARGET_ROWS.toLocaleString('en-US')} rows`, value: percentile(full.insert, 0.99), unit: 'ms' },
        { name: `completeTurn p50 at ${TARGET_ROWS.toLocaleString('en-US')} rows`, value: percentile(full.complete, 0.5), unit: 'ms' },
        { name: `completeTurn p99 at ${TARGET_ROWS.toLocaleString('en-US')} rows`, value: percentile(full.complete, 0.99), unit: 'ms' },
        { name: 'insertTurn p50 ratio, full / empty (adjacent)', value: ratio, unit: 'x', target: '<= 1.5 (flat)', met: ratio <= 1.5 },
      ]);
    } finally {
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

await main();
