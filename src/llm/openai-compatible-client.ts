/**
 * LlmClient over HTTP (node:http by default, or an injected fetch) for any OpenAI-compatible API. Streams with our own SSE parser, parses every
 * chunk with zod, classifies faults into UpstreamError codes and retries only while nothing of the
 * reply has arrived yet. Error messages carry status codes and our own wording, never the upstream
 * body or the user's text.
 */
import { z } from 'zod';
import { usageSchema } from '../schema/raw-records.ts';
import type { ChatRequest, ChatStreamEvent, LlmClient, ModelInfo, UpstreamErrorCode } from './llm-client.ts';
import { UpstreamError } from './llm-client.ts';
import { SseParseError, SseParser } from './sse-parser.ts';
import type { SseEvent } from './sse-parser.ts';
import { classifyFetchFailure, classifyStatus, RetryPolicy } from './retry-policy.ts';
import type { RetryPolicyOptions } from './retry-policy.ts';
import { createFetchTransport, createNodeHttpTransport } from './upstream-transport.ts';
import type { TransportResponse, UpstreamTransport } from './upstream-transport.ts';

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
/** Cap on a non-streamed JSON reply (upstreams that ignore `stream: true`). */
const MAX_JSON_REPLY_BYTES = 16 * 1024 * 1024;

const chunkSchema = z.object({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().int().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            // Reasoning models stream their thinking first under one of these names.
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  error: z.unknown().optional(),
});
type Chunk = z.infer<typeof chunkSchema>;

const completionSchema = chunkSchema.extend({
  choices: z.array(
    z.object({
      index: z.number().int().nullish(),
      message: z.object({ content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
});

const modelListSchema = z.object({
  data: z.array(z.object({ id: z.string(), owned_by: z.string().nullish() })),
});

export function createOpenAiCompatibleClient(options: OpenAiCompatibleClientOptions): LlmClient {
  let parsedBase: URL;
  try {
    parsedBase = new URL(options.baseUrl);
  } catch {
    throw new Error('upstream base URL is not a valid URL');
  }
  if (parsedBase.protocol !== 'http:' && parsedBase.protocol !== 'https:') throw new Error('upstream base URL must be http or https');
  const base = options.baseUrl.replace(/\/+$/, '');
  const chatUrl = `${base}/chat/completions`;
  const modelsUrl = `${base}/models`;
  const transport: UpstreamTransport = options.fetch === undefined ? createNodeHttpTransport() : createFetchTransport(options.fetch);
  const retryPolicy = new RetryPolicy(options);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  const jsonHeaders: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey !== null) {
    headers.authorization = `Bearer ${options.apiKey}`;
    jsonHeaders.authorization = `Bearer ${options.apiKey}`;
  }

  async function* streamAttempt(body: string, signal: AbortSignal | undefined): AsyncGenerator<ChatStreamEvent> {
    const controller = new AbortController();
    let failure: UpstreamError | null = null;
    let receivedBodyByte = false;
    let firstTokenSeen = false;
    let finishSeen = false;
    let doneSeen = false;
    let started = false;
    let bodyFinished = false;
    // The timers only count time spent waiting on the upstream, not time the consumer spends on
    // a yielded event: a slow consumer must not look like a stalled upstream.
    let waitingOnUpstream = true;
    const fail = (code: UpstreamErrorCode, message: string): void => {
      if (failure !== null) return;
      failure = new UpstreamError(code, message, { beforeFirstByte: !receivedBodyByte });
      controller.abort();
    };
    // A function, so TypeScript does not narrow `failure` across the awaits that timers interrupt.
    const currentFailure = (): UpstreamError | null => failure;
    const onUserAbort = (): void => fail('aborted', 'request aborted');
    signal?.addEventListener('abort', onUserAbort, { once: true });
    let timer = setTimeout(() => {
      if (waitingOnUpstream) fail('upstream_timeout_first_token', `no first token within ${options.firstTokenTimeoutMs} ms`);
      else timer.refresh();
    }, options.firstTokenTimeoutMs);
    const onFirstToken = (): void => {
      firstTokenSeen = true;
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (waitingOnUpstream) fail('upstream_stalled', `no data for ${options.stallTimeoutMs} ms`);
        else timer.refresh();
      }, options.stallTimeoutMs);
    };

    const events: ChatStreamEvent[] = [];
    const handleChunk = (chunk: Chunk): void => {
      if (chunk.error !== undefined && chunk.error !== null) {
        throw new UpstreamError('upstream_server_error', 'upstream reported an error inside the stream', { beforeFirstByte: false });
      }
      if (!started) {
        started = true;
        events.push({
          type: 'start',
          id: chunk.id ?? null,
          created: chunk.created ?? null,
          model: chunk.model ?? null,
          systemFingerprint: chunk.system_fingerprint ?? null,
        });
      }
      const choices = chunk.choices;
      const choice =
        choices === null || choices === undefined ? undefined : choices.length === 1 ? choices[0] : choices.find((candidate) => (candidate.index ?? 0) === 0);
      if (choice !== undefined) {
        const delta = choice.delta;
        const text = delta?.content;
        if (text !== undefined && text !== null && text.length > 0) {
          if (!firstTokenSeen) onFirstToken();
          events.push({ type: 'delta', text });
        } else if (!firstTokenSeen && delta !== undefined && delta !== null && ((delta.reasoning_content ?? '') !== '' || (delta.reasoning ?? '') !== '')) {
          // Reasoning tokens are not part of the reply, but they prove the upstream is working.
          onFirstToken();
        }
        if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
          if (!firstTokenSeen) onFirstToken();
          finishSeen = true;
          events.push({ type: 'finish', finishReason: choice.finish_reason });
        }
      }
      if (chunk.usage !== undefined && chunk.usage !== null) events.push({ type: 'usage', usage: chunk.usage });
    };
    const handleSseEvent = (event: SseEvent): void => {
      if (doneSeen) return;
      if (event.data === '[DONE]') {
        doneSeen = true;
        if (!firstTokenSeen) onFirstToken();
        return;
      }
      if (event.type !== 'message') {
        if (event.type === 'error') {
          throw new UpstreamError('upstream_server_error', 'upstream sent an error event inside the stream', { beforeFirstByte: false });
        }
        // Named events (pings and the like) are not part of OpenAI's chunk stream.
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        throw new UpstreamError('upstream_malformed', 'upstream sent a stream chunk that is not JSON', { beforeFirstByte: false });
      }
      const parsed = chunkSchema.safeParse(json);
      if (!parsed.success) {
        throw new UpstreamError('upstream_malformed', 'upstream sent a stream chunk of an unexpected shape', { beforeFirstByte: false });
      }
      handleChunk(parsed.data);
    };
    const parser = new SseParser({ onEvent: handleSseEvent });

    try {
      if (signal?.aborted === true) fail('aborted', 'request aborted');
      if (failure !== null) throw failure;
      let response: TransportResponse;
      try {
        response = await transport(chatUrl, { method: 'POST', headers, body, signal: controller.signal });
      } catch (error) {
        throw failure ?? classifyFetchFailure(error);
      }
      if (response.status < 200 || response.status > 299) {
        response.cancel();
        throw failure ?? classifyStatus(response, 'chat completion');
      }
      if (!response.hasBody) throw new UpstreamError('upstream_malformed', 'upstream reply has no body', { beforeFirstByte: true });
      if ((response.headers.get('content-type') ?? '').includes('application/json')) {
        // Some OpenAI-compatible servers ignore `stream: true` and answer with one JSON object.
        const completion = await readCompletion(response, currentFailure);
        receivedBodyByte = true;
        bodyFinished = true;
        for (const event of completion) yield event;
        return;
      }
      let pendingError: unknown = null;
      for (;;) {
        let result: Uint8Array | null;
        waitingOnUpstream = true;
        try {
          result = await response.read();
        } catch (error) {
          // After [DONE] the reply is whole; a late stall or cut only costs the pooled connection.
          if (doneSeen) break;
          const reason = currentFailure();
          if (reason !== null && !(finishSeen && reason.code === 'upstream_stalled')) throw reason;
          // After finish_reason only the optional usage chunk is missing.
          if (finishSeen) break;
          throw new UpstreamError('upstream_stream_cut', 'upstream connection closed before the reply finished', {
            beforeFirstByte: !receivedBodyByte,
            cause: error,
          });
        }
        waitingOnUpstream = false;
        if (result === null) {
          bodyFinished = true;
          break;
        }
        if (failure !== null) {
          if (doneSeen) break;
          throw failure;
        }
        receivedBodyByte = true;
        if (firstTokenSeen) timer.refresh();
        try {
          if (!doneSeen) parser.push(result);
        } catch (error) {
          pendingError =
            error instanceof SseParseError
              ? new UpstreamError('upstream_malformed', `upstream event stream is invalid (${error.code})`, { beforeFirstByte: false })
              : error;
        }
        // Events parsed before a bad one are real reply text; hand them over before failing.
        for (const event of events) {
          if (failure !== null) throw failure;
          yield event;
        }
        events.length = 0;
        if (pendingError !== null) throw pendingError;
        // After [DONE] keep reading to the end of the body so the connection can be reused.
      }
      const { incompleteEvent } = parser.end();
      if (!finishSeen && !doneSeen) {
        const detail = incompleteEvent ? 'in the middle of an event' : 'before the reply finished';
        throw new UpstreamError('upstream_stream_cut', `upstream stream ended ${detail}`, { beforeFirstByte: !receivedBodyByte });
      }
    } finally {
      waitingOnUpstream = false;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onUserAbort);
      // Leaving before the body ended (error, consumer stopped iterating, upstream hanging after
      // [DONE]) must release the HTTP request rather than leave it running upstream.
      if (!bodyFinished) controller.abort();
    }
  }

  return {
    async *streamChat(request: ChatRequest): AsyncGenerator<ChatStreamEvent> {
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
      const body = JSON.stringify(payload);
      for (let attempt = 0; ; attempt++) {
        try {
          yield* streamAttempt(body, request.signal);
          return;
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          const delay = retryPolicy.delayBeforeRetry(error, attempt);
          if (delay === null) throw error;
          await retryPolicy.sleep(delay, request.signal);
        }
      }
    },

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await listModelsAttempt(signal);
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          const delay = retryPolicy.delayBeforeRetry(error, attempt);
          if (delay === null) throw error;
          await retryPolicy.sleep(delay, signal);
        }
      }
    },
  };

  async function listModelsAttempt(signal: AbortSignal | undefined): Promise<ModelInfo[]> {
    const controller = new AbortController();
    let failure: UpstreamError | null = null;
    const fail = (code: UpstreamErrorCode, message: string): void => {
      if (failure !== null) return;
      failure = new UpstreamError(code, message, { beforeFirstByte: true });
      controller.abort();
    };
    const onUserAbort = (): void => fail('aborted', 'request aborted');
    signal?.addEventListener('abort', onUserAbort, { once: true });
    const timer = setTimeout(() => fail('upstream_timeout_first_token', `no model list within ${options.firstTokenTimeoutMs} ms`), options.firstTokenTimeoutMs);
    try {
      if (signal?.aborted === true) fail('aborted', 'request aborted');
      if (failure !== null) throw failure;
      let response: TransportResponse;
      try {
        response = await transport(modelsUrl, { method: 'GET', headers: jsonHeaders, signal: controller.signal });
      } catch (error) {
        throw failure ?? classifyFetchFailure(error);
      }
      if (response.status < 200 || response.status > 299) {
        response.cancel();
        throw failure ?? classifyStatus(response, 'model list');
      }
      let json: unknown;
      try {
        json = JSON.parse(await response.text());
      } catch (error) {
        if (failure !== null) throw failure;
        throw new UpstreamError('upstream_malformed', 'upstream model list is not JSON', { beforeFirstByte: false, cause: error });
      }
      const parsed = modelListSchema.safeParse(json);
      if (!parsed.success) throw new UpstreamError('upstream_malformed', 'upstream model list has an unexpected shape', { beforeFirstByte: false });
      return parsed.data.data.map((model) => ({ id: model.id, ownedBy: model.owned_by ?? null }));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onUserAbort);
    }
  }
}

/** Turns a non-streamed chat.completion into the same events a stream would give. */
async function readCompletion(response: TransportResponse, currentFailure: () => UpstreamError | null): Promise<ChatStreamEvent[]> {
  let text: string;
  try {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_JSON_REPLY_BYTES) throw new Error('too large');
    text = await response.text();
  } catch (error) {
    throw (
      currentFailure() ??
      new UpstreamError('upstream_stream_cut', 'upstream connection closed before the reply finished', { beforeFirstByte: false, cause: error })
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UpstreamError('upstream_malformed', 'upstream reply is not JSON', { beforeFirstByte: false });
  }
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success) throw new UpstreamError('upstream_malformed', 'upstream reply has an unexpected shape', { beforeFirstByte: false });
  const completion = parsed.data;
  const choice = completion.choices.find((candidate) => (candidate.index ?? 0) === 0);
  const events: ChatStreamEvent[] = [
    {
      type: 'start',
      id: completion.id ?? null,
      created: completion.created ?? null,
      model: completion.model ?? null,
      systemFingerprint: completion.system_fingerprint ?? null,
    },
  ];
  const content = choice?.message?.content;
  if (content !== undefined && content !== null && content.length > 0) events.push({ type: 'delta', text: content });
  events.push({ type: 'finish', finishReason: choice?.finish_reason ?? null });
  if (completion.usage !== undefined && completion.usage !== null) events.push({ type: 'usage', usage: completion.usage });
  return events;
}
