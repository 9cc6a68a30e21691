/**
 * Answers a native send/regenerate: waits for the upstream's first event so that faults before it
 * become ordinary HTTP errors, then streams `turn`, `delta`…, and `done` (or `error`) events.
 */
import type { Context } from 'hono';
import { createSseResponse } from './sse-response.ts';
import type { TurnRun } from '../turns/turn-run.ts';
import { toTurnView } from './turn-view.ts';
import { failureApiError } from './upstream-failure.ts';

export async function respondWithNativeStream(c: Context, run: TurnRun): Promise<Response> {
  const signal = c.req.raw.signal;
  const onClientGone = (): void => run.abort('client');
  if (signal.aborted) onClientGone();
  else signal.addEventListener('abort', onClientGone, { once: true });
  await run.firstEvent;
  signal.removeEventListener('abort', onClientGone);

  if (!run.started && run.failure !== null) {
    // The turn is recorded as upstream_error; the client learns which one so it can show or retry it.
    throw failureApiError(run.failure);
  }

  return createSseResponse(
    (writer) => {
      writer.send(JSON.stringify({ turn: toTurnView(run.snapshot()) }), 'turn');
      run.subscribe({
        delta(text) {
          writer.send(JSON.stringify({ text }), 'delta');
        },
        end(turn, failure) {
          if (failure !== null) {
            const payload: { code: string; message: string; retryAfterSeconds?: number } = { code: failure.code, message: failure.message };
            if (failure.retryAfterSeconds !== null) payload.retryAfterSeconds = failure.retryAfterSeconds;
            writer.send(JSON.stringify(payload), 'error');
          }
          writer.send(JSON.stringify({ turn: toTurnView(turn) }), 'done');
          writer.close();
        },
      });
    },
    () => run.abort('client'),
  );
}
