/**
 * The PostgreSQL store's group commit under the conditions it must survive: several store
 * instances (serve processes) appending to the same conversations at once, a call that fails its
 * own checks inside a batch, a statement the server refuses, and the database going away under a
 * batch. Its own server, since one test stops and starts it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, serverForThisFile } from '../../../test/support/postgres-server.ts';
import { completion, newConsent, newConversation, newTurn, seedConversation } from '../store-contract-fixtures.ts';
import { isStoreUnavailable } from '../store-unavailable-error.ts';
import { openPostgresStore, type PostgresStore } from './open-postgres-store.ts';

const available = findPostgresBinaries() !== null;
if (!available) test('PostgreSQL group commit', { skip: POSTGRES_MISSING_MESSAGE }, () => undefined);

const theServer = serverForThisFile();

async function withRawClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

async function closeAll(stores: PostgresStore[]): Promise<void> {
  await Promise.all(stores.map((store) => store.close()));
}

if (available) {
  describe('PostgreSQL group commit', () => {
    test('two instances appending to the same conversations at once keep every turn, once, in its own conversation', async () => {
      const url = await (await theServer()).createDatabase();
      const stores = [await openPostgresStore({ url, maxConnections: 4 }), await openPostgresStore({ url, maxConnections: 4 })];
      try {
        const consents = await Promise.all(
          Array.from({ length: 4 }, (_, index) => stores[index % 2]!.createConsent(newConsent({ tokenHash: `hash-${index}` }))),
        );
        // New conversations on both instances at once, each under a consent the other instance created.
        const conversations = await Promise.all(
          Array.from({ length: 8 }, (_, index) =>
            stores[(index + 1) % 2]!.createConversation(newConversation(consents[index % 4]!.id, { createdAt: 1_000 + index })),
          ),
        );
        const perConversation = 12;
        const jobs = conversations.flatMap((conversation, conversationIndex) =>
          Array.from({ length: perConversation }, (_, turnIndex) => ({ conversation, conversationIndex, turnIndex })),
        );
        // Every conversation gets turns from both instances in the same moment: their batches overlap on its row.
        const turns = await Promise.all(
          jobs.map(async ({ conversation, conversationIndex, turnIndex }) => {
            const store = stores[turnIndex % 2]!;
            const receivedAt = 10_000 + conversationIndex * 100 + turnIndex;
            const inserted = await store.insertTurn(
              newTurn(conversation.id, conversation.consentId, { userContent: `${conversationIndex}/${turnIndex}`, receivedAt }),
            );
            await store.completeTurn(
              inserted.turnIdentifier,
              completion({ assistantContent: `answer ${conversationIndex}/${turnIndex}`, completedAt: receivedAt + 50 }),
            );
            return inserted;
          }),
        );
        const identifiers = turns.map((turn) => turn.turnIdentifier);
        assert.equal(new Set(identifiers).size, jobs.length, 'every call got its own identifier');
        for (const [conversationIndex, conversation] of conversations.entries()) {
          const stored = await stores[0]!.listTurns(conversation.id);
          assert.equal(stored.length, perConversation);
          assert.deepEqual(
            stored.map((turn) => turn.userContent).sort(),
            Array.from({ length: perConversation }, (_, turnIndex) => `${conversationIndex}/${turnIndex}`).sort(),
          );
          for (const turn of stored) {
            assert.equal(turn.status, 'complete');
            assert.equal(turn.assistantContent, `answer ${turn.userContent}`);
            assert.equal(turn.consentId, conversation.consentId);
            assert.ok(identifiers.includes(turn.turnIdentifier), 'each stored row is the one its caller was told about');
          }
          const expectedUpdate = 10_000 + conversationIndex * 100 + perConversation - 1 + 50;
          assert.equal((await stores[1]!.getConversation(conversation.id))?.updatedAt, expectedUpdate, 'the conversation moves to its latest completion');
        }
        assert.equal(await stores[1]!.countConversations(), conversations.length);
        const rows = await withRawClient(url, async (client) => (await client.query('SELECT count(*)::integer AS n FROM turns')).rows[0].n as number);
        assert.equal(rows, jobs.length, 'no turn stored twice');
      } finally {
        await closeAll(stores);
      }
    });

    test('inside one batch, a call that fails its own checks fails alone, with a clear error', async () => {
      const url = await (await theServer()).createDatabase();
      const first = await openPostgresStore({ url, maxConnections: 2 });
      const second = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const kept = await seedConversation(first);
        const deleted = await seedConversation(first);
        await second.deleteConsentData(deleted.consent.id, 5);
        // One tick: good and refused calls share the statements; the first instance still recognises the deleted consent.
        const results = await Promise.allSettled([
          first.insertTurn(newTurn(kept.conversation.id, kept.consent.id, { userContent: 'kept 1' })),
          first.insertTurn(newTurn(deleted.conversation.id, deleted.consent.id, { userContent: 'secret prompt' })),
          first.insertTurn(newTurn('no-such-conversation', kept.consent.id, { userContent: 'secret prompt' })),
          first.insertTurn(newTurn(kept.conversation.id, kept.consent.id, { userContent: 'kept 2' })),
          first.createConversation(newConversation(deleted.consent.id)),
          first.createConversation(newConversation(kept.consent.id, { title: 'kept' })),
        ]);
        assert.deepEqual(
          results.map((result) => result.status),
          ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
        );
        const errors = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
        assert.match(errors[0]!, new RegExp(`cannot insert turn: conversation ${deleted.conversation.id} does not exist for consent ${deleted.consent.id}`));
        assert.match(errors[1]!, /cannot insert turn: conversation no-such-conversation/);
        assert.match(errors[2]!, new RegExp(`cannot create conversation: consent ${deleted.consent.id} is unknown or withdrawn`));
        for (const error of errors) assert.doesNotMatch(error, /secret prompt/, 'errors never carry the prompt');
        assert.deepEqual((await first.listTurns(kept.conversation.id)).map((turn) => turn.userContent).sort(), ['kept 1', 'kept 2']);
        assert.equal(await first.countConversations(), 2);
      } finally {
        await closeAll([first, second]);
      }
    });

    test('a statement the server refuses fails only the call that caused it', async () => {
      const url = await (await theServer()).createDatabase();
      const store = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const { consent, conversation } = await seedConversation(store);
        // A rule of the database the store does not know about, broken by one call of the batch.
        await withRawClient(url, async (client) => {
          await client.query(`CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.model_requested = 'poison' THEN RAISE EXCEPTION 'refused by test rule' USING ERRCODE = '23514'; END IF; RETURN NEW; END $$`);
          await client.query('CREATE TRIGGER refuse_poison BEFORE INSERT ON turns FOR EACH ROW EXECUTE FUNCTION refuse_poison()');
        });
        const results = await Promise.allSettled(
          ['a', 'poison', 'b', 'c'].map((model) =>
            store.insertTurn(newTurn(conversation.id, consent.id, { modelRequested: model, userContent: `for ${model}` })),
          ),
        );
        assert.deepEqual(
          results.map((result) => result.status),
          ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
        );
        assert.match(String((results[1] as PromiseRejectedResult).reason), /refused by test rule/);
        assert.deepEqual((await store.listTurns(conversation.id)).map((turn) => turn.modelRequested).sort(), ['a', 'b', 'c']);
      } finally {
        await store.close();
      }
    });

    test('a reservation batch spanning two days keeps each day to its own budget and charges an expired lease in full', async () => {
      const url = await (await theServer()).createDatabase();
      const store = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const now = 1_700_000_000_000;
        const today = Math.floor(now / 86_400_000);
        const reserve = (day: number, consentId: string, tokens: number, leaseUntil = now + 30_000) =>
          store.sharedState.reserveTokens({ day, consentId, tokens, daily: 1_000, perConsent: 600, leaseUntil, now });
        const abandoned = await reserve(today, 'gone', 300, now - 1);
        assert.equal(abandoned.allowed, true);
        // One batch: the abandoned lease is charged before anything of today is decided.
        const decisions = await Promise.all([reserve(today, 'a', 500), reserve(today - 1, 'a', 900), reserve(today, 'b', 300), reserve(today, 'a', 100)]);
        assert.deepEqual(
          decisions.map((decision) => (decision.allowed ? `allowed ${decision.spent}/${decision.reserved}` : decision.scope)),
          ['allowed 300/500', 'consent', 'global', 'allowed 300/600'],
        );
      } finally {
        await store.close();
      }
    });

    test('a database that goes away fails exactly the calls of that batch; nothing is stored silently or lost after an acknowledgement', async () => {
      const postgres = await theServer();
      const url = await postgres.createDatabase();
      const store = await openPostgresStore({ url, maxConnections: 2 });
      try {
        const { consent, conversation } = await seedConversation(store);
        const before = await store.insertTurn(newTurn(conversation.id, consent.id, { userContent: 'before' }));
        postgres.stopServer();
        const lost = await Promise.allSettled(
          ['lost 1', 'lost 2', 'lost 3'].map((userContent) => store.insertTurn(newTurn(conversation.id, consent.id, { userContent }))),
        );
        for (const result of lost) {
          assert.equal(result.status, 'rejected');
          assert.ok(isStoreUnavailable((result as PromiseRejectedResult).reason), 'the caller learns the database is away (the server answers 503)');
        }
        postgres.startServer();
        const afterRestart = await store.insertTurn(newTurn(conversation.id, consent.id, { userContent: 'after' }));
        await Promise.all(
          [before, afterRestart].map((turn) => store.completeTurn(turn.turnIdentifier, completion({ assistantContent: `reply to ${turn.userContent}` }))),
        );
        const stored = await store.listTurns(conversation.id);
        assert.deepEqual(
          stored.map((turn) => [turn.userContent, turn.status]),
          [
            ['before', 'complete'],
            ['after', 'complete'],
          ],
        );
      } finally {
        await store.close();
      }
    });
  });
}
