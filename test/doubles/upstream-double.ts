/**
 * A real HTTP server on 127.0.0.1 that speaks the parts of OpenAI's API the project uses
 * (models, chat completions streamed or not, moderations), with scripted replies and injectable
 * faults. Tests use it in-process; end-to-end tests, benchmarks and the README's "try it without an
 * API key" run it standalone:
 *
 *   node --import tsx test/doubles/upstream-double.ts --port 8089 [--delay-ms 20] [--chunks 8]
 *     [--fault 429|500|stall|cut|malformed[:rate]] [--log requests.jsonl]
 *
 * --fault makes that share of chat requests (rate 0..1, default 1; every 1/rate-th request, so a run
 * is repeatable) fail: 429 or 500 status, a stall before the first token, a cut connection or a
 * malformed chunk after the first one. --log appends one JSON line per request (time, method, path,
 * model, stream, fault); never message content.
 *
 * It imports nothing from src/ so it stays an independent implementation of the wire format.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chatRequestSchema, countUsage, echoReply, moderate, moderationRequestSchema, splitText } from './upstream-double-replies.ts';
import type { ReplyGenerator, ReplyPlan } from './upstream-double-replies.ts';

export type { ChatCompletionRequest, ReplyGenerator, ReplyPlan } from './upstream-double-replies.ts';
export { splitText } from './upstream-double-replies.ts';

/** A fault for one request. "afterChunks" counts content chunks already sent. */
export type UpstreamFault =
  | { type: 'status'; status: number; retryAfter?: string | number }
  | { type: 'hang_before_headers'; durationMs?: number }
  | { type: 'stall_before_first_token'; durationMs?: number }
  | { type: 'stall_mid_stream'; afterChunks: number; durationMs?: number }
  | { type: 'cut'; afterChunks: number }
  /** "json": a data line that is not JSON; "shape": valid JSON that is not a chunk. The stream then goes on. */
  | { type: 'malformed'; afterChunks: number; variant?: 'json' | 'shape' }
  | { type: 'end_without_finish'; afterChunks: number }
  | { type: 'missing_usage' }
  /** The finish chunk arrives, then nothing (no usage, no [DONE]) until the client leaves. */
  | { type: 'stall_after_finish' }
  | { type: 'slow'; delayMs: number };

export type UpstreamRoute = 'chat' | 'models' | 'moderations';

export interface RecordedRequest {
  method: string;
  path: string;
  route: UpstreamRoute | null;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or null for GET / unparseable bodies. */
  body: unknown;
}

export type StreamOutcome = 'open' | 'completed' | 'client_closed' | 'cut';

export interface UpstreamDoubleOptions {
  port?: number;
  host?: string;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  models?: string[];
  /** Defaults for the echo reply. */
  chunkCount?: number;
  delayMs?: number;
  /** Keep request bodies in `requests` (turn off for long benchmarks). */
  recordRequests?: boolean;
}

export interface UpstreamDouble {
  /** e.g. http://127.0.0.1:43123/v1 */
  readonly baseUrl: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Streaming responses currently being written. */
  readonly activeStreams: number;
  /** One entry per streaming response, in arrival order. */
  readonly streamOutcomes: StreamOutcome[];
  /** Replace the reply for every later chat request; null restores the echo reply. */
  setReply(reply: ReplyPlan | ReplyGenerator | null): void;
  /** Queue a fault for the next `count` requests to `route` (default chat). */
  injectFault(fault: UpstreamFault, options?: { route?: UpstreamRoute; count?: number }): void;
  /** Called for requests that found no queued fault. */
  setFaultHook(hook: ((request: RecordedRequest) => UpstreamFault | null) | null): void;
  /** Close the listening socket (new connections are refused) and listen again after `durationMs`. */
  refuseConnections(durationMs: number): Promise<void>;
  /** Resolves when no stream is active. */
  waitForIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startUpstreamDouble(options: UpstreamDoubleOptions = {}): Promise<UpstreamDouble> {
  const host = options.host ?? '127.0.0.1';
  const models = options.models ?? ['double-small', 'double-large'];
  const recordRequests = options.recordRequests ?? true;
  const requests: RecordedRequest[] = [];
  const streamOutcomes: StreamOutcome[] = [];
  const faultQueue: { route: UpstreamRoute; fault: UpstreamFault }[] = [];
  const idleWaiters: (() => void)[] = [];
  let activeStreams = 0;
  let reply: ReplyGenerator = (request) => echoReply(request, options.chunkCount ?? 4, options.delayMs ?? 0);
  let faultHook: ((request: RecordedRequest) => UpstreamFault | null) | null = null;
  let responseCounter = 0;
  let relistenTimer: NodeJS.Timeout | null = null;

  const nextFault = (route: UpstreamRoute, request: RecordedRequest): UpstreamFault | null => {
    const index = faultQueue.findIndex((entry) => entry.route === route);
    if (index !== -1) return faultQueue.splice(index, 1)[0]?.fault ?? null;
    return faultHook === null ? null : faultHook(request);
  };

  const streamStarted = (response: http.ServerResponse): number => {
    activeStreams++;
    const index = streamOutcomes.push('open') - 1;
    response.on('close', () => {
      if (streamOutcomes[index] === 'open') streamOutcomes[index] = response.writableFinished ? 'completed' : 'client_closed';
      activeStreams--;
      if (activeStreams === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    });
    return index;
  };

  const handleChat = async (request: RecordedRequest, response: http.ServerResponse): Promise<void> => {
    const parsed = chatRequestSchema.safeParse(request.body);
    if (!parsed.success) return sendError(response, 400, 'invalid_request_error', 'invalid chat completion request');
    const body = parsed.data;
    const fault = nextFault('chat', request);
    if (fault !== null && (await applyPreludeFault(fault, response))) return;
    const plan = reply(body);
    const pieces = plan.chunks ?? splitText(plan.text, plan.chunkCount ?? 4);
    const id = `chatcmpl-double-${++responseCounter}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = countUsage(body, plan.text);
    if (body.stream !== true) {
      if (fault?.type === 'cut') return void response.socket?.destroy();
      if (fault?.type === 'stall_before_first_token' || fault?.type === 'stall_mid_stream') {
        let closed = false;
        response.on('close', () => (closed = true));
        await waitUnlessClosed(response, fault.durationMs ?? Number.POSITIVE_INFINITY, () => closed);
        if (closed) return;
      }
      return sendJson(response, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        system_fingerprint: 'fp_double',
        choices: [{ index: 0, message: { role: 'assistant', content: pieces.join('') }, logprobs: null, finish_reason: plan.finishReason ?? 'stop' }],
        usage,
      });
    }
    const streamIndex = streamStarted(response);
    let closed = false;
    response.on('close', () => (closed = true));
    const pause = (milliseconds: number): Promise<void> => waitUnlessClosed(response, milliseconds, () => closed);
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    response.flushHeaders();
    // Chunks written in the same tick leave in one packet instead of one syscall each.
    let corked = false;
    const uncork = (): void => {
      corked = false;
      response.uncork();
    };
    const write = (text: string): void => {
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(uncork);
      }
      response.write(text);
    };
    const writeChunk = (delta: Record<string, string>, finishReason: string | null): void => {
      const chunk = {
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        system_fingerprint: 'fp_double',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      };
      write(`data: ${JSON.stringify(chunk)}\n\n`);
    };
    if (fault?.type === 'stall_before_first_token') {
      await pause(fault.durationMs ?? Number.POSITIVE_INFINITY);
      if (closed) return;
    }
    if (plan.firstChunkDelayMs !== undefined && plan.firstChunkDelayMs > 0) await pause(plan.firstChunkDelayMs);
    if (closed) return;
    writeChunk({ role: 'assistant', content: '' }, null);
    const delayMs = fault?.type === 'slow' ? fault.delayMs : (plan.delayMs ?? 0);
    for (const [index, thought] of (plan.reasoning ?? []).entries()) {
      if (index > 0 && delayMs > 0) await pause(delayMs);
      if (closed) return;
      writeChunk({ reasoning_content: thought }, null);
    }
    if (plan.reasoning !== undefined && plan.reasoning.length > 0 && delayMs > 0) await pause(delayMs);
    if (closed) return;
    for (let sent = 0; sent <= pieces.length; sent++) {
      if (fault !== null && 'afterChunks' in fault && fault.afterChunks === sent) {
        if (fault.type === 'cut') {
          streamOutcomes[streamIndex] = 'cut';
          // end() rather than destroy(): the chunks written so far must reach the client first,
          // then the connection closes without the chunked terminator, as when an upstream dies.
          response.socket?.end();
          return;
        }
        if (fault.type === 'malformed') {
          write(fault.variant === 'shape' ? 'data: {"choices": "not a list"}\n\n' : 'data: {"choices": [{"delta": {"content": "unterminated\n\n');
        }
        if (fault.type === 'end_without_finish') {
          response.end();
          return;
        }
        if (fault.type === 'stall_mid_stream') {
          await pause(fault.durationMs ?? Number.POSITIVE_INFINITY);
          if (closed) return;
        }
      }
      const piece = pieces[sent];
      if (piece === undefined) break;
      if (sent > 0 && delayMs > 0) {
        await pause(delayMs);
        if (closed) return;
      }
      writeChunk({ content: piece }, null);
    }
    writeChunk({}, plan.finishReason ?? 'stop');
    if (fault?.type === 'stall_after_finish') return pause(Number.POSITIVE_INFINITY);
    if (body.stream_options?.include_usage === true && fault?.type !== 'missing_usage') {
      write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, system_fingerprint: 'fp_double', choices: [], usage })}\n\n`,
      );
    }
    response.end('data: [DONE]\n\n');
  };

  /** Handles the faults that replace the whole response; true when the response is dealt with. */
  const applyPreludeFault = async (fault: UpstreamFault, response: http.ServerResponse): Promise<boolean> => {
    if (fault.type === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      const type = fault.status === 429 ? 'rate_limit_error' : fault.status >= 500 ? 'server_error' : 'invalid_request_error';
      sendError(response, fault.status, type, `double fault: status ${fault.status}`, headers);
      return true;
    }
    if (fault.type === 'hang_before_headers') {
      let closed = false;
      response.on('close', () => (closed = true));
      await waitUnlessClosed(response, fault.durationMs ?? Number.POSITIVE_INFINITY, () => closed);
      return closed;
    }
    return false;
  };

  const handle = async (incoming: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', 'http://double.invalid');
    const route: UpstreamRoute | null =
      url.pathname === '/v1/models' ? 'models' : url.pathname === '/v1/chat/completions' ? 'chat' : url.pathname === '/v1/moderations' ? 'moderations' : null;
    const rawBody = incoming.method === 'POST' ? await readBody(incoming) : '';
    let body: unknown = null;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = null;
      }
    }
    const recorded: RecordedRequest = { method: incoming.method ?? 'GET', path: url.pathname, route, headers: incoming.headers, body };
    if (recordRequests) requests.push(recorded);
    if (options.apiKey !== undefined && incoming.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(response, 401, 'invalid_request_error', 'missing or wrong API key');
    }
    if (route === 'chat' && incoming.method === 'POST') return handleChat(recorded, response);
    if (route === 'models' && incoming.method === 'GET') {
      const fault = nextFault('models', recorded);
      if (fault !== null && (await applyPreludeFault(fault, response))) return;
      return sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'upstream-double' })) });
    }
    if (route === 'moderations' && incoming.method === 'POST') {
      const fault = nextFault('moderations', recorded);
      if (fault !== null && (await applyPreludeFault(fault, response))) return;
      const parsed = moderationRequestSchema.safeParse(body);
      if (!parsed.success) return sendError(response, 400, 'invalid_request_error', 'invalid moderation request');
      const inputs = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
      return sendJson(response, 200, {
        id: `modr-double-${++responseCounter}`,
        model: parsed.data.model ?? 'omni-moderation-latest',
        results: inputs.map(moderate),
      });
    }
    sendError(response, 404, 'invalid_request_error', 'unknown route');
  };

  const server = http.createServer((incoming, response) => {
    handle(incoming, response).catch(() => {
      if (!response.headersSent) sendError(response, 500, 'server_error', 'double failed');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  const port = await listen(server, options.port ?? 0, host);
  const baseUrl = `http://${host}:${port}/v1`;

  return {
    baseUrl,
    port,
    requests,
    get activeStreams() {
      return activeStreams;
    },
    streamOutcomes,
    setReply(next) {
      if (next === null) reply = (request) => echoReply(request, options.chunkCount ?? 4, options.delayMs ?? 0);
      else if (typeof next === 'function') reply = next;
      else reply = () => next;
    },
    injectFault(fault, faultOptions) {
      for (let index = 0; index < (faultOptions?.count ?? 1); index++) faultQueue.push({ route: faultOptions?.route ?? 'chat', fault });
    },
    setFaultHook(hook) {
      faultHook = hook;
    },
    async refuseConnections(durationMs) {
      if (relistenTimer !== null) clearTimeout(relistenTimer);
      if (server.listening)
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would let a pooled client slip past the closed listener.
          server.closeIdleConnections();
          // close() waits for active connections; the listener itself is already gone.
          setImmediate(resolve);
        });
      relistenTimer = setTimeout(() => {
        relistenTimer = null;
        server.listen({ port, host, backlog: 4096 });
      }, durationMs);
    },
    waitForIdle() {
      if (activeStreams === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      if (relistenTimer !== null) clearTimeout(relistenTimer);
      relistenTimer = null;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        if (!server.listening) resolve();
      });
    },
  };
}

/** The base URL of a port that nothing listens on: connecting to it is refused. */
export async function unreachableBaseUrl(): Promise<string> {
  const server = http.createServer();
  const port = await listen(server, 0, '127.0.0.1');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A large backlog so benchmarks can open a thousand streams at once.
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(incoming: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

function sendError(response: http.ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { error: { message, type, param: null, code: null } }, headers);
}

function waitUnlessClosed(response: http.ServerResponse, milliseconds: number, isClosed: () => boolean): Promise<void> {
  if (isClosed()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      if (timer !== null) clearTimeout(timer);
      response.off('close', done);
      resolve();
    };
    const timer = Number.isFinite(milliseconds) ? setTimeout(done, milliseconds) : null;
    response.on('close', done);
  });
}

/** The command line: the double's options plus the standalone-only --fault and --log. */
interface CommandLine {
  options: UpstreamDoubleOptions;
  fault: { name: CommandLineFault; rate: number } | null;
  log: string | null;
}

const COMMAND_LINE_FAULTS = ['429', '500', 'stall', 'cut', 'malformed'] as const;
type CommandLineFault = (typeof COMMAND_LINE_FAULTS)[number];

function parseFault(value: string): { name: CommandLineFault; rate: number } {
  const [name, rateText] = value.split(':');
  const rate = rateText === undefined ? 1 : Number(rateText);
  if (!(COMMAND_LINE_FAULTS as readonly string[]).includes(name ?? '') || !Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new Error(`upstream double: --fault ${value}: expected ${COMMAND_LINE_FAULTS.join('|')}[:rate], rate between 0 and 1`);
  return { name: name as CommandLineFault, rate };
}

function faultOf(name: CommandLineFault): UpstreamFault {
  switch (name) {
    case '429':
      return { type: 'status', status: 429, retryAfter: 1 };
    case '500':
      return { type: 'status', status: 500 };
    case 'stall':
      return { type: 'stall_before_first_token' };
    case 'cut':
      return { type: 'cut', afterChunks: 1 };
    case 'malformed':
      return { type: 'malformed', afterChunks: 1 };
  }
}

function parseArguments(argv: string[]): CommandLine {
  const options: UpstreamDoubleOptions = { recordRequests: false };
  let fault: CommandLine['fault'] = null;
  let log: string | null = null;
  for (let index = 0; index < argv.length; index++) {
    const value = argv[index + 1];
    const number = Number(value);
    const flag = argv[index];
    const textual = flag === '--host' || flag === '--api-key' || flag === '--fault' || flag === '--log';
    switch (flag) {
      case '--port':
        options.port = number;
        break;
      case '--host':
        if (value !== undefined) options.host = value;
        break;
      case '--delay-ms':
        options.delayMs = number;
        break;
      case '--chunks':
        options.chunkCount = number;
        break;
      case '--api-key':
        if (value !== undefined) options.apiKey = value;
        break;
      case '--fault':
        if (value !== undefined) fault = parseFault(value);
        break;
      case '--log':
        if (value !== undefined) log = value;
        break;
      default:
        continue;
    }
    if (value === undefined || (!textual && !Number.isInteger(number))) {
      throw new Error(`upstream double: ${flag} needs a value`);
    }
    index++;
  }
  return { options, fault, log };
}

/** Decides each chat request's fault (every 1/rate-th one) and logs every request. */
function commandLineHook(commandLine: CommandLine): (request: RecordedRequest) => UpstreamFault | null {
  let chats = 0;
  return (request) => {
    let fault: UpstreamFault | null = null;
    if (request.route === 'chat' && commandLine.fault !== null) {
      const { rate, name } = commandLine.fault;
      chats += 1;
      if (Math.floor(chats * rate) > Math.floor((chats - 1) * rate)) fault = faultOf(name);
    }
    if (commandLine.log !== null) {
      const body = (request.body ?? {}) as { model?: unknown; stream?: unknown };
      const line = {
        at: new Date().toISOString(),
        method: request.method,
        path: request.path,
        model: typeof body.model === 'string' ? body.model : null,
        stream: body.stream === true,
        fault: fault === null ? null : (commandLine.fault?.name ?? null),
      };
      fs.appendFileSync(commandLine.log, `${JSON.stringify(line)}\n`);
    }
    return fault;
  };
}

const entryPath = process.argv[1];
if (entryPath !== undefined && pathToFileURL(path.resolve(entryPath)).href === import.meta.url) {
  const commandLine = parseArguments(process.argv.slice(2));
  const double = await startUpstreamDouble(commandLine.options);
  if (commandLine.fault !== null || commandLine.log !== null) double.setFaultHook(commandLineHook(commandLine));
  process.stdout.write(`${double.baseUrl}\n`);
  const stop = (): void => {
    double.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
