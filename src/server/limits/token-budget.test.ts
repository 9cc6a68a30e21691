import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBudget } from './token-budget.ts';

describe('TokenBudget', () => {
  test('open reservations count against the budget, so concurrent messages cannot overrun it', () => {
    let now = Date.parse('2026-01-01T10:00:00Z');
    const budget = new TokenBudget(
      () => ({ daily: 1000, perConsent: 0, floor: 100 }),
      () => now,
    );
    const a = budget.reserve('a', 400);
    const b = budget.reserve('b', 400);
    assert.ok(a.allowed && b.allowed);
    const c = budget.reserve('c', 400);
    assert.equal(c.allowed, false);
    if (!c.allowed) {
      assert.equal(c.scope, 'global');
      assert.equal(c.retryAfterSeconds, 14 * 3600);
    }
    budget.settle(a.reservation, 150);
    assert.ok(budget.reserve('c', 400).allowed);
    assert.equal(budget.spentToday, 150);
    assert.equal(budget.exhausted, false);
    budget.settle(b.reservation, 800);
    // 950 spent: less than one default-sized reply (100) is left, so the kill switch trips.
    assert.equal(budget.exhausted, true);
    now += 14 * 3600 * 1000;
    assert.equal(budget.exhausted, false);
    assert.equal(budget.spentToday, 0);
  });

  test('the per-consent budget binds one consent only; a reservation settled at 0 costs nothing', () => {
    const budget = new TokenBudget(
      () => ({ daily: 0, perConsent: 500, floor: 10 }),
      () => 0,
    );
    const first = budget.reserve('a', 300);
    assert.ok(first.allowed);
    const second = budget.reserve('a', 300);
    assert.equal(second.allowed, false);
    if (!second.allowed) assert.equal(second.scope, 'consent');
    assert.ok(budget.reserve('b', 300).allowed);
    budget.settle(first.reservation, 0);
    assert.ok(budget.reserve('a', 300).allowed);
    assert.equal(budget.consentSpentToday('a'), 0);
  });
});
