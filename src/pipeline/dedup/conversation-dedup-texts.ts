/** The two texts a conversation is deduplicated on: its first user turn and the whole conversation. */
import type { MessageInput } from '../stage.ts';

export interface ConversationDedupTexts {
  firstUserTurn: string;
  conversation: string;
}

export function conversationDedupTexts(messages: readonly MessageInput[]): ConversationDedupTexts {
  const firstUser = messages.find((message) => message.role === 'user');
  return {
    firstUserTurn: firstUser?.content ?? '',
    // Role markers keep "the same words said by the other side" from looking identical.
    conversation: messages.map((message) => `${message.role}: ${message.content}`).join('\n'),
  };
}
