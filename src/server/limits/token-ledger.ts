/**
 * The daily token budgets' ledger as cost controls see it: TokenBudget keeps it in this process,
 * SharedTokenBudget in the store shared by several instances. Reserving may wait on the store;
 * settling never makes the reply wait, and the figures below are the last known ones.
 */
export interface BudgetLimits {
  /** 0: no global limit. */
  daily: number;
  /** 0: no per-consent limit. */
  perConsent: number;
  /** The smallest reply worth admitting (the default max_tokens): below this much left, the day is over. */
  floor: number;
}

export type BudgetDecision = { allowed: true; reservation: BudgetReservation } | { allowed: false; scope: 'global' | 'consent'; retryAfterSeconds: number };

export interface BudgetReservation {
  /** The shared ledger's row id; null in a process-local ledger. */
  readonly id: number | null;
  /** The UTC day number (milliseconds since the epoch / 86,400,000). */
  readonly day: number;
  readonly consentId: string;
  readonly tokens: number;
}

export interface TokenLedger {
  /** Counts `tokens` against today's global and per-consent budgets when both have room. */
  reserve(consentId: string, tokens: number): Promise<BudgetDecision>;
  /** Replaces the reservation by what was really used (0 when the upstream was never reached). */
  settle(reservation: BudgetReservation, usedTokens: number): void;
  /** Tokens spent today (settled usage) over all consents. */
  readonly spentToday: number;
  readonly reservedNow: number;
  /** Today's settled usage leaves less than one default-sized reply: the kill switch is on until the next UTC day. */
  readonly exhausted: boolean;
  secondsUntilNextDay(): number;
  /** Resolves once every settle made so far is recorded (at once for a process-local ledger). */
  drain(): Promise<void>;
}

const DAY_MILLISECONDS = 86_400_000;

/** The UTC day number of a time in milliseconds; both ledgers count budgets per such day. */
export function utcDayOf(now: number): number {
  return Math.floor(now / DAY_MILLISECONDS);
}

/** Seconds until the next UTC day starts (at least 1): the Retry-After of a spent budget. */
export function secondsUntilNextUtcDay(now: number): number {
  return Math.max(1, Math.ceil(((utcDayOf(now) + 1) * DAY_MILLISECONDS - now) / 1000));
}
