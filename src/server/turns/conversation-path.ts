/**
 * The messages on the path from a conversation's root to a turn: the first turn's stored context
 * (history an OpenAI-compatible client sent before we saw it), then each user/assistant pair.
 * The store follows the parent links in one query, so the cost follows the path length, not the
 * number of branches a conversation has grown, and a networked database needs one round trip.
 */
import type { ChatMessage, TurnRecord } from '../../schema/raw-records.ts';
import type { Store } from '../../store/store.ts';
import { ApiError } from '../responses/api-error.ts';

export interface ConversationPath {
  /** Messages up to and including the reply of the last turn on the path. */
  messages: ChatMessage[];
  /** Turns on the path, root first (empty when the path is empty). */
  turns: TurnRecord[];
}

export async function loadPath(store: Store, conversationId: string, lastTurnId: number | null, maxTurns: number): Promise<ConversationPath> {
  // One more than allowed tells an over-long path from one that is exactly at the limit.
  const chain = lastTurnId === null ? [] : await store.getTurnPath(conversationId, lastTurnId, maxTurns + 1);
  if (chain.length > maxTurns) throw new ApiError(400, 'conversation_too_long', `Conversations are limited to ${maxTurns} turns; please start a new one.`);
  // A chain that stops before the root met a turn that is missing or in another conversation.
  if (lastTurnId !== null && (chain.length === 0 || chain[chain.length - 1]!.parentTurnId !== null)) {
    throw new ApiError(404, 'turn_not_found', 'No such turn in this conversation.');
  }
  chain.reverse();
  const messages: ChatMessage[] = [...(chain[0]?.contextMessages ?? [])];
  for (const turn of chain) {
    messages.push({ role: 'user', content: turn.userContent }, { role: 'assistant', content: turn.assistantContent });
  }
  return { messages, turns: chain };
}
