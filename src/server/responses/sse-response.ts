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
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const writer: SseWriter = {
        send(data, event) {
          if (closed) return;
          const frame = event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
          try {
            controller.enqueue(encoder.encode(frame));
          } catch {
            closed = true;
          }
        },
        close() {
          if (closed) return;
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
