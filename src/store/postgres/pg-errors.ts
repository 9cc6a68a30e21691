/** Which pg errors mean "the database is away" (retry later) rather than "this query is wrong". */
import { StoreUnavailableError } from '../store-unavailable-error.ts';

/** Node socket errors and PostgreSQL SQLSTATEs of class 08 (connection) and 57P (operator intervention). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down)/i,
];

export function isConnectionError(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** The error to throw upward: StoreUnavailableError for a lost database, the original otherwise. */
export function translatePgError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  return new StoreUnavailableError('the PostgreSQL database is unavailable', { cause: error });
}

/**
 * True for an error the server answered to a statement (a SQLSTATE outside the connection
 * classes): the statement's transaction was rolled back, so nothing of it was written. False for a
 * lost connection, where the commit may or may not have happened, and for any error of our own.
 */
export function isRejectedStatement(error: unknown): boolean {
  if (isConnectionError(error) || typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
