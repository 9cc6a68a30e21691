/**
 * When and how long to wait before trying the upstream again, and how HTTP-level failures map to
 * UpstreamError codes. Only faults that happen before any byte of the reply arrived are retried:
 * once text may have reached the user, a second attempt would produce a different reply.
 */
import { UpstreamError } from './llm-client.ts';
import type { UpstreamErrorCode } from './llm-client.ts';
import type { HeaderReader } from './upstream-transport.ts';

export interface RetryPolicyOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** Delay before the first retry; doubled for each later one (default 200 ms). */
  retryBaseDelayMs?: number;
  /**
   * Longest wait before a retry (default 10 s). A Retry-After asking for more is not honoured by
   * waiting: the error is returned at once so the caller can tell the user when to come back.
   */
  maxRetryDelayMs?: number;
  /** How a retry waits; replaceable so tests can record delays instead of sleeping. */
  sleep?: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

const RETRYABLE_CODES: ReadonlySet<UpstreamErrorCode> = new Set([
  'upstream_unreachable',
  'upstream_rate_limited',
  'upstream_server_error',
  'upstream_timeout_first_token',
]);

export class RetryPolicy {
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleepImplementation: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void>;
  private readonly random: () => number;

  constructor(options: RetryPolicyOptions) {
    if (!Number.isInteger(options.retries) || options.retries < 0) throw new Error('retries must be a non-negative integer');
    this.retries = options.retries;
    this.baseDelayMs = options.retryBaseDelayMs ?? 200;
    this.maxDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.sleepImplementation = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** Milliseconds to wait before attempt `failedAttempt + 1`, or null when not to retry. */
  delayBeforeRetry(error: UpstreamError, failedAttempt: number): number | null {
    if (failedAttempt >= this.retries || !error.beforeFirstByte || !RETRYABLE_CODES.has(error.code)) return null;
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** failedAttempt);
    // Half fixed, half random: spreads out clients that failed together without ever retrying at once.
    const jittered = exponential / 2 + (exponential / 2) * this.random();
    if (error.retryAfterSeconds === null) return Math.round(jittered);
    const requested = error.retryAfterSeconds * 1000;
    if (requested > this.maxDelayMs) return null;
    return Math.round(Math.max(jittered, requested));
  }

  async sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
    throwIfAborted(signal);
    await this.sleepImplementation(milliseconds, signal);
    throwIfAborted(signal);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new UpstreamError('aborted', 'request aborted', { beforeFirstByte: true });
}

function abortableSleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, milliseconds);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A request rejection (fetch or node:http) that was not our own abort: the upstream could not be reached. */
export function classifyFetchFailure(error: unknown): UpstreamError {
  const code = networkErrorCode(error);
  const detail = code === null ? '' : ` (${code})`;
  return new UpstreamError('upstream_unreachable', `upstream unreachable${detail}`, { beforeFirstByte: true, cause: error });
}

function networkErrorCode(error: unknown): string | null {
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** A non-2xx answer. The body is never read into the error: it may echo the user's text. */
export function classifyStatus(response: { status: number; headers: HeaderReader }, what: string): UpstreamError {
  const status = response.status;
  const message = `upstream answered the ${what} request with HTTP ${status}`;
  if (status === 429) {
    return new UpstreamError('upstream_rate_limited', message, {
      upstreamStatus: status,
      retryAfterSeconds: parseRetryAfter(response.headers),
      beforeFirstByte: true,
    });
  }
  if (status >= 500) {
    // A 503 may say when to come back too; a longer wait than the cap then ends the retries.
    return new UpstreamError('upstream_server_error', message, {
      upstreamStatus: status,
      retryAfterSeconds: parseRetryAfter(response.headers),
      beforeFirstByte: true,
    });
  }
  return new UpstreamError('upstream_client_error', message, { upstreamStatus: status, beforeFirstByte: true });
}

/** Seconds to wait, from `retry-after-ms` (OpenAI) or `Retry-After` (seconds or an HTTP date). */
export function parseRetryAfter(headers: HeaderReader, now: number = Date.now()): number | null {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Number(milliseconds) / 1000;
  const value = headers.get('retry-after');
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  // An HTTP date always names the weekday; this keeps "-3" from parsing as the year -3.
  if (!/[a-z]/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, (date - now) / 1000);
}
