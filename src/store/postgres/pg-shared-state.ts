/**
 * SharedServerState on PostgreSQL (tables from migration '0300-shared-server-state').
 *
 * Rate limits: a sliding window approximated by SLOTS fixed sub-windows per window, counted with
 * one call of wildchat_take_window (migration 0301: a per-subject transaction advisory lock, a sum and an upsert), so two instances admitting the same
 * hashed IP at once cannot both take the last slot. The count is exact to the sub-window (1/SLOTS
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

export class PgSharedServerState implements SharedServerState {
  #lastSweep = 0;

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
    const result = await this.pool.query<{ oldest: number | null }>('SELECT wildchat_take_window($1, $2, $3, $4, $5) AS oldest', [
      bucket,
      subject,
      limit,
      slotStart,
      oldestCounted,
    ]);
    const oldest = result.rows[0]?.oldest ?? null;
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

  async reserveTokens(request: SharedTokenReservationRequest): Promise<SharedTokenDecision> {
    const result = await this.pool.query<{ reservation_id: number | null; refused: 'global' | 'consent' | null; spent: number; reserved: number }>(
      'SELECT reservation_id, refused, spent, reserved FROM wildchat_reserve_tokens($1, $2, $3, $4, $5, $6, $7)',
      [request.day, request.consentId, request.tokens, request.daily, request.perConsent, request.leaseUntil, request.now],
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error('wildchat_reserve_tokens returned no row');
    const totals = { spent: Number(row.spent), reserved: Number(row.reserved) };
    if (row.refused !== null) return { allowed: false, scope: row.refused, ...totals };
    if (row.reservation_id === null) throw new Error('wildchat_reserve_tokens admitted without a reservation id');
    return { allowed: true, reservationId: Number(row.reservation_id), ...totals };
  }

  async settleTokens(reservationId: number, usedTokens: number, now: number): Promise<SharedTokenTotals> {
    const result = await this.pool.query<{ day: number }>(
      `WITH settled AS (
         DELETE FROM token_budget_reservations WHERE reservation_id = $1::bigint RETURNING day, consent_id
       ), charged AS (
         SELECT day, '*'::text AS subject FROM settled UNION ALL SELECT day, consent_id FROM settled
       ), added AS (
         INSERT INTO token_budget_spend (day, subject, spent) SELECT day, subject, $2::bigint FROM charged WHERE $2::bigint > 0
         ON CONFLICT (day, subject) DO UPDATE SET spent = token_budget_spend.spent + excluded.spent
       )
       SELECT day FROM settled`,
      [reservationId, Math.max(0, Math.round(usedTokens))],
    );
    return this.#totals(result.rows[0]?.day ?? Math.floor(now / DAY_MILLISECONDS));
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
