/**
 * The one error type of every outbound HTTP call (chat, models, moderation, Detoxify, embeddings).
 * It sits in the floor layer so that a pure stage handed a client can tell a fault that retrying
 * cannot fix from one it can, without importing src/llm. Messages carry status codes and our own
 * wording, never a request or reply body: both may hold the user's text.
 */

/**
 * Upstream faults, classified. Only faults with `beforeFirstByte` (connect refused, 429, 5xx,
 * first-token timeout) may be retried: after that, text may already have reached the user.
 */
export type UpstreamErrorCode =
  | 'upstream_unreachable'
  | 'upstream_rate_limited'
  | 'upstream_server_error'
  | 'upstream_client_error'
  | 'upstream_timeout_first_token'
  | 'upstream_stalled'
  | 'upstream_stream_cut'
  | 'upstream_malformed'
  | 'aborted';

export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;
  readonly upstreamStatus: number | null;
  readonly retryAfterSeconds: number | null;
  readonly beforeFirstByte: boolean;
  constructor(
    code: UpstreamErrorCode,
    message: string,
    options: { upstreamStatus?: number | null; retryAfterSeconds?: number | null; beforeFirstByte: boolean; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'UpstreamError';
    this.code = code;
    this.upstreamStatus = options.upstreamStatus ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.beforeFirstByte = options.beforeFirstByte;
  }

  /** The upstream refused our credentials or does not know the endpoint or model: retrying or splitting the input cannot help. */
  get isConfigurationFault(): boolean {
    return this.code === 'upstream_client_error' && (this.upstreamStatus === 401 || this.upstreamStatus === 403 || this.upstreamStatus === 404);
  }
}
