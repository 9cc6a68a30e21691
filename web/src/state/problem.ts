/**
 * What went wrong, in the terms the user needs: each kind has its own banner and its own way out
 * (retry, wait, shorten, reconnect). The server answers 429 for two different things that need
 * different advice: the user's own limits (wait, with a countdown) and a model service that is
 * busy (nothing the user did; Retry is fine), so the code decides, not the status.
 */
import { ApiError, NetworkError } from '../api/api-error.ts';

/** Which of the user's own limits was hit: messages per minute, or replies streaming at once. */
export type OwnLimit = 'messages' | 'streams';

export type Problem =
  | { kind: 'upstream'; message: string; canRetry: boolean }
  | { kind: 'busy'; message: string; canRetry: boolean }
  | { kind: 'rate_limited'; message: string; retryAt: number; limit: OwnLimit }
  | { kind: 'quota'; message: string }
  | { kind: 'disabled'; message: string }
  | { kind: 'offline'; message: string; canRetry: boolean }
  | { kind: 'too_long'; message: string }
  | { kind: 'other'; message: string };

/** The model service (ours or the upstream) has no room right now; the request itself was fine. */
const busyCodes = new Set(['upstream_rate_limited', 'upstream_busy']);
/** Daily token budgets: they renew at midnight UTC, far too long for a countdown. */
const quotaCodes = new Set(['token_budget_exceeded', 'budget_exhausted']);

/** Used when a 429 of ours comes without Retry-After. */
const DEFAULT_WAIT_SECONDS = 10;

/** Maps an error from the API client (or a stream `error` event) to a Problem. */
export function problemFromError(error: unknown, now: number = Date.now()): Problem {
  if (error instanceof NetworkError) {
    return { kind: 'offline', message: 'Cannot reach the server. Check your connection and try again.', canRetry: true };
  }
  if (error instanceof ApiError) return problemFromCode(error.status, error.code, error.message, error.retryAfterSeconds, now);
  return { kind: 'other', message: 'Something went wrong in the page. Reload to continue.' };
}

export function problemFromCode(status: number, code: string, message: string, retryAfterSeconds: number | null, now: number = Date.now()): Problem {
  if (busyCodes.has(code)) return { kind: 'busy', message, canRetry: true };
  if (quotaCodes.has(code)) return { kind: 'quota', message };
  if (status === 429 || code === 'rate_limited' || code === 'too_many_streams') {
    const seconds = retryAfterSeconds !== null && retryAfterSeconds > 0 ? retryAfterSeconds : DEFAULT_WAIT_SECONDS;
    return { kind: 'rate_limited', message, retryAt: now + seconds * 1000, limit: code === 'too_many_streams' ? 'streams' : 'messages' };
  }
  if (code.includes('disabled')) return { kind: 'disabled', message };
  if (status === 413 || code === 'message_too_long' || code === 'body_too_large') return { kind: 'too_long', message };
  if (status === 502 || status === 503 || status === 504 || code.startsWith('upstream')) {
    return { kind: 'upstream', message, canRetry: true };
  }
  return { kind: 'other', message };
}
