/**
 * Daily token budgets, global and per consent, in upstream tokens (prompt + completion). Each
 * message reserves an upper estimate (its prompt plus the max_tokens it may produce) before it is
 * forwarded and settles to the upstream's reported usage when it ends. Because admission counts
 * the reservations still open, concurrent messages cannot together overrun the budget as long as
 * the upstream keeps to max_tokens and the prompt estimate holds.
 *
 * Days are UTC days. This ledger is this process's (a single-process store): a restart starts the
 * day's count again from zero. Instances sharing a PostgreSQL store use SharedTokenBudget instead.
 */
import { secondsUntilNextUtcDay, utcDayOf, type BudgetDecision, type BudgetLimits, type BudgetReservation, type TokenLedger } from './token-ledger.ts';

export type { BudgetDecision, BudgetLimits, BudgetReservation, TokenLedger } from './token-ledger.ts';

interface DayLedger {
  day: number;
  spent: number;
  reserved: number;
  consentSpent: Map<string, number>;
  consentReserved: Map<string, number>;
}

export class TokenBudget implements TokenLedger {
  private ledger: DayLedger;

  constructor(
    private readonly limits: () => BudgetLimits,
    private readonly clock: () => number,
  ) {
    this.ledger = emptyLedger(this.today());
  }

  private today(): number {
    return utcDayOf(this.clock());
  }

  private current(): DayLedger {
    const day = this.today();
    if (this.ledger.day !== day) this.ledger = emptyLedger(day);
    return this.ledger;
  }

  secondsUntilNextDay(): number {
    return secondsUntilNextUtcDay(this.clock());
  }

  /** Tokens spent today (settled usage) over all consents. */
  get spentToday(): number {
    return this.current().spent;
  }

  get reservedNow(): number {
    return this.current().reserved;
  }

  /**
   * True once today's settled usage leaves less than one default-sized reply of the global
   * budget: the kill switch is tripped until the next UTC day.
   */
  get exhausted(): boolean {
    const { daily, floor } = this.limits();
    return daily > 0 && this.current().spent + floor > daily;
  }

  consentSpentToday(consentId: string): number {
    return this.current().consentSpent.get(consentId) ?? 0;
  }

  async reserve(consentId: string, tokens: number): Promise<BudgetDecision> {
    const ledger = this.current();
    const { daily, perConsent } = this.limits();
    if (daily > 0 && ledger.spent + ledger.reserved + tokens > daily) {
      return { allowed: false, scope: 'global', retryAfterSeconds: this.secondsUntilNextDay() };
    }
    const consentUsed = (ledger.consentSpent.get(consentId) ?? 0) + (ledger.consentReserved.get(consentId) ?? 0);
    if (perConsent > 0 && consentUsed + tokens > perConsent) {
      return { allowed: false, scope: 'consent', retryAfterSeconds: this.secondsUntilNextDay() };
    }
    ledger.reserved += tokens;
    ledger.consentReserved.set(consentId, (ledger.consentReserved.get(consentId) ?? 0) + tokens);
    return { allowed: true, reservation: { id: null, day: ledger.day, consentId, tokens } };
  }

  async drain(): Promise<void> {}

  /** Replaces the reservation by what was really used (0 when the upstream was never reached). */
  settle(reservation: BudgetReservation, usedTokens: number): void {
    const ledger = this.current();
    if (ledger.day === reservation.day) {
      ledger.reserved -= reservation.tokens;
      const left = (ledger.consentReserved.get(reservation.consentId) ?? 0) - reservation.tokens;
      if (left <= 0) ledger.consentReserved.delete(reservation.consentId);
      else ledger.consentReserved.set(reservation.consentId, left);
    }
    if (usedTokens <= 0) return;
    ledger.spent += usedTokens;
    ledger.consentSpent.set(reservation.consentId, (ledger.consentSpent.get(reservation.consentId) ?? 0) + usedTokens);
  }
}

function emptyLedger(day: number): DayLedger {
  return { day, spent: 0, reserved: 0, consentSpent: new Map(), consentReserved: new Map() };
}
