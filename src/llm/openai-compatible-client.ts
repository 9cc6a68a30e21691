/**
 * LlmClient over HTTP (node:http by default, or an injected fetch) for any OpenAI-compatible API,
 * composed from small pieces: one streamed attempt (chat-stream-attempt.ts: SSE parser, pure chunk
 * mapping, idle watchdog), the shared retry loop, and the JSON exchange for the model list. Error
 * messages carry status codes and our own wording, never the upstream body or the user's text.
 */
import { z } from 'zod';
import type { ChatRequest, ChatStreamEvent, LlmClient, ModelInfo } from './llm-client.ts';
import { streamChatAttempt } from './chat-stream-attempt.ts';
import type { ChatStreamTarget } from './chat-stream-attempt.ts';
import { requestJson } from './json-request.ts';
import { RetryPolicy } from './retry-policy.ts';
import type { RetryPolicyOptions } from './retry-policy.ts';
import { normaliseBaseUrl, upstreamHeaders } from './upstream-endpoint.ts';
import { transportFor } from './upstream-transport.ts';
import { streamWithRetries, withRetries } from './with-retries.ts';

export interface OpenAiCompatibleClientOptions extends RetryPolicyOptions {
  /** e.g. https://api.openai.com/v1 (the part before /chat/completions). */
  baseUrl: string;
  apiKey: string | null;
  /** From sending the request to the first piece of the reply (also bounds listModels). */
  firstTokenTimeoutMs: number;
  /** Longest silence allowed once the reply has started. */
  stallTimeoutMs: number;
  /** Extra attempts after the first, only for faults before the first byte of the reply. */
  retries: number;
  /** Replaces the default node:http transport (tests wrap the global fetch to watch requests). */
  fetch?: typeof fetch;
}

const SAMPLING_KEYS = ['temperature', 'top_p', 'max_tokens', 'stop', 'presence_penalty', 'frequency_penalty', 'seed'] as const;

const modelListSchema = z.object({
  data: z.array(z.object({ id: z.string(), owned_by: z.string().nullish() })),
});

export function createOpenAiCompatibleClient(options: OpenAiCompatibleClientOptions): LlmClient {
  const base = normaliseBaseUrl(options.baseUrl);
  const transport = transportFor(options.fetch);
  const retryPolicy = new RetryPolicy(options);
  const chatTarget: ChatStreamTarget = {
    transport,
    url: `${base}/chat/completions`,
    headers: upstreamHeaders(options.apiKey, { 'content-type': 'application/json', accept: 'text/event-stream' }),
    firstTokenTimeoutMs: options.firstTokenTimeoutMs,
    stallTimeoutMs: options.stallTimeoutMs,
  };

  return {
    streamChat(request: ChatRequest): AsyncGenerator<ChatStreamEvent> {
      const body = JSON.stringify(chatPayload(request));
      return streamWithRetries(retryPolicy, request.signal, () => streamChatAttempt(chatTarget, body, request.signal));
    },

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const reply = await withRetries(retryPolicy, signal, () =>
        requestJson(transport, {
          method: 'GET',
          url: `${base}/models`,
          apiKey: options.apiKey,
          timeoutMs: options.firstTokenTimeoutMs,
          what: 'model list',
          schema: modelListSchema,
          signal,
        }),
      );
      return reply.data.map((model) => ({ id: model.id, ownedBy: model.owned_by ?? null }));
    },
  };
}

function chatPayload(request: ChatRequest): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    stream: true,
    stream_options: { include_usage: true },
  };
  for (const key of SAMPLING_KEYS) {
    const value = request.params[key];
    if (value !== undefined && value !== null) payload[key] = value;
  }
  return payload;
}
