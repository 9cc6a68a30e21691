/**
 * The pure half of the chat stream: OpenAI chat.completion.chunk SSE events (or one non-streamed
 * chat.completion) to ChatStreamEvents, every chunk checked with zod. No I/O and no timers, so
 * the mapping is tested on its own; the attempt around it owns the connection and the watchdog.
 */
import { z } from 'zod';
import { usageSchema } from '../schema/raw-records.ts';
import type { ChatStreamEvent } from './llm-client.ts';
import { UpstreamError } from './llm-client.ts';
import type { SseEvent } from './sse-parser.ts';

const chunkSchema = z.object({
  id: z.string().nullish(),
  created: z.number().nullish(),
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().int().nullish(),
        delta: z
          .object({
            content: z.string().nullish(),
            // Reasoning models stream their thinking first under one of these names.
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  error: z.unknown().optional(),
});
type Chunk = z.infer<typeof chunkSchema>;

const completionSchema = chunkSchema.extend({
  choices: z.array(
    z.object({
      index: z.number().int().nullish(),
      message: z.object({ content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
});

/** Faults found in the stream itself: text may already have been handed on, so never before the first byte. */
function streamFault(code: 'upstream_server_error' | 'upstream_malformed', message: string): UpstreamError {
  return new UpstreamError(code, message, { beforeFirstByte: false });
}

/** What one streamed reply has shown so far, and the events each SSE event adds to it. */
export class ChatChunkMapper {
  /** Reply text, reasoning, finish_reason or [DONE] arrived: the upstream is producing. */
  firstTokenSeen = false;
  finishSeen = false;
  doneSeen = false;
  #started = false;

  /** Throws UpstreamError for an error event, a chunk that is not JSON or one of an unexpected shape. */
  map(event: SseEvent): ChatStreamEvent[] {
    if (this.doneSeen) return [];
    if (event.data === '[DONE]') {
      this.doneSeen = true;
      this.firstTokenSeen = true;
      return [];
    }
    if (event.type !== 'message') {
      if (event.type === 'error') throw streamFault('upstream_server_error', 'upstream sent an error event inside the stream');
      // Named events (pings and the like) are not part of OpenAI's chunk stream.
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(event.data);
    } catch {
      throw streamFault('upstream_malformed', 'upstream sent a stream chunk that is not JSON');
    }
    const parsed = chunkSchema.safeParse(json);
    if (!parsed.success) throw streamFault('upstream_malformed', 'upstream sent a stream chunk of an unexpected shape');
    return this.#mapChunk(parsed.data);
  }

  #mapChunk(chunk: Chunk): ChatStreamEvent[] {
    if (chunk.error !== undefined && chunk.error !== null) throw streamFault('upstream_server_error', 'upstream reported an error inside the stream');
    const events: ChatStreamEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push(startEvent(chunk));
    }
    const choice = firstChoice(chunk.choices);
    if (choice !== undefined) {
      const delta = choice.delta;
      const text = delta?.content;
      if (text !== undefined && text !== null && text.length > 0) {
        this.firstTokenSeen = true;
        events.push({ type: 'delta', text });
      } else if ((delta?.reasoning_content ?? '') !== '' || (delta?.reasoning ?? '') !== '') {
        // Reasoning tokens are not part of the reply, but they prove the upstream is working.
        this.firstTokenSeen = true;
      }
      if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
        this.firstTokenSeen = true;
        this.finishSeen = true;
        events.push({ type: 'finish', finishReason: choice.finish_reason });
      }
    }
    if (chunk.usage !== undefined && chunk.usage !== null) events.push({ type: 'usage', usage: chunk.usage });
    return events;
  }
}

/** Some OpenAI-compatible servers ignore `stream: true` and answer with one JSON object: the same events a stream would give. */
export function completionToEvents(text: string): ChatStreamEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw streamFault('upstream_malformed', 'upstream reply is not JSON');
  }
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success) throw streamFault('upstream_malformed', 'upstream reply has an unexpected shape');
  const completion = parsed.data;
  const choice = completion.choices.find((candidate) => (candidate.index ?? 0) === 0);
  const events: ChatStreamEvent[] = [startEvent(completion)];
  const content = choice?.message?.content;
  if (content !== undefined && content !== null && content.length > 0) events.push({ type: 'delta', text: content });
  events.push({ type: 'finish', finishReason: choice?.finish_reason ?? null });
  if (completion.usage !== undefined && completion.usage !== null) events.push({ type: 'usage', usage: completion.usage });
  return events;
}

function startEvent(chunk: Pick<Chunk, 'id' | 'created' | 'model' | 'system_fingerprint'>): ChatStreamEvent {
  return {
    type: 'start',
    id: chunk.id ?? null,
    created: chunk.created ?? null,
    model: chunk.model ?? null,
    systemFingerprint: chunk.system_fingerprint ?? null,
  };
}

/** The reply is choice 0; a lone choice counts as it whatever its index. */
function firstChoice<Choice extends { index?: number | null | undefined }>(choices: readonly Choice[] | null | undefined): Choice | undefined {
  if (choices === null || choices === undefined) return undefined;
  return choices.length === 1 ? choices[0] : choices.find((candidate) => (candidate.index ?? 0) === 0);
}
