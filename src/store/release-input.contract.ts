/**
 * Store behaviour the release and the server rely on beyond plain reads and writes: the one-query
 * turn path, the collected-input snapshot and the activity count between two review boundaries.
 * Called by runStoreContract; `open` returns a new, EMPTY store per call.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Store } from './store.ts';
import { completedTurn, newConversation, seedConversation } from './store-contract-fixtures.ts';

export function runReleaseInputContract(name: string, withStore: (body: (store: Store) => Promise<void>) => Promise<void>): void {
  describe(`Store contract (turn path, release input): ${name}`, () => {
    test('getTurnPath returns a turn and its ancestors, leaf first, at most limit of them', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const root = await completedTurn(store, conversation.id, consent.id);
        const middle = await completedTurn(store, conversation.id, consent.id, { parentTurnId: root.turnIdentifier });
        const leaf = await completedTurn(store, conversation.id, consent.id, { parentTurnId: middle.turnIdentifier });
        // A sibling branch is not on the path.
        await completedTurn(store, conversation.id, consent.id, { parentTurnId: root.turnIdentifier });
        const ids = async (lastTurnId: number, limit: number) =>
          (await store.getTurnPath(conversation.id, lastTurnId, limit)).map((turn) => turn.turnIdentifier);
        assert.deepEqual(await ids(leaf.turnIdentifier, 10), [leaf.turnIdentifier, middle.turnIdentifier, root.turnIdentifier]);
        assert.deepEqual(await store.getTurnPath(conversation.id, leaf.turnIdentifier, 10).then((turns) => turns[0]), leaf);
        assert.deepEqual(await ids(leaf.turnIdentifier, 2), [leaf.turnIdentifier, middle.turnIdentifier]);
        assert.deepEqual(await ids(root.turnIdentifier, 1), [root.turnIdentifier]);
        assert.deepEqual(await ids(leaf.turnIdentifier, 0), []);
        assert.deepEqual(await ids(999_999, 10), []);
      }));

    test('getTurnPath does not leave the conversation', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store);
        const other = await store.createConversation(newConversation(consent.id));
        const foreign = await completedTurn(store, other.id, consent.id);
        assert.deepEqual(await store.getTurnPath(conversation.id, foreign.turnIdentifier, 10), []);
        const turn = await completedTurn(store, conversation.id, consent.id);
        assert.deepEqual(
          (await store.getTurnPath(conversation.id, turn.turnIdentifier, 10)).map((item) => item.turnIdentifier),
          [turn.turnIdentifier],
        );
      }));

    test('collectedSnapshot changes with every write a release would see, and only then', () =>
      withStore(async (store) => {
        const empty = await store.collectedSnapshot();
        assert.deepEqual(await store.collectedSnapshot(), empty);
        const { consent, conversation } = await seedConversation(store);
        const afterConversation = await store.collectedSnapshot();
        assert.notDeepEqual(afterConversation, empty);
        await completedTurn(store, conversation.id, consent.id);
        const afterTurn = await store.collectedSnapshot();
        assert.notDeepEqual(afterTurn, afterConversation);
        await store.listTurns(conversation.id);
        assert.deepEqual(await store.collectedSnapshot(), afterTurn, 'reads leave the snapshot alone');
        await store.deleteConversation(conversation.id, 'user_deleted_conversation', 1_800_000_000_000);
        const afterDeletion = await store.collectedSnapshot();
        assert.notDeepEqual(afterDeletion, afterTurn);
        await seedConversation(store).then(({ consent: other }) => store.deleteConsentData(other.id, 1_800_000_000_001));
        assert.notDeepEqual(await store.collectedSnapshot(), afterDeletion);
      }));

    test('countActivityBetween counts updated conversations and active turns in (low, high]', () =>
      withStore(async (store) => {
        const { consent, conversation } = await seedConversation(store, 1_000);
        await completedTurn(store, conversation.id, consent.id, { receivedAt: 2_000 }, { firstTokenAt: 2_500, completedAt: 3_000 });
        const stored = await store.getConversation(conversation.id);
        assert.ok(stored !== null);
        assert.equal(await store.countActivityBetween(0, 500), 0);
        assert.equal(await store.countActivityBetween(2_999, 3_000), 1 + (stored.updatedAt > 2_999 && stored.updatedAt <= 3_000 ? 1 : 0));
        assert.equal(await store.countActivityBetween(3_000, 10_000), stored.updatedAt > 3_000 && stored.updatedAt <= 10_000 ? 1 : 0);
        assert.equal(await store.countActivityBetween(0, Number.MAX_SAFE_INTEGER), 2);
      }));
  });
}
