import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamError } from './llm-client.ts';
import type { UpstreamErrorCode } from './llm-client.ts';
import { classifyFetchFailure, classifyStatus, parseRetryAfter, RetryPolicy } from './retry-policy.ts';

function upstreamError(code: UpstreamErrorCode, options: { beforeFirstByte?: boolean; retryAfterSeconds?: number } = {}): UpstreamError {
  return new UpstreamError(code, 'test', { beforeFirstByte: options.beforeFirstByte ?? true, retryAfterSeconds: options.retryAfterSeconds ?? null });
}

describe('RetryPolicy.delayBeforeRetry', () => {
  const policy = new RetryPolicy({ retries: 3, retryBaseDelayMs: 100, maxRetryDelayMs: 1_000, random: () => 0.5 });

  test('retries only faults from before the first byte, and only the retryable kinds', () => {
    for (const code of ['upstream_unreachable', 'upstream_rate_limited', 'upstream_server_error', 'upstream_timeout_first_token'] as const) {
      assert.equal(policy.delayBeforeRetry(upstreamError(code), 0), 75, code);
      assert.equal(policy.delayBeforeRetry(upstreamError(code, { beforeFirstByte: false }), 0), null, `${code} after the first byte`);
    }
    for (const code of ['upstream_client_error', 'upstream_stalled', 'upstream_stream_cut', 'upstream_malformed', 'aborted'] as const) {
      assert.equal(policy.delayBeforeRetry(upstreamError(code), 0), null, code);
    }
  });

  test('backs off exponentially up to the cap and stops after the configured retries', () => {
    const error = upstreamError('upstream_server_error');
    assert.deepEqual(
      [0, 1, 2].map((attempt) => policy.delayBeforeRetry(error, attempt)),
      [75, 150, 300],
    );
    assert.equal(policy.delayBeforeRetry(error, 3), null);
    const capped = new RetryPolicy({ retries: 10, retryBaseDelayMs: 100, maxRetryDelayMs: 1_000, random: () => 0.999 });
    assert.ok((capped.delayBeforeRetry(error, 9) ?? Infinity) <= 1_000);
  });

  test('jitter keeps the delay between half and all of the exponential step', () => {
    const error = upstreamError('upstream_unreachable');
    assert.equal(new RetryPolicy({ retries: 1, retryBaseDelayMs: 100, random: () => 0 }).delayBeforeRetry(error, 0), 50);
    assert.equal(new RetryPolicy({ retries: 1, retryBaseDelayMs: 100, random: () => 0.9999 }).delayBeforeRetry(error, 0), 100);
  });

  test('waits at least Retry-After, and gives up when it exceeds the cap', () => {
    assert.equal(policy.delayBeforeRetry(upstreamError('upstream_rate_limited', { retryAfterSeconds: 0.6 }), 0), 600);
    assert.equal(policy.delayBeforeRetry(upstreamError('upstream_rate_limited', { retryAfterSeconds: 0 }), 0), 75);
    assert.equal(policy.delayBeforeRetry(upstreamError('upstream_rate_limited', { retryAfterSeconds: 2 }), 0), null);
  });

  test('rejects a negative or fractional retry count', () => {
    assert.throws(() => new RetryPolicy({ retries: -1 }));
    assert.throws(() => new RetryPolicy({ retries: 1.5 }));
  });

  test('sleep stops at once when the signal is aborted', async () => {
    const controller = new AbortController();
    const sleeping = new RetryPolicy({ retries: 1 }).sleep(60_000, controller.signal);
    controller.abort();
    await assert.rejects(sleeping, (error: unknown) => error instanceof UpstreamError && error.code === 'aborted');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const parse = (headers: Record<string, string>): number | null => parseRetryAfter(new Headers(headers), now);

  test('reads seconds, milliseconds and HTTP dates', () => {
    assert.equal(parse({ 'retry-after': '7' }), 7);
    assert.equal(parse({ 'retry-after': ' 1.5 ' }), 1.5);
    assert.equal(parse({ 'retry-after-ms': '250', 'retry-after': '9' }), 0.25);
    assert.equal(parse({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), 30);
    assert.equal(parse({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), 0);
  });

  test('ignores absent or unreadable values', () => {
    assert.equal(parse({}), null);
    assert.equal(parse({ 'retry-after': 'soon' }), null);
    assert.equal(parse({ 'retry-after': '-3' }), null);
  });
});

describe('classification', () => {
  test('maps statuses to codes without reading the body', () => {
    const limited = classifyStatus(new Response('user text echoed', { status: 429, headers: { 'retry-after': '4' } }), 'chat completion');
    assert.equal(limited.code, 'upstream_rate_limited');
    assert.equal(limited.retryAfterSeconds, 4);
    assert.equal(limited.upstreamStatus, 429);
    assert.equal(classifyStatus(new Response(null, { status: 502 }), 'chat completion').code, 'upstream_server_error');
    const client = classifyStatus(new Response('user text echoed', { status: 413 }), 'chat completion');
    assert.equal(client.code, 'upstream_client_error');
    assert.equal(client.message, 'upstream answered the chat completion request with HTTP 413');
  });

  test('names the socket error code of a failed fetch', () => {
    const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    const error = classifyFetchFailure(wrapped);
    assert.equal(error.code, 'upstream_unreachable');
    assert.equal(error.message, 'upstream unreachable (ENOTFOUND)');
    assert.equal(error.beforeFirstByte, true);
    assert.equal(classifyFetchFailure(new Error('odd')).message, 'upstream unreachable');
  });
});
