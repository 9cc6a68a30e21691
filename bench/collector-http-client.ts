/**
 * The load generator's HTTP client: node:http with one keep-alive agent, so that the client costs
 * the same few microseconds per request on every path it measures and no connection set-up lands
 * inside a timing after warm-up. It reads OpenAI chunk streams (from the double or the collector's
 * /v1) and native SSE streams, and notes when the first non-empty piece of the reply arrived.
 */
import http from 'node:http';
import { SseParser } from '../src/llm/sse-parser.ts';
import { z } from 'zod';

export type StreamFormat = 'openai' | 'native';

export interface StreamResult {
  status: number;
  /** 200, a finished stream (`[DONE]` or `done`) and no error event. */
  ok: boolean;
  /** Short description of what went wrong; null when ok. */
  error: string | null;
  /** Milliseconds from just before the request was written to the first non-empty content delta. */
  firstContentMs: number | null;
  totalMs: number;
  content: string;
  /** The stored turn's id (collector only: from the completion id or the native `done` event). */
  turnIdentifier: number | null;
  /** The native `done` event's turn status. */
  turnStatus: string | null;
}

export interface JsonResult {
  status: number;
  body: unknown;
  totalMs: number;
  error: string | null;
}

export interface RequestSpec {
  port: number;
  path: string;
  headers?: Record<string, string>;
  body: unknown;
}

const openAiChunkSchema = z.looseObject({
  id: z.string().optional(),
  choices: z.array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).nullish(), finish_reason: z.string().nullish() })).optional(),
  error: z.unknown().optional(),
});
const nativeDeltaSchema = z.object({ text: z.string() });
const nativeTurnSchema = z.object({ turn: z.looseObject({ turnIdentifier: z.number(), status: z.string() }) });

const COLLECTOR_ID_PREFIX = 'chatcmpl-wildchat-';
const REQUEST_TIMEOUT_MS = 120_000;

export class BenchHttpClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 4096 });

  /** POSTs a streaming request and reads the whole stream. Never rejects: failures come back in the result. */
  stream(spec: RequestSpec, format: StreamFormat, onFirstContent?: () => void): Promise<StreamResult> {
    return new Promise((resolve) => {
      const payload = JSON.stringify(spec.body);
      const result: StreamResult = { status: 0, ok: false, error: null, firstContentMs: null, totalMs: 0, content: '', turnIdentifier: null, turnStatus: null };
      let finished = false;
      let settled = false;
      const settle = (error: string | null): void => {
        if (settled) return;
        settled = true;
        result.totalMs = performance.now() - startedAt;
        result.error = error ?? (finished ? null : 'stream ended before it finished');
        result.ok = result.status === 200 && result.error === null;
        resolve(result);
      };
      const handleEvent = (event: string, data: string): string | null => {
        if (format === 'openai') {
          if (data === '[DONE]') {
            finished = true;
            return null;
          }
          const chunk = openAiChunkSchema.safeParse(JSON.parse(data));
          if (!chunk.success) return 'unexpected chunk shape';
          if (chunk.data.error !== undefined) return 'error chunk';
          if (result.turnIdentifier === null && chunk.data.id?.startsWith(COLLECTOR_ID_PREFIX) === true) {
            result.turnIdentifier = Number(chunk.data.id.slice(COLLECTOR_ID_PREFIX.length));
          }
          const text = chunk.data.choices?.[0]?.delta?.content ?? '';
          if (text !== '') addContent(text);
          return null;
        }
        if (event === 'delta') {
          addContent(nativeDeltaSchema.parse(JSON.parse(data)).text);
        } else if (event === 'turn' || event === 'done') {
          const { turn } = nativeTurnSchema.parse(JSON.parse(data));
          result.turnIdentifier = turn.turnIdentifier;
          if (event === 'done') {
            result.turnStatus = turn.status;
            finished = true;
          }
        } else if (event === 'error') {
          return 'error event';
        }
        return null;
      };
      const addContent = (text: string): void => {
        if (result.firstContentMs === null) {
          result.firstContentMs = performance.now() - startedAt;
          onFirstContent?.();
        }
        result.content += text;
      };

      const startedAt = performance.now();
      const request = http.request(this.options('POST', spec, payload), (response) => {
        result.status = response.statusCode ?? 0;
        if (result.status !== 200) {
          response.resume();
          response.on('end', () => settle(`HTTP ${result.status}`));
          return;
        }
        let failure: string | null = null;
        // The project's own SSE parser, so the client reads streams exactly as the collector does.
        const parser = new SseParser({
          onEvent: (event) => {
            if (failure !== null) return;
            try {
              failure = handleEvent(event.type, event.data);
            } catch {
              failure = 'unparseable event';
            }
          },
        });
        response.on('data', (chunk: Buffer) => {
          if (failure !== null) return;
          try {
            parser.push(chunk);
          } catch {
            failure = 'unparseable stream';
          }
        });
        response.on('end', () => settle(failure));
        response.on('error', () => settle(failure ?? 'response error'));
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error('timeout')));
      request.on('error', (error: NodeJS.ErrnoException) => settle(`request failed (${error.code ?? error.message})`));
      request.end(payload);
    });
  }

  /** Options of one request to the bench's loopback servers over the shared keep-alive agent. */
  private options(method: 'GET' | 'POST', spec: Pick<RequestSpec, 'port' | 'path' | 'headers'>, payload: string): http.RequestOptions {
    return {
      agent: this.agent,
      host: '127.0.0.1',
      port: spec.port,
      path: spec.path,
      method,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...spec.headers },
    };
  }

  /** A JSON request (consent, conversation creation, non-streamed completion). Never rejects. */
  json(method: 'GET' | 'POST', spec: Omit<RequestSpec, 'body'> & { body?: unknown }): Promise<JsonResult> {
    return new Promise((resolve) => {
      const payload = spec.body === undefined ? '' : JSON.stringify(spec.body);
      const startedAt = performance.now();
      const request = http.request(this.options(method, spec, payload), (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (piece: string) => (text += piece));
        response.on('end', () => {
          let body: unknown = null;
          let error: string | null = null;
          try {
            body = text === '' ? null : JSON.parse(text);
          } catch {
            error = 'response is not JSON';
          }
          const status = response.statusCode ?? 0;
          if (error === null && (status < 200 || status >= 300)) error = `HTTP ${status}`;
          resolve({ status, body, totalMs: performance.now() - startedAt, error });
        });
        response.on('error', () => resolve({ status: response.statusCode ?? 0, body: null, totalMs: performance.now() - startedAt, error: 'response error' }));
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error('timeout')));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ status: 0, body: null, totalMs: performance.now() - startedAt, error: `request failed (${error.code ?? error.message})` }),
      );
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
