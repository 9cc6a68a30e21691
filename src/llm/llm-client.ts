/**
 * The upstream contract: any OpenAI-compatible chat completions API. The server depends on this
 * interface only; src/llm/openai-compatible-client.ts implements it over fetch with a strict SSE parser.
 */
import type { ChatMessage, SamplingParams, Usage } from '../schema/raw-records.ts';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  params: SamplingParams;
  /** Aborting cancels the upstream HTTP request. */
  signal?: AbortSignal;
}

/** One piece of a streamed reply. */
export type ChatStreamEvent =
  | { type: 'start'; id: string | null; created: number | null; model: string | null; systemFingerprint: string | null }
  | { type: 'delta'; text: string }
  | { type: 'finish'; finishReason: string | null }
  | { type: 'usage'; usage: Usage };

/**
 * Upstream faults, classified. `retryable` is true only for faults that happen before the first
 * byte of the reply reached us (connect refused, 429, 5xx, first-token timeout).
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
}

export interface ModelInfo {
  id: string;
  ownedBy: string | null;
}

export interface LlmClient {
  /** Streams a chat completion. Throws UpstreamError; never yields after an error. */
  streamChat(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
}
