/**
 * State that several `wildchat serve` processes on one database must agree on: the IP-hashing
 * keys (one ring, provisioned once), run-time switches such as the kill switch, and rate-limit
 * counters per hashed IP. A store that can be shared (PostgreSQL) offers it as `Store.sharedState`;
 * a single-process store (SQLite) does not, and the server keeps that state in the data folder and
 * in memory instead.
 */
export interface SharedIpKey {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  secret: Buffer;
}

export interface SharedIpKeyRing {
  currentKeyId: string;
  keys: SharedIpKey[];
}

export type SharedWindowDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SharedTokenReservationRequest {
  /** UTC day number. */
  day: number;
  consentId: string;
  tokens: number;
  /** 0: no limit. */
  daily: number;
  /** 0: no limit. */
  perConsent: number;
  /** Until when the reservation stands unless renewed; an expired one is charged in full. */
  leaseUntil: number;
  now: number;
}

export interface SharedTokenTotals {
  /** Today's settled spend over all consents. */
  spent: number;
  /** Today's open reservations over all instances. */
  reserved: number;
}

export type SharedTokenDecision =
  ({ allowed: true; reservationId: number } & SharedTokenTotals) | ({ allowed: false; scope: 'global' | 'consent' } & SharedTokenTotals);

export interface SharedServerState {
  /** The key ring; the first caller ever creates key k1 (concurrent first callers agree on one). */
  loadOrCreateIpKeys(): Promise<SharedIpKeyRing>;
  /** Adds a new current key (old ones stay); returns its id. */
  rotateIpKey(): Promise<string>;
  /**
   * Deletes an old key's secret for good (every instance drops it at its next reload). Refused for
   * the current key and for an id the ring does not hold; ids are never reused, since rotation always
   * takes one above the current key's.
   */
  retireIpKey(keyId: string): Promise<void>;
  /** A switch's value, null when unset. */
  readSwitch(name: string): Promise<string | null>;
  /** Sets (or, with null, clears) a switch. */
  writeSwitch(name: string, value: string | null, at: number): Promise<void>;
  /**
   * Counts one event for `subject` when fewer than `limit` happened in the last `windowMs` (a
   * sliding window over fixed sub-windows, atomic across processes); refuses otherwise.
   */
  takeWindow(bucket: string, subject: string, limit: number, windowMs: number, now: number): Promise<SharedWindowDecision>;
  /**
   * Reserves tokens of a UTC day's budgets when the day's spend plus every instance's open
   * reservations leave room, globally and for the consent (atomic across instances).
   */
  reserveTokens(request: SharedTokenReservationRequest): Promise<SharedTokenDecision>;
  /**
   * Ends a reservation with what was used. A reservation that already expired was charged in full
   * then, and settling it changes nothing.
   */
  settleTokens(reservationId: number, usedTokens: number, now: number): Promise<SharedTokenTotals>;
  /** Extends the leases of the reservations this instance still holds; returns today's totals. */
  renewTokenLeases(reservationIds: readonly number[], leaseUntil: number, day: number, now: number): Promise<SharedTokenTotals>;
}
