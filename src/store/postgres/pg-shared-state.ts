/**
 * SharedServerState on PostgreSQL (tables from migration '0300-shared-server-state').
 *
 * Rate limits: a sliding window approximated by SLOTS fixed sub-windows per window, counted with
 * wildchat_take_window (migration 0301: a per-subject transaction advisory lock, a sum and an upsert), so two instances admitting the same
 * hashed IP at once cannot both take the last slot. The windows, reservations and settles asked for
 * in one event-loop tick go to the database as one statement (TickBatch, migration 0501). The count is exact to the sub-window (1/SLOTS
 * of the window), which is the same semantics a single process gives up to that granularity.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type {
  SharedIpKeyRing,
  SharedServerState,
  SharedTokenDecision,
  SharedTokenReservationRequest,
  SharedTokenTotals,
  SharedWindowDecision,
} from '../shared-server-state.ts';
import { inTransaction } from './pg-pool.ts';
import { TickBatch } from './tick-batch.ts';

const KEY_BYTES = 32;
const DAY_MILLISECONDS = 86_400_000;
const SLOTS = 12;

interface KeyRow {
  key_id: string;
  secret: string;
  created_at: number;
  current: boolean;
}

/** A 63-bit advisory-lock key from a string (pg_advisory_xact_lock takes a bigint). */
function lockKey(text: string): string {
  return (createHash('sha256').update(text).digest().readBigInt64BE(0) >> 1n).toString();
}

/** A refused key-ring change the operator must act on; the message never contains key material. */
export class IpKeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpKeyRingError';
  }
}

interface WindowRequest {
  bucket: string;
  subject: string;
  limit: number;
  slotStart: number;
  oldestCounted: number;
}

interface Settlement {
  reservationId: number;
  usedTokens: number;
  /** The day whose totals answer a reservation that was already gone. */
  day: number;
}

export class PgSharedServerState implements SharedServerState {
  #lastSweep = 0;
  readonly #windows = new TickBatch<WindowRequest, number | null>((requests) => this.#takeWindows(requests));
  readonly #reservations = new TickBatch<SharedTokenReservationRequest, SharedTokenDecision>((requests) => this.#reserveBatch(requests));
  readonly #settlements = new TickBatch<Settlement, SharedTokenTotals>((settlements) => this.#settleBatch(settlements));

  constructor(private readonly pool: pg.Pool) {}

  async loadOrCreateIpKeys(): Promise<SharedIpKeyRing> {
    const existing = await this.#readKeys(this.pool);
    if (existing !== null) return existing;
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey('ip_hash_keys')]);
      const raced = await this.#readKeys(client);
      if (raced !== null) return raced;
      await client.query('INSERT INTO ip_hash_keys (key_id, secret, created_at, current) VALUES ($1, $2, $3, true)', [
        'k1',
        randomBytes(KEY_BYTES).toString('base64'),
        Date.now(),
      ]);
      const created = await this.#readKeys(client);
      if (created === null) throw new Error('IP key ring missing right after it was created');
      return created;
    });
  }

  async rotateIpKey(): Promise<string> {
    await this.loadOrCreateIpKeys();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey('ip_hash_keys')]);
      const ids = await client.query<{ key_id: string }>('SELECT key_id FROM ip_hash_keys');
      const highest = Math.max(0, ...ids.rows.map((row) => Number(row.key_id.slice(1))));
      const next = `k${highest + 1}`;
      await client.query('UPDATE ip_hash_keys SET current = false WHERE current');
      await client.query('INSERT INTO ip_hash_keys (key_id, secret, created_at, current) VALUES ($1, $2, $3, true)', [
        next,
        randomBytes(KEY_BYTES).toString('base64'),
        Date.now(),
      ]);
      return next;
    });
  }

  async retireIpKey(keyId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey('ip_hash_keys')]);
      const ring = await this.#readKeys(client);
      if (ring === null || !ring.keys.some((key) => key.id === keyId)) {
        throw new IpKeyRingError(`no IP key ${keyId} (have: ${ring?.keys.map((key) => key.id).join(', ') ?? 'none'})`);
      }
      if (ring.currentKeyId === keyId) throw new IpKeyRingError(`${keyId} is the current key; run \`wildchat keys rotate\` first`);
      await client.query('DELETE FROM ip_hash_keys WHERE key_id = $1', [keyId]);
    });
    // A deleted row's bytes stay in the table's pages until they are reused; VACUUM FULL rewrites the
    // (tiny) table into new files. It needs the table's owner, so a refusal only leaves that to autovacuum.
    await this.pool.query('VACUUM FULL ip_hash_keys').catch(() => undefined);
  }

  async readSwitch(name: string): Promise<string | null> {
    const result = await this.pool.query<{ value: string }>('SELECT value FROM server_switches WHERE name = $1', [name]);
    return result.rows[0]?.value ?? null;
  }

  async writeSwitch(name: string, value: string | null, at: number): Promise<void> {
    if (value === null) {
      await this.pool.query('DELETE FROM server_switches WHERE name = $1', [name]);
      return;
    }
    await this.pool.query(
      `INSERT INTO server_switches (name, value, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [name, value, at],
    );
  }

  async takeWindow(bucket: string, subject: string, limit: number, windowMs: number, now: number): Promise<SharedWindowDecision> {
    const slotMs = Math.max(1, Math.ceil(windowMs / SLOTS));
    const slotStart = Math.floor(now / slotMs) * slotMs;
    const oldestCounted = slotStart - (SLOTS - 1) * slotMs;
    const oldest = await this.#windows.submit({ bucket, subject, limit, slotStart, oldestCounted });
    // The oldest counted sub-window leaves the window first.
    const decision: SharedWindowDecision =
      oldest === null ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + SLOTS * slotMs - now) / 1000)) };
    if (now - this.#lastSweep > windowMs) {
      this.#lastSweep = now;
      // Old sub-windows are garbage; any instance may drop them.
      this.pool.query('DELETE FROM rate_limit_windows WHERE window_start < $1', [now - 2 * windowMs]).catch(() => undefined);
    }
    return decision;
  }

  /** Every window taken in one tick: one call of wildchat_take_windows (migration 0501). */
  async #takeWindows(requests: readonly WindowRequest[]): Promise<(number | null)[]> {
    const result = await this.pool.query<{ item: number; oldest: number | null }>({
      // Named: each connection parses and plans the hot-path statements once.
      name: 'wildchat_take_windows',
      text: 'SELECT item, oldest FROM wildchat_take_windows($1, $2, $3, $4, $5)',
      values: [
        requests.map((request) => request.bucket),
        requests.map((request) => request.subject),
        requests.map((request) => request.limit),
        requests.map((request) => request.slotStart),
        requests.map((request) => request.oldestCounted),
      ],
    });
    const oldest = new Array<number | null | undefined>(requests.length);
    for (const row of result.rows) oldest[row.item - 1] = row.oldest;
    return oldest.map((value) => {
      if (value === undefined) throw new Error('wildchat_take_windows left a window unanswered');
      return value;
    });
  }

  async reserveTokens(request: SharedTokenReservationRequest): Promise<SharedTokenDecision> {
    return this.#reservations.submit(request);
  }

  /** Every reservation asked for in one tick: one call of wildchat_reserve_tokens_batch (migration 0501). */
  async #reserveBatch(requests: readonly SharedTokenReservationRequest[]): Promise<SharedTokenDecision[]> {
    const result = await this.pool.query<{
      item: number;
      reservation_id: number | null;
      refused: 'global' | 'consent' | null;
      spent: number;
      reserved: number;
    }>({
      name: 'wildchat_reserve_tokens_batch',
      text: 'SELECT item, reservation_id, refused, spent, reserved FROM wildchat_reserve_tokens_batch($1, $2, $3, $4, $5, $6, $7)',
      values: [
        requests.map((request) => request.day),
        requests.map((request) => request.consentId),
        requests.map((request) => request.tokens),
        requests.map((request) => request.daily),
        requests.map((request) => request.perConsent),
        requests.map((request) => request.leaseUntil),
        Math.max(...requests.map((request) => request.now)),
      ],
    });
    const decisions = new Array<SharedTokenDecision | undefined>(requests.length);
    for (const row of result.rows) {
      const totals = { spent: Number(row.spent), reserved: Number(row.reserved) };
      if (row.refused !== null) decisions[row.item - 1] = { allowed: false, scope: row.refused, ...totals };
      else if (row.reservation_id === null) throw new Error('wildchat_reserve_tokens admitted without a reservation id');
      else decisions[row.item - 1] = { allowed: true, reservationId: Number(row.reservation_id), ...totals };
    }
    return decisions.map((decision) => {
      if (decision === undefined) throw new Error('wildchat_reserve_tokens_batch left a reservation unanswered');
      return decision;
    });
  }

  async settleTokens(reservationId: number, usedTokens: number, now: number): Promise<SharedTokenTotals> {
    return this.#settlements.submit({ reservationId, usedTokens: Math.max(0, Math.round(usedTokens)), day: Math.floor(now / DAY_MILLISECONDS) });
  }

  /**
   * Every settle of one tick in one statement, which also answers each settled day's totals. The
   * totals query reads the snapshot before the statement's own changes, so it adds the usage just
   * charged and takes off the reservations just deleted.
   */
  async #settleBatch(settlements: readonly Settlement[]): Promise<SharedTokenTotals[]> {
    const result = await this.pool.query<{ item: number; spent: number; reserved: number }>({
      name: 'wildchat_settle_tokens',
      text: `WITH input AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::integer[]) WITH ORDINALITY AS i (reservation_id, used, fallback_day, item)
       ), settled AS (
         DELETE FROM token_budget_reservations r USING input i WHERE r.reservation_id = i.reservation_id
         RETURNING i.item, r.day, r.consent_id, r.tokens, i.used
       ), charged AS (
         SELECT day, '*'::text AS subject, used FROM settled UNION ALL SELECT day, consent_id, used FROM settled
       ), added AS (
         INSERT INTO token_budget_spend (day, subject, spent) SELECT day, subject, sum(used) FROM charged WHERE used > 0 GROUP BY day, subject
         ON CONFLICT (day, subject) DO UPDATE SET spent = token_budget_spend.spent + excluded.spent
       ), answered AS (
         SELECT i.item, coalesce(s.day, i.fallback_day) AS day FROM input i LEFT JOIN settled s ON s.item = i.item
       ), days AS (
         SELECT d.day,
           coalesce((SELECT b.spent FROM token_budget_spend b WHERE b.day = d.day AND b.subject = '*'), 0)
             + coalesce((SELECT sum(s.used) FROM settled s WHERE s.day = d.day), 0) AS spent,
           coalesce((SELECT sum(r.tokens) FROM token_budget_reservations r WHERE r.day = d.day), 0)
             - coalesce((SELECT sum(s.tokens) FROM settled s WHERE s.day = d.day), 0) AS reserved
         FROM (SELECT DISTINCT day FROM answered) d
       )
       SELECT a.item::integer AS item, d.spent, d.reserved FROM answered a JOIN days d ON d.day = a.day`,
      values: [
        settlements.map((settlement) => settlement.reservationId),
        settlements.map((settlement) => settlement.usedTokens),
        settlements.map((settlement) => settlement.day),
      ],
    });
    const totals = new Array<SharedTokenTotals | undefined>(settlements.length);
    for (const row of result.rows) totals[row.item - 1] = { spent: Number(row.spent), reserved: Math.max(0, Number(row.reserved)) };
    return totals.map((value) => {
      if (value === undefined) throw new Error('a batched settle left a reservation unanswered');
      return value;
    });
  }

  async renewTokenLeases(reservationIds: readonly number[], leaseUntil: number, day: number, now: number): Promise<SharedTokenTotals> {
    if (reservationIds.length > 0) {
      await this.pool.query('UPDATE token_budget_reservations SET lease_until = $2 WHERE reservation_id = ANY($1::bigint[])', [reservationIds, leaseUntil]);
    }
    await this.pool.query('SELECT wildchat_expire_token_leases($1)', [now]);
    // Days before yesterday are over for every instance.
    await this.pool.query('DELETE FROM token_budget_spend WHERE day < $1', [day - 1]);
    return this.#totals(day);
  }

  async #totals(day: number): Promise<SharedTokenTotals> {
    const result = await this.pool.query<{ spent: number; reserved: number }>(
      `SELECT coalesce((SELECT spent FROM token_budget_spend WHERE day = $1 AND subject = '*'), 0) AS spent,
              coalesce((SELECT sum(tokens) FROM token_budget_reservations WHERE day = $1), 0) AS reserved`,
      [day],
    );
    const row = result.rows[0];
    return { spent: Number(row?.spent ?? 0), reserved: Number(row?.reserved ?? 0) };
  }

  async #readKeys(client: pg.Pool | pg.PoolClient): Promise<SharedIpKeyRing | null> {
    const result = await client.query<KeyRow>('SELECT key_id, secret, created_at, current FROM ip_hash_keys ORDER BY created_at, key_id');
    if (result.rows.length === 0) return null;
    const current = result.rows.find((row) => row.current);
    if (current === undefined) throw new Error('the IP key ring in the database has no current key');
    return {
      currentKeyId: current.key_id,
      keys: result.rows.map((row) => ({ id: row.key_id, createdAt: new Date(row.created_at).toISOString(), secret: Buffer.from(row.secret, 'base64') })),
    };
  }
}
