/**
 * Typed client for the wildchat HTTP API (docs/api.md). Every response body is parsed with the
 * schemas in types.ts; reply streams are read with fetch + ReadableStream and SseParser.
 */
import type * as z from 'zod/mini';
import { ApiError, NetworkError, isAbortError } from './api-error.ts';
import { SseParser } from './sse-parser.ts';
import {
  apiErrorBodySchema,
  configSchema,
  consentResponseSchema,
  conversationDetailSchema,
  conversationEnvelopeSchema,
  conversationListSchema,
  deleteMyDataSchema,
  stopResponseSchema,
  streamDeltaEventSchema,
  streamErrorEventSchema,
  streamTurnEventSchema,
  termsSchema,
} from './types.ts';
import type { AppConfig, ConsentResponse, ConversationDetail, ConversationSummary, DeleteMyDataResult, GenerationParams, StreamEvent, Terms } from './types.ts';

export interface ApiClientOptions {
  /** Prefix for every path; "" for same-origin. */
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on 401 from an authenticated call (token unknown, withdrawn or deleted). */
  onUnauthorized?: () => void;
  fetchImpl?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface SendMessageBody {
  content: string;
  parentTurnId: number | null;
  model?: string;
  params?: GenerationParams;
  editOf?: number;
}

export interface RegenerateBody {
  model?: string;
  params?: GenerationParams;
}

export type StreamListener = (event: StreamEvent) => void;

export interface ApiClient {
  getTerms(): Promise<Terms>;
  getConfig(): Promise<AppConfig>;
  consent(termsVersion: string): Promise<ConsentResponse>;
  listConversations(): Promise<ConversationSummary[]>;
  createConversation(title?: string): Promise<ConversationSummary>;
  getConversation(id: string): Promise<ConversationDetail>;
  renameConversation(id: string, title: string): Promise<ConversationSummary>;
  deleteConversation(id: string): Promise<void>;
  sendMessage(id: string, body: SendMessageBody, onEvent: StreamListener, signal?: AbortSignal): Promise<void>;
  regenerate(id: string, turnIdentifier: number, body: RegenerateBody, onEvent: StreamListener, signal?: AbortSignal): Promise<void>;
  stopTurn(turnIdentifier: number): Promise<boolean>;
  exportMyData(): Promise<Blob>;
  deleteMyData(): Promise<DeleteMyDataResult>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const fetchImpl = options.fetchImpl ?? ((url: string, init: RequestInit) => globalThis.fetch(url, init));

  async function request(path: string, init: RequestInit & { auth?: boolean } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.auth !== false) {
      const token = options.getToken();
      if (token) headers.set('Authorization', `Bearer ${token}`);
    }
    if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    let response: Response;
    try {
      response = await fetchImpl(baseUrl + path, { ...init, headers });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new NetworkError('The server could not be reached.', { cause: error });
    }
    if (!response.ok) {
      const error = await readApiError(response);
      if (response.status === 401 && init.auth !== false) options.onUnauthorized?.();
      throw error;
    }
    return response;
  }

  async function json<T>(schema: z.ZodMiniType<T>, path: string, init?: RequestInit & { auth?: boolean }): Promise<T> {
    const response = await request(path, init);
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new NetworkError(`The response of ${init?.method ?? 'GET'} ${path} was cut off or not JSON.`, { cause: error });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ApiError(response.status, 'bad_response', `The response of ${init?.method ?? 'GET'} ${path} has an unexpected shape.`);
    }
    return parsed.data;
  }

  async function stream(path: string, body: unknown, onEvent: StreamListener, signal?: AbortSignal): Promise<void> {
    const response = await request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { Accept: 'text/event-stream' },
      ...(signal ? { signal } : {}),
    });
    await readEventStream(response, onEvent);
  }

  return {
    getTerms: () => json(termsSchema, '/api/terms', { auth: false }),
    getConfig: () => json(configSchema, '/api/config', { auth: false }),
    consent: (termsVersion) =>
      json(consentResponseSchema, '/api/consent', {
        method: 'POST',
        auth: false,
        body: JSON.stringify({ accepted: true, termsVersion }),
      }),
    listConversations: async () => (await json(conversationListSchema, '/api/conversations?limit=100')).conversations,
    createConversation: async (title) =>
      (
        await json(conversationEnvelopeSchema, '/api/conversations', {
          method: 'POST',
          body: JSON.stringify(title === undefined ? {} : { title }),
        })
      ).conversation,
    getConversation: (id) => json(conversationDetailSchema, `/api/conversations/${encodeURIComponent(id)}`),
    renameConversation: async (id, title) =>
      (
        await json(conversationEnvelopeSchema, `/api/conversations/${encodeURIComponent(id)}`, {
          method: 'PATCH',
          body: JSON.stringify({ title }),
        })
      ).conversation,
    deleteConversation: async (id) => {
      await request(`/api/conversations/${encodeURIComponent(id)}`, { method: 'DELETE' });
    },
    sendMessage: (id, body, onEvent, signal) => stream(`/api/conversations/${encodeURIComponent(id)}/messages`, body, onEvent, signal),
    regenerate: (id, turnIdentifier, body, onEvent, signal) =>
      stream(`/api/conversations/${encodeURIComponent(id)}/turns/${turnIdentifier}/regenerate`, body, onEvent, signal),
    stopTurn: async (turnIdentifier) => (await json(stopResponseSchema, `/api/turns/${turnIdentifier}/stop`, { method: 'POST', body: '{}' })).stopped,
    exportMyData: async () => (await request('/api/me/export')).blob(),
    deleteMyData: () => json(deleteMyDataSchema, '/api/me', { method: 'DELETE' }),
  };
}

async function readApiError(response: Response): Promise<ApiError> {
  const retryHeader = Number(response.headers.get('Retry-After'));
  const headerRetry = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Proxies answer with HTML error pages; the status alone still tells the user what happened.
  }
  const parsed = apiErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const retry = parsed.data.error.retryAfterSeconds ?? parsed.data.retryAfterSeconds ?? headerRetry;
    return new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, retry);
  }
  return new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status}.`, headerRetry);
}

/** Reads an SSE reply stream to its end, delivering each parsed event in order. */
export async function readEventStream(response: Response, onEvent: StreamListener): Promise<void> {
  if (!response.body) throw new NetworkError('The reply stream has no body.');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<string>;
      try {
        result = await reader.read();
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw new NetworkError('The connection dropped while the reply was streaming.', { cause: error });
      }
      if (result.done) break;
      for (const sse of parser.push(result.value)) {
        const event = parseStreamEvent(sse.event, sse.data);
        if (event) onEvent(event);
      }
    }
  } finally {
    parser.end();
    reader.releaseLock();
  }
}

/** Turns one SSE event into a typed stream event; unknown event names are ignored (forward compatible). */
export function parseStreamEvent(name: string, data: string): StreamEvent | null {
  if (name !== 'turn' && name !== 'delta' && name !== 'done' && name !== 'error') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new ApiError(200, 'bad_stream', `A "${name}" event of the reply stream is not JSON.`);
  }
  const fail = (): never => {
    throw new ApiError(200, 'bad_stream', `A "${name}" event of the reply stream has an unexpected shape.`);
  };
  switch (name) {
    case 'turn':
    case 'done': {
      const parsed = streamTurnEventSchema.safeParse(value);
      return parsed.success ? { type: name, turn: parsed.data.turn } : fail();
    }
    case 'delta': {
      const parsed = streamDeltaEventSchema.safeParse(value);
      return parsed.success ? { type: 'delta', text: parsed.data.text } : fail();
    }
    case 'error': {
      const parsed = streamErrorEventSchema.safeParse(value);
      if (!parsed.success) return fail();
      const event: StreamEvent = { type: 'error', code: parsed.data.code, message: parsed.data.message };
      if (parsed.data.retryAfterSeconds !== undefined) event.retryAfterSeconds = parsed.data.retryAfterSeconds;
      return event;
    }
  }
  return null;
}
