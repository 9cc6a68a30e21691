/**
 * How the OpenAI-compatible client talks HTTP. The default runs on node:http/https directly: the
 * reply body goes from the socket into our SSE parser without the web-stream and undici layers of
 * the global fetch, which cost several times the CPU per streamed reply on the collection hot path.
 * A fetch function can still be injected (tests wrap one to count or rewrite requests).
 */
import http from 'node:http';
import https from 'node:https';

export interface TransportRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Aborting destroys the request and its connection; pending reads then reject. */
  signal: AbortSignal;
}

/** Only what classifyStatus and parseRetryAfter read from a reply's headers. */
export interface HeaderReader {
  get(name: string): string | null;
}

export interface TransportResponse {
  status: number;
  headers: HeaderReader;
  hasBody: boolean;
  /** The next piece of the body, or null at its end. Rejects when the connection fails. */
  read(): Promise<Uint8Array | null>;
  /** The whole (remaining) body as UTF-8 text. */
  text(): Promise<string>;
  /** Stops reading and releases the connection without waiting for the rest of the body. */
  cancel(): void;
}

/** Resolves once the status line and headers have arrived; rejects on network failure or abort. */
export type UpstreamTransport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

export interface NodeHttpTransportOptions {
  /** Connections kept open per upstream host at most; further requests wait for a free one. */
  maxSockets?: number;
  /** Idle connections kept for reuse. */
  maxFreeSockets?: number;
}

/**
 * Every proxied stream holds one upstream connection. The server's own cap on concurrent upstream
 * calls (--max-upstream-concurrency) is the limit; a lower cap here would queue streams the server
 * had admitted (at 10,000 streams only 4,096 were open, the rest waited in the agent for tens of seconds).
 */
const DEFAULT_MAX_SOCKETS = 100_000;
const DEFAULT_MAX_FREE_SOCKETS = 256;

export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): UpstreamTransport {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? DEFAULT_MAX_SOCKETS,
    maxFreeSockets: options.maxFreeSockets ?? DEFAULT_MAX_FREE_SOCKETS,
    // Reuse the most recently used connection: the one least likely to have been closed upstream.
    scheduling: 'lifo' as const,
    // Small SSE writes and the request body must not wait for Nagle's algorithm.
    noDelay: true,
  };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);

  return (url, request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(abortError());
        return;
      }
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
      const outgoing = (secure ? https : http).request(target, {
        method: request.method,
        headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      const onAbort = (): void => {
        outgoing.destroy(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.once('close', () => signal.removeEventListener('abort', onAbort));
      outgoing.on('error', reject);
      outgoing.once('response', (message) => {
        resolve(new IncomingMessageResponse(message, () => outgoing.destroy()));
      });
      outgoing.end(request.body);
    });
}

/** The default node:http transport, or an injected fetch wrapped in the same interface. */
export function transportFor(fetchImplementation: typeof fetch | undefined): UpstreamTransport {
  return fetchImplementation === undefined ? createNodeHttpTransport() : createFetchTransport(fetchImplementation);
}

/** Wraps an injected fetch (tests) in the same interface. */
export function createFetchTransport(fetchImplementation: typeof fetch): UpstreamTransport {
  return async (url, request) => {
    const response = await fetchImplementation(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const reader = response.body?.getReader() ?? null;
    return {
      status: response.status,
      headers: response.headers,
      hasBody: reader !== null,
      async read() {
        if (reader === null) return null;
        const result = await reader.read();
        return result.done ? null : result.value;
      },
      async text() {
        if (reader === null) return '';
        const decoder = new TextDecoder();
        let text = '';
        for (;;) {
          const result = await reader.read();
          if (result.done) return text + decoder.decode();
          text += decoder.decode(result.value, { stream: true });
        }
      },
      cancel() {
        reader?.cancel().catch(() => undefined);
      },
    };
  };
}

/**
 * A pull reader over an IncomingMessage. Chunks that arrive while nobody is reading are queued and
 * the socket is paused, so a slow consumer applies back-pressure to the upstream.
 */
class IncomingMessageResponse implements TransportResponse {
  readonly status: number;
  readonly headers: HeaderReader;
  readonly hasBody = true;
  readonly #message: http.IncomingMessage;
  readonly #destroy: () => void;
  readonly #queue: Buffer[] = [];
  #ended = false;
  #failure: Error | null = null;
  #waiter: { resolve: (chunk: Uint8Array | null) => void; reject: (error: Error) => void } | null = null;

  constructor(message: http.IncomingMessage, destroy: () => void) {
    this.#message = message;
    this.#destroy = destroy;
    this.status = message.statusCode ?? 0;
    const raw = message.headers;
    this.headers = {
      get(name: string): string | null {
        const value = raw[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
    message.on('data', (chunk: Buffer) => {
      const waiter = this.#waiter;
      if (waiter !== null) {
        this.#waiter = null;
        waiter.resolve(chunk);
        return;
      }
      this.#queue.push(chunk);
      message.pause();
    });
    message.once('end', () => {
      this.#ended = true;
      this.#settleWaiter();
    });
    message.once('error', (error) => this.#fail(error));
    // A connection closed before the body ended (upstream cut, our own abort) ends without 'end'.
    message.once('close', () => {
      if (!this.#ended) this.#fail(new Error('upstream connection closed before the body ended'));
    });
  }

  read(): Promise<Uint8Array | null> {
    const queued = this.#queue.shift();
    if (queued !== undefined) {
      if (this.#queue.length === 0 && !this.#ended) this.#message.resume();
      return Promise.resolve(queued);
    }
    if (this.#failure !== null) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  async text(): Promise<string> {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = await this.read();
      if (chunk === null) return Buffer.concat(chunks).toString('utf8');
      chunks.push(chunk as Buffer);
    }
  }

  cancel(): void {
    this.#queue.length = 0;
    if (!this.#ended) this.#destroy();
  }

  #fail(error: Error): void {
    if (this.#failure !== null || this.#ended) return;
    this.#failure = error;
    this.#settleWaiter();
  }

  #settleWaiter(): void {
    const waiter = this.#waiter;
    if (waiter === null) return;
    this.#waiter = null;
    if (this.#failure !== null) waiter.reject(this.#failure);
    else waiter.resolve(null);
  }
}

function abortError(): Error {
  const error = new Error('request aborted');
  error.name = 'AbortError';
  return error;
}
