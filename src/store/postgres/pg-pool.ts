/**
 * The connection pool of the PostgreSQL adapter. int8 columns (timestamps in milliseconds, turn
 * identifiers) come back as JavaScript numbers: every value the store writes is below 2^53.
 */
import pg from 'pg';
import { translatePgError } from './pg-errors.ts';

const INT8_OID = 20;
const INT4_OID = 23;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error('int8 value outside the safe integer range');
  return value;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    if (oid === INT4_OID && format !== 'binary') return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as unknown as pg.CustomTypesConfig;

export interface PgPoolOptions {
  url: string;
  /** Connections kept at most (default 20). */
  max?: number;
  applicationName?: string;
}

export function createPgPool(options: PgPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 20,
    types,
    application_name: options.applicationName ?? 'wildchat',
    // Commits return once the WAL is written, not flushed: a crashed wildchat or a restarted
    // PostgreSQL loses nothing (the server flushes on shutdown), an OS crash or power loss may lose
    // the last ~0.6 s. That is the durability of the SQLite store (WAL, synchronous = NORMAL).
    options: '-c synchronous_commit=off',
    // A database that went away must fail a request quickly (the server answers 503), not hang it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by a server restart emits 'error' on the pool; the next query opens a new one.
  pool.on('error', () => undefined);
  // Every promise the adapters get from the pool rejects with StoreUnavailableError when the database is away.
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<pg.PoolClient> | undefined;
  (pool as { query: unknown }).query = (...args: unknown[]) =>
    query(...args).catch((error: unknown) => {
      throw translatePgError(error);
    });
  // pool.query calls connect with a callback internally: only the promise form is wrapped.
  (pool as { connect: unknown }).connect = (...args: unknown[]) =>
    args.length > 0
      ? connect(...args)
      : connect()?.catch((error: unknown) => {
          throw translatePgError(error);
        });
  return pool;
}

/** Runs `body` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw translatePgError(error);
  } finally {
    client.release(broken);
  }
}

/** Hides which database a URL points at beyond host and name (no password in logs or errors). */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.hostname}${parsed.port === '' ? '' : `:${parsed.port}`}${parsed.pathname}`;
  } catch {
    return 'postgres://(unparsable url)';
  }
}
