import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NetworkError } from '../api/api-error.ts';
import { problemFromError } from './problem.ts';

describe('problemFromError', () => {
  const now = 1_000_000;

  test('rate limits carry the moment sending is allowed again', () => {
    assert.deepEqual(problemFromError(new ApiError(429, 'rate_limited', 'Too many.', 30), now), {
      kind: 'rate_limited',
      message: 'Too many.',
      retryAt: now + 30_000,
    });
    const upstreamLimited = problemFromError(new ApiError(429, 'upstream_rate_limited', 'Busy.', null), now);
    assert.equal(upstreamLimited.kind, 'rate_limited');
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
