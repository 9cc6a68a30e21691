import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NetworkError } from '../api/api-error.ts';
import { problemFromError } from './problem.ts';

describe('problemFromError', () => {
  const now = 1_000_000;

  test("the user's own limits carry the moment sending is allowed again, and which limit it was", () => {
    assert.deepEqual(problemFromError(new ApiError(429, 'rate_limited', 'Too many.', 30), now), {
      kind: 'rate_limited',
      message: 'Too many.',
      retryAt: now + 30_000,
      limit: 'messages',
    });
    const streams = problemFromError(new ApiError(429, 'too_many_streams', 'One at a time.', 2), now);
    assert.deepEqual(streams, { kind: 'rate_limited', message: 'One at a time.', retryAt: now + 2_000, limit: 'streams' });
  });

  test("a busy model service is not the user's rate limit: it is retryable and has no countdown", () => {
    assert.deepEqual(problemFromError(new ApiError(429, 'upstream_rate_limited', 'Busy.', 5), now), { kind: 'busy', message: 'Busy.', canRetry: true });
    assert.deepEqual(problemFromError(new ApiError(503, 'upstream_busy', 'Queue full.', 2), now), { kind: 'busy', message: 'Queue full.', canRetry: true });
  });

  test('daily token budgets are not a countdown of hours', () => {
    assert.deepEqual(problemFromError(new ApiError(429, 'token_budget_exceeded', 'Renews at 00:00 UTC.', 40_000), now), {
      kind: 'quota',
      message: 'Renews at 00:00 UTC.',
    });
    assert.equal(problemFromError(new ApiError(503, 'budget_exhausted', 'Opens at 00:00 UTC.', 40_000), now).kind, 'quota');
  });

  test('the kill switch, message length and upstream failures each get their own kind', () => {
    assert.equal(problemFromError(new ApiError(503, 'service_disabled', 'Maintenance until 5 pm.')).kind, 'disabled');
    assert.equal(problemFromError(new ApiError(413, 'message_too_long', 'Too long.')).kind, 'too_long');
    assert.deepEqual(problemFromError(new ApiError(502, 'upstream_server_error', 'Failed.')), { kind: 'upstream', message: 'Failed.', canRetry: true });
    assert.equal(problemFromError(new ApiError(504, 'upstream_timeout_first_token', 'Slow.')).kind, 'upstream');
    assert.equal(problemFromError(new ApiError(400, 'conversation_too_long', 'Start a new one.')).kind, 'other');
  });

  test('a connection failure is the offline state, with retry', () => {
    const problem = problemFromError(new NetworkError('down'));
    assert.equal(problem.kind, 'offline');
    assert.equal(problem.kind === 'offline' && problem.canRetry, true);
  });

  test('unknown errors never show their own message (it could quote user text)', () => {
    const problem = problemFromError(new Error('secret user text'));
    assert.equal(problem.kind, 'other');
    assert.doesNotMatch(problem.message, /secret/);
  });
});
