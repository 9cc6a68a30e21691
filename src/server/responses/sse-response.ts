/**
 * A text/event-stream Response fed by a push API. Writes after the client left are dropped
 * silently, and `onCancel` fires once when the client disconnects.
 */
const encoder = new TextEncoder();

export interface SseWriter {
  /** Writes `event:` (when given) and `data:` lines. `data` must not contain newlines (JSON does not). */
  send(data: string, event?: string): void;
  close(): void;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // A reply is one user's data: no cache may keep it, and no proxy may rewrite the stream.
  'cache-control': 'no-store, no-transform',
  // Stops nginx-style proxies from buffering the stream.
  'x-accel-buffering': 'no',
} as const;

export function createSseResponse(start: (writer: SseWriter) => void, onCancel: () => void): Response {
  let closed = false;
  // Frames sent in one tick (the turn and the text so far, the deltas of one upstream read, the
  // last delta with done) go out as one chunk: each chunk costs the server a socket write.
  let pending = '';
  let flushQueued = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const flush = (): void => {
        flushQueued = false;
        if (closed || pending === '') return;
        const text = pending;
        pending = '';
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          closed = true;
        }
      };
      const writer: SseWriter = {
        send(data, event) {
          if (closed) return;
          pending += event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
          if (flushQueued) return;
          flushQueued = true;
          // After the promise jobs of this tick, so frames the same upstream read produced share the chunk.
          process.nextTick(flush);
        },
        close() {
          if (closed) return;
          flush();
          closed = true;
          try {
            controller.close();
          } catch {
            // Already errored or cancelled: nothing left to close.
          }
        },
      };
      start(writer);
    },
    cancel() {
      if (closed) return;
      closed = true;
      onCancel();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
