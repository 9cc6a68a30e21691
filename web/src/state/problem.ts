/**
 * What went wrong, in the terms the user needs: each kind has its own banner and its own way out
 * (retry, wait, shorten, reconnect).
 */
import { ApiError, NetworkError } from '../api/api-error.ts';

export type Problem =
  | { kind: 'upstream'; message: string; canRetry: boolean }
  | { kind: 'rate_limited'; message: string; retryAt: number }
  | { kind: 'disabled'; message: string }
  | { kind: 'offline'; message: string; canRetry: boolean }
  | { kind: 'too_long'; message: string }
  | { kind: 'other'; message: string };

/** Maps an error from the API client (or a stream `error` event) to a Problem. */
export function problemFromError(error: unknown, now: number = Date.now()): Problem {
  if (error instanceof NetworkError) {
    return { kind: 'offline', message: 'Cannot reach the server. Check your connection and try again.', canRetry: true };
  }
  if (error instanceof ApiError) return problemFromCode(error.status, error.code, error.message, error.retryAfterSeconds, now);
  return { kind: 'other', message: 'Something went wrong in the page. Reload to continue.' };
}

export function problemFromCode(status: number, code: string, message: string, retryAfterSeconds: number | null, now: number = Date.now()): Problem {
  if (status === 429 || code === 'rate_limited' || code.includes('rate_limit') || code === 'too_many_streams') {
    const seconds = retryAfterSeconds !== null && retryAfterSeconds > 0 ? retryAfterSeconds : 10;
    return { kind: 'rate_limited', message, retryAt: now + seconds * 1000 };
  }
  if (code.includes('disabled')) return { kind: 'disabled', message };
  if (status === 413 || code === 'message_too_long' || code === 'body_too_large') return { kind: 'too_long', message };
  if (status === 502 || status === 503 || status === 504 || code.startsWith('upstream')) {
    return { kind: 'upstream', message, canRetry: true };
  }
  return { kind: 'other', message };
}
