/**
 * The behaviour every Store adapter must show. An adapter's test file calls runStoreContract with
 * a factory that returns a new, EMPTY store per call (counts and iteration are store-wide); it
 * runs the raw-log tests below, the turn-path and release-input tests, and the dataset and
 * annotation-cache contracts on `store.datasets` and `store.annotations`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConversationRecord } from '../schema/raw-records.ts';
import { runAnnotationCacheContract } from './annotation-cache.contract.ts';
import { runDatasetStoreContract } from './dataset-store.contract.ts';
import { runReleaseInputContract } from './release-input.contract.ts';
import type { Store } from './store.ts';
import { collect, completedTurn, completion, newConsent, newConversation, newTurn, requestContext, seedConversation } from './store-contract-fixtures.ts';

export function runStoreContract(name: string, openStore: () => Promise<Store>, closeStore: (store: Store) => Promise<void> = (store) => store.close()): void {
  async function withStore(body: (store: Store) => Promise<void>): Promise<void> {
    const store = await openStore();
    try {
      await body(store);
    } finally {
      await closeStore(store);
    }
  }

  runReleaseInputContract(name, withStore);
  runDatasetStoreContract(`${name} (store.datasets)`, async () => {
    const store = await openStore();
    return { datasets: store.datasets, close: () => closeStore(store) };
  });
  runAnnotationCacheContract(`${name} (store.annotations)`, async () => {
    const store = await openStore();
    return { cache: store.annotations, close: () => closeStore(store) };
  });

  describe(`Store contract: ${name}`, () => {
    test('consents are created, read back by id and by token hash', () =>
      withStore(async (store) => {
        const input = newConsent({ context: requestContext({ country: null, state: null }) });
        const consent = await store.createConsent(input);
        assert.ok(consent.id.length > 0);
        assert.deepEqual(consent, { id: consent.id, ...input, withdrawnAt: null });
        assert.deepEqual(await store.getConsent(consent.id), consent);
        assert.deepEqual(await store.findConsentByTokenHash(input.tokenHash), consent);
        assert.equal(await store.getConsent('no-such-consent'), null);
        assert.equal(await store.findConsentByTokenHash('no-such-hash'), null);
        const other = await store.createConsent(newConsent());
        assert.notEqual(other.id, consent.id);
      }));

    test('a consent can get a new token hash: the old one no longer finds it, the data stays', () =>
      withStore(async (store) => {
        const input = newConsent();
        const consent = await store.createConsent(input);
        await store.replaceConsentTokenHash(consent.id, `${input.tokenHash}-replaced`);
        assert.equal(await store.findConsentByTokenHash(input.tokenHash), null);
        assert.deepEqual(await store.findConsentByTokenHash(`${input.tokenHash}-replaced`), { ...consent, tokenHash: `${input.tokenHash}-replaced` });
        assert.equal((await store.getConsent(consent.id))?.withdrawnAt, null);
      }));

    test('a token hash can belong to one consent only', () =>
      withStore(async (store) => {
        const input = newConsent();
        await store.createConsent(input);
        await assert.rejects(store.createConsent({ ...input, consentedAt: input.consentedAt + 1 }));
      }));

    test('conversations are created with defaults and read back', () =>
      withStore(async (store) => {
        const consent = await store.createConsent(newConsent());
        const plain = await store.createConversation(newConversation(consent.id, { createdAt: 5_000 }));
        assert.deepEqual(plain, {
          id: plain.id,
          consentId: consent.id,
          title: null,
          systemPrompt: null,
          source: 'native',
          createdAt: 5_000,
          updatedAt: 5_000,
        });
        assert.deepEqual(await store.getConversation(plain.id), plain);
        const openai = await store.createConversation(
          newConversation(consent.id, { source: 'openai', title: 'Trip', systemPrompt: 'You are terse.', createdAt: 6_000 }),
        );
        assert.equal(openai.title, 'Trip');
        assert.deepEqual(await store.getConversation(openai.id), openai);
        assert.equal(await store.getConversation('no-such-conversation'), null);
      }));

    test('listConversations: own consent only, most recently updated first, with turn count and last model', () =>
      withStore(async (store) => {
        const { consent, conversation: older } = await seedConversation(store, 1_000);
        const newer = await store.createConversation(newConversation(consent.id, { createdAt: 2_000 }));
        const stranger = await seedConversation(store, 3_000);
        assert.deepEqual(
          (await store.listConversations(consent.id)).map((summary) => summary.id),
          [newer.id, older.id],
        );
        // A new turn moves the older conversation to the top.
        await store.insertTurn(newTurn(older.id, consent.id, { receivedAt: 4_000, modelRequested: 'model-a' }));
        await completedTurn(store, older.id, consent.id, { receivedAt: 5_000, modelRequested: 'model-b' }, { completedAt: 6_000 });
        const summaries = await store.listConversations(consent.id);
        assert.deepEqual(
          summaries.map((summary) => summary.id),
          [older.id, newer.id],
        );
        assert.equal(summaries[0]?.updatedAt, 6_000);
        assert.equal(summaries[0]?.turnCount, 2);
        assert.equal(summaries[0]?.lastModel, 'model-b');
        assert.equal(summaries[1]?.turnCount, 0);
        assert.equal(summaries[1]?.lastModel, null);
        assert.deepEqual(
          (await store.listConversations(stranger.consent.id)).map((summary) => summary.id),
          [stranger.conversation.id],
        );
        assert.deepEqual(await store.listConversations('no-such-consent'), []);
      }));

    test('countConversationsOfConsent counts the conversations of one consent, up to the given bound', () =>
      withStore(async (store) => {
        const { consent } = await seedConversation(store, 1_000);
        await store.createConversation(newConversation(consent.id, { createdAt: 2_000 }));
        await store.createConversation(newConversation(consent.id, { createdAt: 3_000 }));
        const stranger = await seedConversation(store, 4_000);
        assert.equal(await store.countConversationsOfConsent(consent.id, 10), 3);
        assert.equal(await store.countConversationsOfConsent(consent.id, 2), 2);
        assert.equal(await store.countConversationsOfConsent(consent.id, 0), 0);
        assert.equal(await store.countConversationsOfConsent(stranger.consent.id, 10), 1);
        assert.equal(await store.countConversationsOfConsent('no-such-consent', 10), 0);
        await store.deleteConversation(stranger.conversation.id, 'user_deleted_conversation', 5_000);
        assert.equal(await store.countConversationsOfConsent(stranger.consent.id, 10), 0);
      }));

    test('listConversations pages with limit and a strict before cursor', () =>
      withStore(async (store) => {
        const consent = await store.createConsent(newConsent());
        const created: ConversationRecord[] = [];
        for (let index = 0; index < 5; index += 1) {
          created.push(await store.createConversation(newConversation(consent.id, { createdAt: 10_000 + index * 10 })));
        }
        const newestFirst = created.map((conversation) => conversation.id).reverse();
        const first = await store.listConversations(consent.id, { limit: 2 });
        assert.deepEqual(
          first.map((summary) => summary.id),
          newestFirst.slice(0, 2),
        );
        const second = await store.listConversations(consent.id, { limit: 2, before: first.at(-1)?.updatedAt });
        assert.deepEqual(
          second.map((summary) => summary.id),
          newestFirst.slice(2, 4),
        );
        const third = await store.listConversations(consent.id, { limit: 2, before: second.at(-1)?.updatedAt });
        assert.deepEqual(
          third.map((summary) => summary.id),
          newestFirst.slice(4),
        );
        assert.deepEqual(await store.listConversations(consent.id, { before: 10_000 }), []);
      }));

    test('renameConversation changes the title and the update time', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store, 1_000);
        await store.renameConversation(conversation.id, 'Capitals', 2_000);
        assert.deepEqual(await store.getConversation(conversation.id), { ...conversation, title: 'Capitals', updatedAt: 2_000 });
        assert.equal((await store.listConversations(consent.id))[0]?.title, 'Capitals');
      }));

    test('turn lifecycle: pending, then streaming, then complete', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store, 1_000);
        const input = newTurn(conversation.id, consent.id, {
          contextMessages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
            { role: 'assistant', content: 'Hello!' },
          ],
          params: { temperature: 0.2, max_tokens: 256, stop: ['\n\n', 'END'], seed: 42, presence_penalty: null },
          receivedAt: 2_000,
        });
        const pending = await store.insertTurn(input);
        assert.equal(pending.status, 'pending');
        assert.equal(pending.assistantContent, '');
        assert.equal(pending.userContent, input.userContent);
        assert.deepEqual(await store.getTurn(pending.turnIdentifier), pending);
        assert.equal((await store.getConversation(conversation.id))?.updatedAt, 2_000);

        await store.recordProgress(pending.turnIdentifier, { assistantContent: 'The cap', firstTokenAt: 2_100, lastTokenAt: 2_100 });
        await store.recordProgress(pending.turnIdentifier, { assistantContent: 'The capital of', firstTokenAt: 2_300, lastTokenAt: 2_300 });
        const streaming = await store.getTurn(pending.turnIdentifier);
        assert.deepEqual(streaming, { ...pending, status: 'streaming', assistantContent: 'The capital of', firstTokenAt: 2_100 });

        const final = completion({
          usage: { prompt_tokens: 30, completion_tokens: 9, total_tokens: 39, completion_tokens_details: { reasoning_tokens: 0 } },
          firstTokenAt: 2_100,
          completedAt: 3_000,
        });
        await store.completeTurn(pending.turnIdentifier, final);
        assert.deepEqual(await store.getTurn(pending.turnIdentifier), { ...pending, ...final });
        assert.equal((await store.getConversation(conversation.id))?.updatedAt, 3_000);
        assert.equal(await store.getTurn(pending.turnIdentifier + 1_000_000), null);
      }));

    test('a final turn is never rewritten by a late flush or a second completion', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const stopped = await completedTurn(
          store,
          conversation.id,
          consent.id,
          {},
          {
            status: 'stopped',
            assistantContent: 'The capital',
            finishReason: null,
          },
        );
        await store.recordProgress(stopped.turnIdentifier, { assistantContent: 'The capital of Australia', firstTokenAt: 1, lastTokenAt: 1 });
        await store.completeTurn(stopped.turnIdentifier, completion({ assistantContent: 'rewritten' }));
        assert.deepEqual(await store.getTurn(stopped.turnIdentifier), stopped);
      }));

    test('an upstream error is stored with its code and status', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const failed = await completedTurn(
          store,
          conversation.id,
          consent.id,
          {},
          {
            status: 'upstream_error',
            assistantContent: '',
            finishReason: null,
            modelReported: null,
            upstreamId: null,
            upstreamCreated: null,
            systemFingerprint: null,
            usage: null,
            firstTokenAt: null,
            error: { code: 'upstream_status', message: 'The model service answered 503.', upstreamStatus: 503 },
            pathHash: null,
          },
        );
        assert.equal(failed.status, 'upstream_error');
        assert.deepEqual(failed.error, { code: 'upstream_status', message: 'The model service answered 503.', upstreamStatus: 503 });
        assert.equal(failed.usage, null);
        assert.equal(failed.firstTokenAt, null);
      }));

    test('branches: a regenerate and an edit are siblings under one parent, nothing is overwritten', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const root = await completedTurn(store, conversation.id, consent.id, { userContent: 'Name a fruit.' });
        const child = await completedTurn(store, conversation.id, consent.id, { parentTurnId: root.turnIdentifier, userContent: 'Another.' });
        const regenerated = await completedTurn(
          store,
          conversation.id,
          consent.id,
          {
            parentTurnId: root.turnIdentifier,
            origin: 'regenerate',
            userContent: 'Another.',
          },
          { assistantContent: 'Pear.' },
        );
        const edited = await completedTurn(store, conversation.id, consent.id, {
          parentTurnId: root.turnIdentifier,
          origin: 'edit',
          userContent: 'Another, but red.',
        });
        assert.ok(root.turnIdentifier < child.turnIdentifier);
        assert.ok(child.turnIdentifier < regenerated.turnIdentifier && regenerated.turnIdentifier < edited.turnIdentifier);
        const turns = await store.listTurns(conversation.id);
        assert.deepEqual(turns, [root, child, regenerated, edited]);
        assert.deepEqual(
          turns.filter((turn) => turn.parentTurnId === root.turnIdentifier).map((turn) => turn.origin),
          ['send', 'regenerate', 'edit'],
        );
        assert.deepEqual(await store.listTurns('no-such-conversation'), []);
      }));

    test('insertTurn refuses a conversation of another consent and a parent from another conversation', () =>
      withStore(async (store) => {
        const mine = await seedConversation(store);
        const theirs = await seedConversation(store);
        await assert.rejects(store.insertTurn(newTurn(theirs.conversation.id, mine.consent.id)));
        await assert.rejects(store.insertTurn(newTurn('no-such-conversation', mine.consent.id)));
        const foreignParent = await completedTurn(store, theirs.conversation.id, theirs.consent.id);
        await assert.rejects(store.insertTurn(newTurn(mine.conversation.id, mine.consent.id, { parentTurnId: foreignParent.turnIdentifier })));
        assert.deepEqual(await store.listTurns(mine.conversation.id), []);
      }));

    test('markInterruptedTurns finalises pending and streaming turns only, ending each at its last flushed token', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const done = await completedTurn(store, conversation.id, consent.id);
        const pending = await store.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: done.turnIdentifier, receivedAt: 2_000 }));
        const streaming = await store.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: done.turnIdentifier }));
        await store.recordProgress(streaming.turnIdentifier, { assistantContent: 'Half', firstTokenAt: 2_500, lastTokenAt: 2_700 });
        await store.recordProgress(streaming.turnIdentifier, { assistantContent: 'Half an ans', firstTokenAt: 2_500, lastTokenAt: 3_100 });
        assert.equal(await store.markInterruptedTurns(), 2);
        // Nothing was flushed: the last thing known to have happened is the request's arrival.
        assert.deepEqual(await store.getTurn(pending.turnIdentifier), { ...pending, status: 'interrupted', completedAt: 2_000 });
        const interrupted = await store.getTurn(streaming.turnIdentifier);
        assert.equal(interrupted?.status, 'interrupted');
        assert.equal(interrupted?.assistantContent, 'Half an ans');
        assert.equal(interrupted?.firstTokenAt, 2_500);
        assert.equal(interrupted?.completedAt, 3_100);
        assert.deepEqual(await store.getTurn(done.turnIdentifier), done);
        assert.equal(await store.markInterruptedTurns(), 0);
      }));

    test('findTurnByPathHash: most recent final turn of the same consent', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const first = await completedTurn(store, conversation.id, consent.id, {}, { pathHash: 'shared' });
        const second = await completedTurn(store, conversation.id, consent.id, {}, { pathHash: 'shared' });
        await completedTurn(store, conversation.id, consent.id, {}, { pathHash: 'different' });
        assert.ok(first.turnIdentifier < second.turnIdentifier);
        // In flight turns have no path yet and are never returned.
        await store.insertTurn(newTurn(conversation.id, consent.id));
        assert.deepEqual(await store.findTurnByPathHash(consent.id, 'shared'), second);
        const stranger = await seedConversation(store);
        await completedTurn(store, stranger.conversation.id, stranger.consent.id, {}, { pathHash: 'shared' });
        assert.deepEqual(await store.findTurnByPathHash(consent.id, 'shared'), second);
        assert.equal(await store.findTurnByPathHash(consent.id, 'unknown'), null);
        const lonely = await store.createConsent(newConsent());
        assert.equal(await store.findTurnByPathHash(lonely.id, 'shared'), null);
      }));

    test('deleteConversation removes the conversation and its turns and leaves a tombstone', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const kept = await store.createConversation(newConversation(consent.id));
        const keptTurn = await completedTurn(store, kept.id, consent.id);
        const root = await completedTurn(store, conversation.id, consent.id);
        await completedTurn(store, conversation.id, consent.id, { parentTurnId: root.turnIdentifier });
        await store.insertTurn(newTurn(conversation.id, consent.id, { parentTurnId: root.turnIdentifier }));

        assert.deepEqual(await store.deleteConversation(conversation.id, 'user_deleted_conversation', 7_000), { conversations: 1, turns: 3 });
        assert.equal(await store.getConversation(conversation.id), null);
        assert.deepEqual(await store.listTurns(conversation.id), []);
        assert.equal(await store.getTurn(root.turnIdentifier), null);
        // Deleted turns shared the kept turn's path hash; only the kept one can still be found.
        assert.deepEqual(await store.findTurnByPathHash(consent.id, 'path-hash-1'), keptTurn);
        const tombstones = await store.listTombstones();
        assert.equal(tombstones.length, 1);
        assert.deepEqual(tombstones[0], {
          id: tombstones[0]?.id,
          consentId: consent.id,
          conversationId: conversation.id,
          reason: 'user_deleted_conversation',
          deletedAt: 7_000,
        });
        assert.deepEqual(await store.getTurn(keptTurn.turnIdentifier), keptTurn);
        assert.equal((await store.getConsent(consent.id))?.withdrawnAt, null);
        assert.equal(await store.countConversations(), 1);
        assert.deepEqual(await store.deleteConversation(conversation.id, 'operator', 8_000), { conversations: 0, turns: 0 });
        assert.equal((await store.listTombstones()).length, 1);
      }));

    test('deleteConsentData removes everything of one consent, withdraws it and leaves tombstones', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store, 1_000);
        const second = await store.createConversation(newConversation(consent.id, { createdAt: 2_000 }));
        await store.createConversation(newConversation(consent.id, { createdAt: 3_000 }));
        const root = await completedTurn(store, conversation.id, consent.id);
        await completedTurn(store, conversation.id, consent.id, { parentTurnId: root.turnIdentifier });
        await store.insertTurn(newTurn(second.id, consent.id));
        const other = await seedConversation(store, 1_500);
        const otherTurn = await completedTurn(store, other.conversation.id, other.consent.id);

        assert.deepEqual(await store.deleteConsentData(consent.id, 9_000), { conversations: 3, turns: 3 });
        assert.deepEqual(await store.listConversations(consent.id), []);
        assert.equal(await store.getConversation(conversation.id), null);
        assert.equal(await store.getTurn(root.turnIdentifier), null);
        const withdrawn = await store.getConsent(consent.id);
        assert.equal(withdrawn?.withdrawnAt, 9_000);
        assert.deepEqual(await store.findConsentByTokenHash(consent.tokenHash), withdrawn);

        const tombstones = await store.listTombstones();
        assert.equal(tombstones.length, 3);
        assert.ok(tombstones.every((tombstone) => tombstone.consentId === consent.id));
        assert.ok(tombstones.every((tombstone) => tombstone.reason === 'user_deleted_all' && tombstone.deletedAt === 9_000));
        assert.ok(tombstones.some((tombstone) => tombstone.conversationId === conversation.id));
        assert.ok(tombstones.some((tombstone) => tombstone.conversationId === second.id));

        assert.equal((await store.getConsent(other.consent.id))?.withdrawnAt, null);
        assert.deepEqual(await store.getTurn(otherTurn.turnIdentifier), otherTurn);
        assert.equal(await store.countConversations(), 1);
        const released = (await collect(store.iterateConversations())).flat();
        assert.deepEqual(
          released.map((item) => item.conversation.id),
          [other.conversation.id],
        );
        assert.deepEqual(await store.deleteConsentData('no-such-consent', 9_500), { conversations: 0, turns: 0 });
      }));

    test('iterateConversations yields batches in creation order with consent and turns', () =>
      withStore(async (store) => {
        assert.deepEqual(await collect(store.iterateConversations()), []);
        const alice = await store.createConsent(newConsent());
        const bob = await store.createConsent(newConsent());
        const created: ConversationRecord[] = [];
        // Two share a creation time, so the id decides their order.
        for (const [consentId, createdAt] of [
          [bob.id, 3_000],
          [alice.id, 1_000],
          [alice.id, 2_000],
          [bob.id, 2_000],
          [alice.id, 4_000],
        ] as const) {
          created.push(await store.createConversation(newConversation(consentId, { createdAt })));
        }
        const first = created[1]!;
        const root = await completedTurn(store, first.id, alice.id);
        const reply = await completedTurn(store, first.id, alice.id, { parentTurnId: root.turnIdentifier });
        const expectedOrder = [...created]
          .sort((left, right) => left.createdAt - right.createdAt || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))
          .map((conversation) => conversation.id);

        const batches = await collect(store.iterateConversations({ batchSize: 2 }));
        assert.deepEqual(
          batches.map((batch) => batch.length),
          [2, 2, 1],
        );
        const items = batches.flat();
        assert.deepEqual(
          items.map((item) => item.conversation.id),
          expectedOrder,
        );
        const firstItem = items[0]!;
        assert.deepEqual(firstItem.conversation, await store.getConversation(first.id));
        assert.deepEqual(firstItem.consent, alice);
        assert.deepEqual(firstItem.turns, [root, reply]);
        const bobItem = items.find((item) => item.conversation.id === created[0]?.id);
        assert.deepEqual(bobItem?.consent, bob);
        assert.deepEqual(bobItem?.turns, []);

        const everything = await collect(store.iterateConversations());
        assert.equal(everything.length, 1);
        assert.equal(everything[0]?.length, 5);
      }));

    test('iterateConversations: since is inclusive, until exclusive', () =>
      withStore(async (store) => {
        const consent = await store.createConsent(newConsent());
        for (const createdAt of [1_000, 2_000, 2_000, 3_000, 4_000]) {
          await store.createConversation(newConversation(consent.id, { createdAt }));
        }
        const window = (await collect(store.iterateConversations({ since: 2_000, until: 4_000, batchSize: 1 }))).flat();
        assert.deepEqual(
          window.map((item) => item.conversation.createdAt),
          [2_000, 2_000, 3_000],
        );
        const fromStart = (await collect(store.iterateConversations({ until: 2_000 }))).flat();
        assert.deepEqual(
          fromStart.map((item) => item.conversation.createdAt),
          [1_000],
        );
        const toEnd = (await collect(store.iterateConversations({ since: 3_500 }))).flat();
        assert.deepEqual(
          toEnd.map((item) => item.conversation.createdAt),
          [4_000],
        );
        assert.deepEqual(await collect(store.iterateConversations({ since: 5_000 })), []);
      }));

    test('iterateConversations sees conversations added between batches after the cursor', () =>
      withStore(async (store) => {
        const consent = await store.createConsent(newConsent());
        for (const createdAt of [1_000, 2_000, 3_000]) await store.createConversation(newConversation(consent.id, { createdAt }));
        const seen: number[] = [];
        for await (const batch of store.iterateConversations({ batchSize: 2 })) {
          seen.push(...batch.map((item) => item.conversation.createdAt));
          if (seen.length === 2) {
            await store.createConversation(newConversation(consent.id, { createdAt: 500 }));
            await store.createConversation(newConversation(consent.id, { createdAt: 5_000 }));
          }
        }
        assert.deepEqual(seen, [1_000, 2_000, 3_000, 5_000]);
      }));

    test('conversationCursors split the creation order into shards that iterate with after and limit', () =>
      withStore(async (store) => {
        const consent = await store.createConsent(newConsent());
        for (const createdAt of [5_000, 1_000, 2_000, 2_000, 3_000, 4_000, 6_000]) await store.createConversation(newConversation(consent.id, { createdAt }));
        const everything = (await collect(store.iterateConversations())).flat().map((item) => item.conversation.id);
        const cursors = await store.conversationCursors(3);
        assert.equal(cursors.length, 2);
        assert.deepEqual(
          cursors.map((cursor) => cursor.id),
          [everything[2], everything[5]],
        );
        const shards: string[][] = [];
        for (const after of [undefined, ...cursors]) {
          const batches = await collect(store.iterateConversations({ batchSize: 2, limit: 3, ...(after === undefined ? {} : { after }) }));
          shards.push(batches.flat().map((item) => item.conversation.id));
        }
        assert.deepEqual(
          shards.map((shard) => shard.length),
          [3, 3, 1],
        );
        assert.deepEqual(shards.flat(), everything);
        await assert.rejects(store.conversationCursors(0));
      }));

    test('countConversations counts every stored conversation', () =>
      withStore(async (store) => {
        assert.equal(await store.countConversations(), 0);
        const { consent } = await seedConversation(store);
        await store.createConversation(newConversation(consent.id));
        await seedConversation(store);
        assert.equal(await store.countConversations(), 3);
      }));
  });
}
