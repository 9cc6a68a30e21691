/**
 * Reads an OpenAI-style message list as a conversation: an optional leading system prompt, the
 * history the client resent, and the new user message. Linking the history to a stored turn is
 * by path hash (see path-hash.ts), so a client that resends what it got back continues the same
 * conversation, and a client that resends an old prefix (regenerate, edit) opens a sibling branch.
 */
import { z } from 'zod';
import type { ChatMessage } from '../../schema/raw-records.ts';
import { ApiError } from '../responses/api-error.ts';
import { wellFormed } from '../requests/well-formed.ts';

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

export const openAiMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
});
export type OpenAiMessage = z.infer<typeof openAiMessageSchema>;

export interface SplitHistory {
  systemPrompt: string | null;
  /** Everything between the system prompt and the new user message. */
  history: ChatMessage[];
  userContent: string;
  /** User messages in the history plus the new one: the conversation length for maxTurns. */
  turnCount: number;
}

function textOf(message: OpenAiMessage, index: number): string {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return wellFormed(content);
  let text = '';
  for (const part of content) {
    if (part.type !== 'text' || part.text === undefined) {
      throw new ApiError(400, 'unsupported_content', 'Only text content parts are supported.', { param: `messages.${index}.content` });
    }
    text += part.text;
  }
  return wellFormed(text);
}

export function splitHistory(messages: readonly OpenAiMessage[]): SplitHistory {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== 'user') {
    throw new ApiError(400, 'invalid_request', 'The last message must be a user message.', { param: 'messages' });
  }
  const first = messages[0];
  const hasSystemPrompt = messages.length > 1 && first !== undefined && (first.role === 'system' || first.role === 'developer');
  const systemPrompt = hasSystemPrompt && first !== undefined ? textOf(first, 0) : null;
  const history: ChatMessage[] = [];
  let turnCount = 1;
  for (let index = hasSystemPrompt ? 1 : 0; index < messages.length - 1; index += 1) {
    const message = messages[index];
    if (message === undefined) continue;
    if (message.role === 'user') turnCount += 1;
    history.push({ role: message.role, content: textOf(message, index) });
  }
  return { systemPrompt, history, userContent: textOf(last, messages.length - 1), turnCount };
}
