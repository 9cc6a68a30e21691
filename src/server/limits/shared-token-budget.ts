/**
 * The daily token budgets when several serve instances share one store: reservations and settled
 * spend live in the store's shared state, so N instances together keep to one budget and a restart
 * keeps the day's count. Each open reservation is leased; while this instance holds reservations a
 * timer renews their leases and refreshes the day's totals. A reservation whose settle could not be
 * written (the database was away) is no longer renewed, expires, and is charged in full: the reply
 * may have run, and the budget protects the operator's bill.
 */
import type { SharedServerState, SharedTokenTotals } from '../../store/shared-server-state.ts';
import { secondsUntilNextUtcDay, utcDayOf, type BudgetDecision, type BudgetLimits, type BudgetReservation, type TokenLedger } from './token-ledger.ts';

/** How long a reservation stands without renewal. */
export const TOKEN_LEASE_MILLISECONDS = 30_000;
const RENEW_MILLISECONDS = 10_000;

export class SharedTokenBudget implements TokenLedger {
  readonly #open = new Set<number>();
  readonly #pending = new Set<Promise<void>>();
  #totals: SharedTokenTotals & { day: number } = { day: -1, spent: 0, reserved: 0 };
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly shared: SharedServerState,
    private readonly limits: () => BudgetLimits,
    private readonly clock: () => number,
    /** Told (with no user data) when a settle or renewal could not be written. */
    private readonly onStoreError: (operation: 'settle' | 'renew', error: unknown) => void = () => undefined,
  ) {}

  private today(): number {
    return utcDayOf(this.clock());
  }

  private remember(day: number, totals: SharedTokenTotals): void {
    if (day >= this.#totals.day) this.#totals = { day, ...totals };
  }

  private known(): SharedTokenTotals {
    return this.#totals.day === this.today() ? this.#totals : { spent: 0, reserved: 0 };
  }

  get spentToday(): number {
    return this.known().spent;
  }

  get reservedNow(): number {
    return this.known().reserved;
  }

  get exhausted(): boolean {
    const { daily, floor } = this.limits();
    return daily > 0 && this.known().spent + floor > daily;
  }

  secondsUntilNextDay(): number {
    return secondsUntilNextUtcDay(this.clock());
  }

  async reserve(consentId: string, tokens: number): Promise<BudgetDecision> {
    const { daily, perConsent } = this.limits();
    const now = this.clock();
    const day = this.today();
    const decision = await this.shared.reserveTokens({ day, consentId, tokens, daily, perConsent, leaseUntil: now + TOKEN_LEASE_MILLISECONDS, now });
    this.remember(day, decision);
    if (!decision.allowed) return { allowed: false, scope: decision.scope, retryAfterSeconds: this.secondsUntilNextDay() };
    this.#open.add(decision.reservationId);
    this.startRenewing();
    return { allowed: true, reservation: { id: decision.reservationId, day, consentId, tokens } };
  }

  settle(reservation: BudgetReservation, usedTokens: number): void {
    const id = reservation.id;
    if (id === null) throw new Error('a shared budget settles only its own reservations');
    this.#open.delete(id);
    if (this.#open.size === 0) this.stopRenewing();
    const write = this.shared.settleTokens(id, usedTokens, this.clock()).then(
      (totals) => this.remember(reservation.day, totals),
      (error: unknown) => this.onStoreError('settle', error),
    );
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }

  async drain(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  private startRenewing(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => {
      const now = this.clock();
      const day = this.today();
      this.shared.renewTokenLeases([...this.#open], now + TOKEN_LEASE_MILLISECONDS, day, now).then(
        (totals) => this.remember(day, totals),
        (error: unknown) => this.onStoreError('renew', error),
      );
    }, RENEW_MILLISECONDS);
    // Open reservations must not keep a stopping process alive; their leases simply expire.
    this.#timer.unref();
  }

  private stopRenewing(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
