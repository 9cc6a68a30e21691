/**
 * What every TokenLedger must do, run against the in-process ledger and the shared one on a real
 * PostgreSQL. `make` gets the limits and a clock the test moves.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BudgetLimits, TokenLedger } from './token-ledger.ts';

export type MakeLedger = (limits: BudgetLimits, clock: () => number) => Promise<TokenLedger>;

export function tokenLedgerContract(make: MakeLedger): void {
  test('open reservations count against the budget, so concurrent messages cannot overrun it', async () => {
    let now = Date.parse('2026-01-01T10:00:00Z');
    const ledger = await make({ daily: 1000, perConsent: 0, floor: 100 }, () => now);
    const [a, b] = await Promise.all([ledger.reserve('a', 400), ledger.reserve('b', 400)]);
    assert.ok(a?.allowed && b?.allowed);
    const c = await ledger.reserve('c', 400);
    assert.equal(c.allowed, false);
    if (!c.allowed) {
      assert.equal(c.scope, 'global');
      assert.equal(c.retryAfterSeconds, 14 * 3600);
    }
    ledger.settle(a.reservation, 150);
    await ledger.drain();
    assert.ok((await ledger.reserve('c', 400)).allowed);
    assert.equal(ledger.spentToday, 150);
    assert.equal(ledger.exhausted, false);
    ledger.settle(b.reservation, 800);
    await ledger.drain();
    // 950 spent: less than one default-sized reply (100) is left, so the kill switch trips.
    assert.equal(ledger.spentToday, 950);
    assert.equal(ledger.exhausted, true);
    now += 14 * 3600 * 1000;
    assert.equal(ledger.exhausted, false);
    assert.equal(ledger.spentToday, 0);
    assert.ok((await ledger.reserve('d', 900)).allowed, 'a new UTC day has the whole budget');
  });

  test('the per-consent budget binds one consent only; a reservation settled at 0 costs nothing', async () => {
    const ledger = await make({ daily: 0, perConsent: 500, floor: 10 }, () => 0);
    const first = await ledger.reserve('a', 300);
    assert.ok(first.allowed);
    const second = await ledger.reserve('a', 300);
    assert.equal(second.allowed, false);
    if (!second.allowed) assert.equal(second.scope, 'consent');
    assert.ok((await ledger.reserve('b', 300)).allowed);
    ledger.settle(first.reservation, 0);
    await ledger.drain();
    assert.equal(ledger.spentToday, 0);
    assert.ok((await ledger.reserve('a', 300)).allowed);
  });

  test('usage beyond the reservation is charged as used', async () => {
    const ledger = await make({ daily: 1000, perConsent: 0, floor: 10 }, () => 0);
    const first = await ledger.reserve('a', 100);
    assert.ok(first.allowed);
    ledger.settle(first.reservation, 700);
    await ledger.drain();
    assert.equal(ledger.spentToday, 700);
    assert.equal((await ledger.reserve('a', 400)).allowed, false);
  });
}
