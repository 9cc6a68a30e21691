/**
 * What the upstream double says: request schemas, the deterministic echo reply, token counts and
 * moderation scores. Kept apart from the HTTP plumbing in upstream-double.ts; imports nothing from src/.
 */
import { z } from 'zod';

export interface ReplyPlan {
  text: string;
  /** Explicit pieces; otherwise `text` is split into `chunkCount` pieces. */
  chunks?: string[];
  chunkCount?: number;
  /** Pause between content chunks. */
  delayMs?: number;
  /** Pause after the response headers, before the first content chunk. */
  firstChunkDelayMs?: number;
  finishReason?: string;
  /** Pieces streamed as `delta.reasoning_content` before the reply, as reasoning models do. */
  reasoning?: string[];
}

export type ReplyGenerator = (request: ChatCompletionRequest) => ReplyPlan;

export const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(
    z.looseObject({
      role: z.string(),
      content: z.union([z.string(), z.null(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
    }),
  ),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatRequestSchema>;

export const moderationRequestSchema = z.looseObject({
  model: z.string().optional(),
  input: z.union([z.string(), z.array(z.string())]),
});

/** Deterministic moderation: a category scores high when one of its trigger words appears. */
const MODERATION_TRIGGERS: Record<string, readonly string[]> = {
  harassment: ['idiot', 'stupid'],
  'harassment/threatening': ['i will hurt you'],
  hate: ['hateful'],
  'hate/threatening': ['exterminate'],
  illicit: ['counterfeit', 'launder'],
  'illicit/violent': ['build a bomb'],
  'self-harm': ['hurt myself'],
  'self-harm/intent': ['want to die'],
  'self-harm/instructions': ['how to self-harm'],
  sexual: ['explicit', 'nsfw'],
  'sexual/minors': ['underage'],
  violence: ['kill', 'attack'],
  'violence/graphic': ['gore'],
};

function messageText(content: ChatCompletionRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => part.text ?? '').join('');
  return '';
}

export function echoReply(request: ChatCompletionRequest, chunkCount: number, delayMs: number): ReplyPlan {
  const lastUser = [...request.messages].reverse().find((message) => message.role === 'user');
  return { text: `Echo: ${messageText(lastUser?.content)}`, chunkCount, delayMs };
}

/** Splits by code points so no piece ends inside a surrogate pair. */
export function splitText(text: string, chunkCount: number): string[] {
  const codePoints = Array.from(text);
  const count = Math.max(1, Math.min(chunkCount, codePoints.length));
  const size = Math.ceil(codePoints.length / count);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) pieces.push(codePoints.slice(start, start + size).join(''));
  return pieces;
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

export function countUsage(request: ChatCompletionRequest, replyText: string): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const promptTokens = request.messages.reduce((total, message) => total + countWords(messageText(message.content)) + 1, 0);
  const completionTokens = countWords(replyText);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

export function moderate(input: string): { flagged: boolean; categories: Record<string, boolean>; category_scores: Record<string, number> } {
  const lower = input.toLowerCase();
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  for (const [category, triggers] of Object.entries(MODERATION_TRIGGERS)) {
    const hit = triggers.some((trigger) => lower.includes(trigger));
    scores[category] = hit ? 0.93 : ((lower.length + category.length) % 7) / 10_000;
    categories[category] = hit;
  }
  return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores };
}
