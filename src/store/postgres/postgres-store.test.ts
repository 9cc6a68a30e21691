import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import pg from 'pg';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, serverForThisFile } from '../../../test/support/postgres-server.ts';
import { completedTurn, completion, newConversation, newTurn, seedConversation } from '../store-contract-fixtures.ts';
import { runStoreContract } from '../store.contract.ts';
import { applyPgMigrations, planPgMigrations } from './apply-pg-migrations.ts';
import { openPostgresStore } from './open-postgres-store.ts';
import { createPgPool } from './pg-pool.ts';
import { postgresMigrations } from './pg-migrations.ts';

const available = findPostgresBinaries() !== null;
if (!available) test('PostgreSQL store', { skip: POSTGRES_MISSING_MESSAGE }, () => undefined);

const theServer = serverForThisFile();

if (available) {
  // Also runs the release-input, dataset-store and annotation-cache contracts on store.datasets / store.annotations.
  runStoreContract('PostgreSQL', async () => openPostgresStore({ url: await (await theServer()).createDatabase(), maxConnections: 4 }));

  describe('PostgreSQL migrations', () => {
    let url = '';
    before(async () => {
      url = await (await theServer()).createDatabase();
    });

    test('dry run lists everything pending and writes nothing; two concurrent starts apply each migration once', async () => {
      const pool = createPgPool({ url, max: 6 });
      try {
        const plan = await planPgMigrations(pool);
        assert.deepEqual(plan, { applied: [], pending: postgresMigrations.map((migration) => migration.id) });
        const tables = await pool.query("SELECT count(*)::integer AS n FROM pg_tables WHERE schemaname = 'public'");
        assert.equal(tables.rows[0].n, 0);

        const results = await Promise.all([applyPgMigrations(pool), applyPgMigrations(pool), applyPgMigrations(pool)]);
        assert.deepEqual(results.flat().sort(), postgresMigrations.map((migration) => migration.id).sort());
        const recorded = await pool.query('SELECT id FROM schema_migrations ORDER BY id');
        assert.deepEqual(
          recorded.rows.map((row: { id: string }) => row.id),
          postgresMigrations.map((migration) => migration.id),
        );
        assert.deepEqual(await planPgMigrations(pool), { applied: postgresMigrations.map((migration) => migration.id), pending: [] });
        assert.deepEqual(await applyPgMigrations(pool), []);
      } finally {
        await pool.end();
      }
    });

    test('a database migrated by a newer version is refused', async () => {
      const pool = createPgPool({ url, max: 2 });
      try {
        await applyPgMigrations(pool);
        await pool.query("INSERT INTO schema_migrations (id, applied_at) VALUES ('9999-from-the-future', 1)");
        await assert.rejects(applyPgMigrations(pool), /newer wildchat/);
        await assert.rejects(planPgMigrations(pool), /9999-from-the-future/);
      } finally {
        await pool.end();
      }
    });
  });

  describe('PostgreSQL store across instances', () => {
    test('markInterruptedTurns leaves a live peer’s stream alone and finalises a dead peer’s', async () => {
      const url = await (await theServer()).createDatabase();
      let clock = 1_000_000;
      const now = () => clock;
      const alive = await openPostgresStore({ url, instanceId: 'alive', now, maxConnections: 2 });
      const dead = await openPostgresStore({ url, instanceId: 'dead', now, maxConnections: 2 });
      const restarting = await openPostgresStore({ url, instanceId: 'restarting', now, maxConnections: 2 });
      try {
        await alive.startHeartbeat();
        await dead.startHeartbeat();
        const { consent, conversation } = await seedConversation(alive);
        const root = await completedTurn(alive, conversation.id, consent.id);
        const livePending = await alive.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: root.turnIdentifier }));
        const deadPending = await dead.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: root.turnIdentifier }));
        assert.equal(await restarting.markInterruptedTurns(), 0);
        // The dead instance stops beating; the live one beats again 20 s later.
        clock += 20_000;
        await alive.startHeartbeat();
        assert.equal(await restarting.markInterruptedTurns(), 1);
        assert.equal((await alive.getTurn(deadPending.turnIdentifier))?.status, 'interrupted');
        assert.equal((await alive.getTurn(livePending.turnIdentifier))?.status, 'pending');
        assert.equal(await alive.markInterruptedTurns(), 1);
      } finally {
        await Promise.all([alive.close(), dead.close(), restarting.close()]);
      }
    });

    test('shared state: one key ring however many start at once, rotation, switches, one rate window across stores', async () => {
      const url = await (await theServer()).createDatabase();
      const first = await openPostgresStore({ url, maxConnections: 3 });
      const second = await openPostgresStore({ url, maxConnections: 3 });
      try {
        const rings = await Promise.all([
          first.sharedState.loadOrCreateIpKeys(),
          second.sharedState.loadOrCreateIpKeys(),
          first.sharedState.loadOrCreateIpKeys(),
        ]);
        assert.deepEqual(rings[1], rings[0]);
        assert.deepEqual(rings[2], rings[0]);
        assert.equal(rings[0]?.currentKeyId, 'k1');
        assert.equal(rings[0]?.keys[0]?.secret.length, 32);
        assert.equal(await second.sharedState.rotateIpKey(), 'k2');
        const rotated = await first.sharedState.loadOrCreateIpKeys();
        assert.equal(rotated.currentKeyId, 'k2');
        assert.deepEqual(
          rotated.keys.map((key) => key.id),
          ['k1', 'k2'],
        );
        assert.deepEqual(rotated.keys[0], rings[0]?.keys[0], 'old keys stay, so old hashes can be recomputed');

        assert.equal(await first.sharedState.readSwitch('disabled_message'), null);
        await first.sharedState.writeSwitch('disabled_message', 'Paused.', 1);
        assert.equal(await second.sharedState.readSwitch('disabled_message'), 'Paused.');
        await second.sharedState.writeSwitch('disabled_message', null, 2);
        assert.equal(await first.sharedState.readSwitch('disabled_message'), null);

        const now = 1_000_000_000;
        const decisions = await Promise.all(
          Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? first : second).sharedState.takeWindow('messages', 'ip-a', 5, 60_000, now + index)),
        );
        assert.equal(decisions.filter((decision) => decision.allowed).length, 5, 'five of eight concurrent requests pass a limit of five');
        const refused = decisions.find((decision) => !decision.allowed);
        assert.ok(refused !== undefined && !refused.allowed && refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 60);
        assert.equal((await first.sharedState.takeWindow('messages', 'ip-b', 5, 60_000, now)).allowed, true, 'another IP has its own window');
        assert.equal((await first.sharedState.takeWindow('consents', 'ip-a', 5, 60_000, now)).allowed, true, 'another bucket has its own window');
        assert.equal((await second.sharedState.takeWindow('messages', 'ip-a', 5, 60_000, now + 61_000)).allowed, true, 'the window slides');
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    test('calls of one tick share a statement, and each caller gets its own answer', async () => {
      const url = await (await theServer()).createDatabase();
      const store = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const now = 2_000_000_000;
        // Interleaved subjects with different limits, all in one tick: a mix-up of positions would show.
        const subjects = ['ip-x', 'ip-y', 'ip-x', 'ip-y', 'ip-x', 'ip-z'];
        const limits = { 'ip-x': 2, 'ip-y': 1, 'ip-z': 1 } as Record<string, number>;
        const windows = await Promise.all(subjects.map((subject) => store.sharedState.takeWindow('messages', subject, limits[subject]!, 60_000, now)));
        assert.deepEqual(
          windows.map((decision) => decision.allowed),
          [true, true, true, false, false, true],
        );

        const day = Math.floor(now / 86_400_000);
        const reserve = (consentId: string, tokens: number) =>
          store.sharedState.reserveTokens({ day, consentId, tokens, daily: 1_000, perConsent: 500, leaseUntil: now + 30_000, now });
        const reservations = await Promise.all([reserve('a', 400), reserve('b', 300), reserve('a', 200), reserve('c', 400)]);
        assert.deepEqual(
          reservations.map((decision) => (decision.allowed ? 'allowed' : decision.scope)),
          ['allowed', 'allowed', 'consent', 'global'],
        );
        const ids = reservations.flatMap((decision) => (decision.allowed ? [decision.reservationId] : []));
        assert.equal(ids.length, 2);
        const settled = await Promise.all([
          store.sharedState.settleTokens(ids[0]!, 150, now),
          store.sharedState.settleTokens(ids[1]!, 50, now),
          store.sharedState.settleTokens(987_654, 10, now),
        ]);
        for (const totals of settled) assert.deepEqual(totals, { spent: 200, reserved: 0 }, 'every settle of the batch sees the whole batch applied');
        const renewed = await store.sharedState.renewTokenLeases([], now + 30_000, day, now);
        assert.deepEqual(renewed, { spent: 200, reserved: 0 });
      } finally {
        await store.close();
      }
    });

    test('a consent deleted on one instance can write nothing on another, even while that one still recognises it', async () => {
      const url = await (await theServer()).createDatabase();
      const first = await openPostgresStore({ url, maxConnections: 2 });
      const second = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const { consent, conversation } = await seedConversation(first);
        assert.equal((await first.findConsentByTokenHash(consent.tokenHash))?.withdrawnAt, null, 'the first instance now has the consent cached');
        await second.deleteConsentData(consent.id, 5);
        await assert.rejects(first.createConversation(newConversation(consent.id)), /consent .* is unknown or withdrawn/);
        await assert.rejects(first.insertTurn(newTurn(conversation.id, consent.id)), /cannot insert turn/);
        assert.equal(await first.countConversations(), 0);
        assert.notEqual((await second.findConsentByTokenHash(consent.tokenHash))?.withdrawnAt, null, 'the deleting instance forgets it at once');

        const other = await seedConversation(first);
        await first.replaceConsentTokenHash(other.consent.id, 'rotated-hash');
        assert.equal(await first.findConsentByTokenHash(other.consent.tokenHash), null, 'a replaced token hash is forgotten at once');
        assert.equal((await first.findConsentByTokenHash('rotated-hash'))?.id, other.consent.id);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    test('completions of one tick are one statement and each turn keeps its own', async () => {
      const url = await (await theServer()).createDatabase();
      const store = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const { consent, conversation } = await seedConversation(store);
        const turns = await Promise.all(
          Array.from({ length: 5 }, (_, index) => store.insertTurn(newTurn(conversation.id, consent.id, { userContent: `q${index}` }))),
        );
        await Promise.all(
          turns.map((turn, index) =>
            store.completeTurn(
              turn.turnIdentifier,
              completion({ assistantContent: `a${index}`, completedAt: 1_700_000_010_000 + index, pathHash: `p${index}` }),
            ),
          ),
        );
        // A late second completion of a final turn changes nothing.
        await store.completeTurn(turns[0]!.turnIdentifier, completion({ assistantContent: 'late', status: 'stopped' }));
        const stored = await Promise.all(turns.map((turn) => store.getTurn(turn.turnIdentifier)));
        assert.deepEqual(
          stored.map((turn) => [turn?.userContent, turn?.assistantContent, turn?.status, turn?.pathHash, turn?.usage?.total_tokens]),
          turns.map((_, index) => [`q${index}`, `a${index}`, 'complete', `p${index}`, 23]),
        );
        assert.equal((await store.getConversation(conversation.id))?.updatedAt, 1_700_000_010_004, 'the conversation moves to its latest completion');
      } finally {
        await store.close();
      }
    });

    test('int8 columns come back as numbers and identifiers are never reused after a deletion', async () => {
      const url = await (await theServer()).createDatabase();
      const store = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const { consent, conversation } = await seedConversation(store);
        const first = await completedTurn(store, conversation.id, consent.id);
        assert.equal(typeof first.turnIdentifier, 'number');
        assert.equal(typeof first.receivedAt, 'number');
        await store.deleteConversation(conversation.id, 'operator', 5);
        const again = await seedConversation(store);
        const second = await completedTurn(store, again.conversation.id, again.consent.id);
        assert.ok(second.turnIdentifier > first.turnIdentifier);
        const raw = new pg.Client({ connectionString: url });
        await raw.connect();
        try {
          const columns = await raw.query("SELECT collation_name FROM information_schema.columns WHERE table_name = 'conversations' AND column_name = 'id'");
          assert.equal(columns.rows[0].collation_name, 'C');
        } finally {
          await raw.end();
        }
      } finally {
        await store.close();
      }
    });
  });
}
