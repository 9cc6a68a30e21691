/**
 * How an upstream fault looks to our clients. Before the first byte of the reply it becomes the
 * HTTP status of the response (429 with Retry-After, 502, 504); after it, an SSE error event.
 * Messages are ours: the upstream's body never reaches the client, the store or the logs.
 */
import { UpstreamError, type UpstreamErrorCode } from '../../llm/llm-client.ts';
import { ApiError } from './api-error.ts';

export interface TurnFailure {
  httpStatus: number;
  code: string;
  message: string;
  retryAfterSeconds: number | null;
  upstreamStatus: number | null;
}

const MESSAGES: Record<UpstreamErrorCode, string> = {
  upstream_unreachable: 'The model service could not be reached.',
  upstream_rate_limited: 'The model service is busy. Please try again shortly.',
  upstream_server_error: 'The model service failed to answer.',
  upstream_client_error: 'The model service refused the request.',
  upstream_timeout_first_token: 'The model service did not start answering in time.',
  upstream_stalled: 'The model service stopped sending the reply.',
  upstream_stream_cut: 'The connection to the model service broke during the reply.',
  upstream_malformed: 'The model service sent a reply we could not read.',
  aborted: 'The request to the model service was cancelled.',
};

const HTTP_STATUS: Record<UpstreamErrorCode, number> = {
  upstream_unreachable: 502,
  upstream_rate_limited: 429,
  upstream_server_error: 502,
  upstream_client_error: 502,
  upstream_timeout_first_token: 504,
  upstream_stalled: 504,
  upstream_stream_cut: 502,
  upstream_malformed: 502,
  aborted: 502,
};

/** Used when the upstream asks us to slow down without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function describeUpstreamFailure(error: unknown): TurnFailure {
  if (error instanceof UpstreamError) {
    const rateLimited = error.code === 'upstream_rate_limited';
    return {
      httpStatus: HTTP_STATUS[error.code],
      code: error.code,
      message: MESSAGES[error.code],
      retryAfterSeconds: rateLimited ? Math.max(1, Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS)) : null,
      upstreamStatus: error.upstreamStatus,
    };
  }
  // Not an UpstreamError: a bug in the client or something unexpected; say nothing about it.
  return { httpStatus: 502, code: 'upstream_failed', message: 'The reply failed for an unexpected reason.', retryAfterSeconds: null, upstreamStatus: null };
}

/** The HTTP error a client gets for a failure that happened before its reply started. */
export function failureApiError(failure: TurnFailure): ApiError {
  return new ApiError(failure.httpStatus, failure.code, failure.message, { retryAfterSeconds: failure.retryAfterSeconds });
}
