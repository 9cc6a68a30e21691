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

// The error type lives in src/core so that the pure stages handed a client can recognise its faults;
// it is re-exported here because every caller of an LlmClient meets it.
export { UpstreamError } from '../core/upstream-error.ts';
export type { UpstreamErrorCode } from '../core/upstream-error.ts';

export interface ModelInfo {
  id: string;
  ownedBy: string | null;
}

export interface LlmClient {
  /** Streams a chat completion. Throws UpstreamError; never yields after an error. */
  streamChat(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
}
