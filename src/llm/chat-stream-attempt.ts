/**
 * One attempt at a streamed chat completion: the request, the body read piece by piece through
 * the SSE parser into the pure chunk mapping, the idle watchdog, and the release of the
 * connection however the attempt ends. Retrying is the caller's business (streamWithRetries).
 */
import type { ChatStreamEvent, UpstreamErrorCode } from './llm-client.ts';
import { UpstreamError } from './llm-client.ts';
import { ChatChunkMapper, completionToEvents } from './chat-chunk-events.ts';
import { IdleWatchdog } from './idle-watchdog.ts';
import { classifyFetchFailure, classifyStatus } from './retry-policy.ts';
import { SseParseError, SseParser } from './sse-parser.ts';
import type { TransportResponse, UpstreamTransport } from './upstream-transport.ts';

export interface ChatStreamTarget {
  transport: UpstreamTransport;
  url: string;
  headers: Record<string, string>;
  firstTokenTimeoutMs: number;
  stallTimeoutMs: number;
}

/** Cap on a non-streamed JSON reply (upstreams that ignore `stream: true`). */
const MAX_JSON_REPLY_BYTES = 16 * 1024 * 1024;

export async function* streamChatAttempt(target: ChatStreamTarget, body: string, signal: AbortSignal | undefined): AsyncGenerator<ChatStreamEvent> {
  const controller = new AbortController();
  let failure: UpstreamError | null = null;
  let receivedBodyByte = false;
  let bodyFinished = false;
  const fail = (code: UpstreamErrorCode, message: string): void => {
    if (failure !== null) return;
    failure = new UpstreamError(code, message, { beforeFirstByte: !receivedBodyByte });
    controller.abort();
  };
  // A function, so TypeScript does not narrow `failure` across the awaits that timers interrupt.
  const currentFailure = (): UpstreamError | null => failure;
  const onUserAbort = (): void => fail('aborted', 'request aborted');
  signal?.addEventListener('abort', onUserAbort, { once: true });
  const watchdog = new IdleWatchdog({ firstTokenTimeoutMs: target.firstTokenTimeoutMs, stallTimeoutMs: target.stallTimeoutMs, onIdle: fail });
  const mapper = new ChatChunkMapper();
  const events: ChatStreamEvent[] = [];
  const parser = new SseParser({ onEvent: (event) => events.push(...mapper.map(event)) });

  try {
    if (signal?.aborted === true) onUserAbort();
    const early = currentFailure();
    if (early !== null) throw early;
    let response: TransportResponse;
    try {
      response = await target.transport(target.url, { method: 'POST', headers: target.headers, body, signal: controller.signal });
    } catch (error) {
      throw currentFailure() ?? classifyFetchFailure(error);
    }
    if (response.status < 200 || response.status > 299) {
      response.cancel();
      throw currentFailure() ?? classifyStatus(response, 'chat completion');
    }
    if (!response.hasBody) throw new UpstreamError('upstream_malformed', 'upstream reply has no body', { beforeFirstByte: true });
    if ((response.headers.get('content-type') ?? '').includes('application/json')) {
      const completion = completionToEvents(await readCompletionText(response, currentFailure));
      receivedBodyByte = true;
      bodyFinished = true;
      for (const event of completion) yield event;
      return;
    }
    let pendingError: unknown = null;
    for (;;) {
      let result: Uint8Array | null;
      watchdog.waitingOnUpstream = true;
      try {
        result = await response.read();
      } catch (error) {
        // After [DONE] the reply is whole; a late stall or cut only costs the pooled connection.
        if (mapper.doneSeen) break;
        const reason = currentFailure();
        if (reason !== null && !(mapper.finishSeen && reason.code === 'upstream_stalled')) throw reason;
        // After finish_reason only the optional usage chunk is missing.
        if (mapper.finishSeen) break;
        throw new UpstreamError('upstream_stream_cut', 'upstream connection closed before the reply finished', {
          beforeFirstByte: !receivedBodyByte,
          cause: error,
        });
      }
      watchdog.waitingOnUpstream = false;
      if (result === null) {
        bodyFinished = true;
        break;
      }
      const reason = currentFailure();
      if (reason !== null) {
        if (mapper.doneSeen) break;
        throw reason;
      }
      receivedBodyByte = true;
      watchdog.dataArrived();
      try {
        if (!mapper.doneSeen) parser.push(result);
      } catch (error) {
        pendingError =
          error instanceof SseParseError
            ? new UpstreamError('upstream_malformed', `upstream event stream is invalid (${error.code})`, { beforeFirstByte: false })
            : error;
      }
      if (mapper.firstTokenSeen) watchdog.firstToken();
      // Events parsed before a bad one are real reply text; hand them over before failing.
      for (const event of events) {
        const failed = currentFailure();
        if (failed !== null) throw failed;
        yield event;
      }
      events.length = 0;
      if (pendingError !== null) throw pendingError;
      // After [DONE] keep reading to the end of the body so the connection can be reused.
    }
    const { incompleteEvent } = parser.end();
    if (!mapper.finishSeen && !mapper.doneSeen) {
      const detail = incompleteEvent ? 'in the middle of an event' : 'before the reply finished';
      throw new UpstreamError('upstream_stream_cut', `upstream stream ended ${detail}`, { beforeFirstByte: !receivedBodyByte });
    }
  } finally {
    watchdog.stop();
    signal?.removeEventListener('abort', onUserAbort);
    // Leaving before the body ended (error, consumer stopped iterating, upstream hanging after
    // [DONE]) must release the HTTP request rather than leave it running upstream.
    if (!bodyFinished) controller.abort();
  }
}

async function readCompletionText(response: TransportResponse, currentFailure: () => UpstreamError | null): Promise<string> {
  try {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_JSON_REPLY_BYTES) throw new Error('too large');
    return await response.text();
  } catch (error) {
    throw (
      currentFailure() ??
      new UpstreamError('upstream_stream_cut', 'upstream connection closed before the reply finished', { beforeFirstByte: false, cause: error })
    );
  }
}
