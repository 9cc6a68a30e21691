import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPostgresStore } from '../../store/postgres/open-postgres-store.ts';
import type { PostgresStore } from '../../store/postgres/postgres-store.ts';
import { findPostgresBinaries, POSTGRES_MISSING_MESSAGE, startPostgresServer, type PostgresServer } from '../../../test/support/postgres-server.ts';
import { SharedTokenBudget, TOKEN_LEASE_MILLISECONDS } from './shared-token-budget.ts';
import { tokenLedgerContract } from './token-ledger.contract.ts';

const skip = findPostgresBinaries() === null ? POSTGRES_MISSING_MESSAGE : false;

describe('SharedTokenBudget on PostgreSQL', { skip }, () => {
  let postgres: PostgresServer;
  const stores: PostgresStore[] = [];
  const openStore = async (url?: string): Promise<PostgresStore> => {
    const store = await openPostgresStore({ url: url ?? (await postgres.createDatabase()), maxConnections: 4 });
    stores.push(store);
    return store;
  };

  before(async () => {
    postgres = await startPostgresServer();
  });
  after(async () => {
    for (const store of stores) await store.close();
    await postgres?.stop();
  });

  describe('the ledger contract', () => {
    tokenLedgerContract(async (limits, clock) => new SharedTokenBudget((await openStore()).sharedState, () => limits, clock));
  });

  test('two instances keep to one budget: concurrent reservations from both never overrun it', async () => {
    const url = await postgres.createDatabase();
    const store = await openStore(url);
    const second = await openStore(url);
    const limits = () => ({ daily: 3_000, perConsent: 0, floor: 10 });
    const ledgers = [new SharedTokenBudget(store.sharedState, limits, () => 0), new SharedTokenBudget(second.sharedState, limits, () => 0)];
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, index) => ledgers[index % 2]!.reserve(`consent-${index}`, 100)));
    assert.equal(decisions.filter((decision) => decision.allowed).length, 30, '30 reservations of 100 fit a budget of 3,000');
    for (const [index, decision] of decisions.entries()) if (decision.allowed) ledgers[index % 2]!.settle(decision.reservation, 100);
    await Promise.all(ledgers.map((ledger) => ledger.drain()));
    // A new ledger (a restarted instance) sees the day's spend.
    const restarted = new SharedTokenBudget(second.sharedState, limits, () => 0);
    assert.equal((await restarted.reserve('late', 10)).allowed, false);
    assert.equal(restarted.spentToday, 3_000);
    assert.equal(restarted.exhausted, true);
  });

  test('a reservation whose lease ran out is charged in full, once, even if its settle arrives later', async () => {
    const store = await openStore();
    let now = 1_000_000;
    const limits = () => ({ daily: 1_000, perConsent: 0, floor: 10 });
    const ledger = new SharedTokenBudget(store.sharedState, limits, () => now);
    const held = await ledger.reserve('a', 400);
    assert.ok(held.allowed);
    // The instance went away: nobody renewed the lease.
    now += TOKEN_LEASE_MILLISECONDS + 1;
    const other = new SharedTokenBudget(store.sharedState, limits, () => now);
    const probe = await other.reserve('b', 700);
    assert.equal(probe.allowed, false, '400 charged in full leaves 600');
    assert.equal(other.spentToday, 400);
    ledger.settle(held.reservation, 50);
    await ledger.drain();
    assert.equal((await other.reserve('b', 600)).allowed, true, 'the late settle neither refunds nor charges again');
    assert.equal(other.spentToday, 400);
  });
});
