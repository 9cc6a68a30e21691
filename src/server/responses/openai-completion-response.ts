/**
 * Answers /v1/chat/completions from a running turn, in OpenAI's wire format: one JSON
 * `chat.completion`, or `chat.completion.chunk` SSE frames ending with `data: [DONE]`.
 * Faults before the upstream's first event are HTTP errors; later ones an error frame.
 */
import type { Context } from 'hono';
import type { TurnRecord } from '../../schema/raw-records.ts';
import { openAiErrorBody } from './api-error.ts';
import { createSseResponse } from './sse-response.ts';
import type { TurnRun } from '../turns/turn-run.ts';
import { failureApiError, type TurnFailure } from './upstream-failure.ts';

export interface CompletionOptions {
  stream: boolean;
  includeUsage: boolean;
  model: string;
}

const INTERRUPTED: TurnFailure = {
  httpStatus: 503,
  code: 'interrupted',
  message: 'The server is restarting; the reply was cut off.',
  retryAfterSeconds: null,
  upstreamStatus: null,
};

/** Our completion id names the stored turn, so operators can find a client's turn. */
function completionId(turnIdentifier: number): string {
  return `chatcmpl-wildchat-${turnIdentifier}`;
}

function usageOf(turn: TurnRecord): Record<string, unknown> | undefined {
  return turn.usage === null ? undefined : { ...turn.usage };
}

export async function respondWithOpenAiCompletion(c: Context, run: TurnRun, options: CompletionOptions): Promise<Response> {
  const signal = c.req.raw.signal;
  const onClientGone = (): void => run.abort('client');
  if (signal.aborted) onClientGone();
  else signal.addEventListener('abort', onClientGone, { once: true });

  if (!options.stream) {
    const turn = await run.done;
    signal.removeEventListener('abort', onClientGone);
    if (run.failure !== null) throw failureApiError(run.failure);
    if (turn.status === 'interrupted') throw failureApiError(INTERRUPTED);
    return c.json({
      id: completionId(turn.turnIdentifier),
      object: 'chat.completion',
      created: Math.floor(turn.receivedAt / 1000),
      model: turn.modelReported ?? options.model,
      system_fingerprint: turn.systemFingerprint,
      choices: [
        { index: 0, message: { role: 'assistant', content: turn.assistantContent, refusal: null }, logprobs: null, finish_reason: turn.finishReason ?? 'stop' },
      ],
      usage: usageOf(turn),
    });
  }

  await run.firstEvent;
  signal.removeEventListener('abort', onClientGone);
  if (!run.started && run.failure !== null) throw failureApiError(run.failure);

  const id = completionId(run.turnIdentifier);
  const created = Math.floor(run.snapshot().receivedAt / 1000);
  // Every content chunk shares this frame; only the text changes, so it is spliced in as JSON.
  const chunkHead = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(options.model)},"choices":[{"index":0,"delta":`;
  const chunkTail = ',"logprobs":null,"finish_reason":null}]}';

  return createSseResponse(
    (writer) => {
      writer.send(`${chunkHead}{"role":"assistant","content":""}${chunkTail}`);
      run.subscribe({
        delta(text) {
          writer.send(`${chunkHead}{"content":${JSON.stringify(text)}}${chunkTail}`);
        },
        end(turn, failure) {
          const fault = failure ?? (turn.status === 'interrupted' ? INTERRUPTED : null);
          if (fault !== null) {
            writer.send(JSON.stringify(openAiErrorBody(failureApiError(fault))));
            writer.close();
            return;
          }
          writer.send(`${chunkHead}{}${chunkTail.replace('"finish_reason":null', `"finish_reason":${JSON.stringify(turn.finishReason ?? 'stop')}`)}`);
          if (options.includeUsage) {
            writer.send(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: options.model, choices: [], usage: usageOf(turn) ?? null }));
          }
          writer.send('[DONE]');
          writer.close();
        },
      });
    },
    () => run.abort('client'),
  );
}
