/**
 * One JSON request/response exchange with an upstream (model list, moderation, Detoxify,
 * embeddings): a deadline for the whole exchange, faults classified into UpstreamError, the reply
 * parsed with zod. Error messages name the request and the status, never the bodies: both sides
 * may carry the user's text.
 */
import type { z } from 'zod';
import { UpstreamError } from './llm-client.ts';
import { classifyFetchFailure, classifyStatus } from './retry-policy.ts';
import type { TransportResponse, UpstreamTransport } from './upstream-transport.ts';
import { upstreamHeaders } from './upstream-endpoint.ts';

export interface JsonRequest<Schema extends z.ZodType> {
  method: 'GET' | 'POST';
  url: string;
  apiKey: string | null | undefined;
  /** Serialised as JSON; absent for GET. */
  body?: unknown;
  /** From sending the request to the end of the reply. */
  timeoutMs: number;
  /** Names the exchange in error messages, e.g. 'embeddings'. */
  what: string;
  schema: Schema;
  signal?: AbortSignal | undefined;
}

/** Large enough for a batch of embeddings as JSON floats; a reply beyond it is treated as malformed. */
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

export async function requestJson<Schema extends z.ZodType>(transport: UpstreamTransport, request: JsonRequest<Schema>): Promise<z.infer<Schema>> {
  const controller = new AbortController();
  let failure: UpstreamError | null = null;
  const fail = (error: UpstreamError): void => {
    if (failure !== null) return;
    failure = error;
    controller.abort();
  };
  // A function, so TypeScript does not narrow `failure` across the awaits a timer interrupts.
  const currentFailure = (): UpstreamError | null => failure;
  const onUserAbort = (): void => fail(new UpstreamError('aborted', 'request aborted', { beforeFirstByte: true }));
  request.signal?.addEventListener('abort', onUserAbort, { once: true });
  // Nothing of a JSON reply reaches the user before it is whole, so a timed-out exchange may be retried.
  const timer = setTimeout(
    () => fail(new UpstreamError('upstream_timeout_first_token', `no ${request.what} reply within ${request.timeoutMs} ms`, { beforeFirstByte: true })),
    request.timeoutMs,
  );
  try {
    if (request.signal?.aborted === true) onUserAbort();
    const early = currentFailure();
    if (early !== null) throw early;
    const headers = upstreamHeaders(
      request.apiKey,
      request.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    );
    let response: TransportResponse;
    try {
      response = await transport(request.url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
    } catch (error) {
      throw currentFailure() ?? classifyFetchFailure(error);
    }
    if (response.status < 200 || response.status > 299) {
      response.cancel();
      throw currentFailure() ?? classifyStatus(response, request.what);
    }
    const text = await readReply(response, request.what, currentFailure);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UpstreamError('upstream_malformed', `upstream ${request.what} reply is not JSON`, { beforeFirstByte: false });
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) throw new UpstreamError('upstream_malformed', `upstream ${request.what} reply has an unexpected shape`, { beforeFirstByte: false });
    return parsed.data;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onUserAbort);
  }
}

async function readReply(response: TransportResponse, what: string, currentFailure: () => UpstreamError | null): Promise<string> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const chunk = await response.read();
      if (chunk === null) break;
      bytes += chunk.byteLength;
      if (bytes > MAX_REPLY_BYTES) {
        response.cancel();
        throw new UpstreamError('upstream_malformed', `upstream ${what} reply is larger than ${MAX_REPLY_BYTES} bytes`, { beforeFirstByte: false });
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw (
      currentFailure() ??
      new UpstreamError('upstream_stream_cut', `upstream connection closed before the ${what} reply ended`, { beforeFirstByte: false, cause: error })
    );
  }
  return Buffer.concat(chunks).toString('utf8');
}
