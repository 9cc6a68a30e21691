/**
 * The size of what a message would forward upstream: system prompt, the whole history and the new
 * message, in characters and in o200k_base tokens. The token count is also the budget estimate.
 */
import { countOpenAITokens } from '../../pipeline/tokens/token-counter.ts';
import type { ChatMessage } from '../../schema/raw-records.ts';
import { ApiError } from '../responses/api-error.ts';

/** Chat formats add a few tokens per message (role markers); 8 covers the common templates. */
const TOKENS_PER_MESSAGE = 8;

export interface PromptSize {
  chars: number;
  tokens: number;
}

export function measurePrompt(
  systemPrompt: string | null,
  history: readonly ChatMessage[],
  userContent: string,
  limits: { maxChars: number; maxTokens: number },
): PromptSize {
  const texts = [...(systemPrompt === null ? [] : [systemPrompt]), ...history.map((message) => message.content), userContent];
  let chars = 0;
  for (const text of texts) chars += text.length;
  if (chars > limits.maxChars) {
    throw new ApiError(413, 'prompt_too_long', `The conversation (history included) is longer than ${limits.maxChars} characters; please start a new one.`);
  }
  let tokens = texts.length * TOKENS_PER_MESSAGE;
  for (const text of texts) {
    tokens += countOpenAITokens(text);
    if (tokens > limits.maxTokens) {
      throw new ApiError(413, 'prompt_too_long', `The conversation (history included) is longer than ${limits.maxTokens} tokens; please start a new one.`);
    }
  }
  return { chars, tokens };
}
