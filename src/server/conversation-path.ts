/**
 * The messages on the path from a conversation's root to a turn: the first turn's stored context
 * (history an OpenAI-compatible client sent before we saw it), then each user/assistant pair.
 * Walks parent links one turn at a time, so the cost follows the path length, not the number of
 * branches a conversation has grown.
 */
import type { ChatMessage, TurnRecord } from '../schema/raw-records.ts';
import type { Store } from '../store/store.ts';
import { ApiError } from './api-error.ts';

export interface ConversationPath {
  /** Messages up to and including the reply of the last turn on the path. */
  messages: ChatMessage[];
  /** Turns on the path, root first (empty when the path is empty). */
  turns: TurnRecord[];
}

export async function loadPath(store: Store, conversationId: string, lastTurnId: number | null, maxTurns: number): Promise<ConversationPath> {
  const chain: TurnRecord[] = [];
  let nextId = lastTurnId;
  while (nextId !== null) {
    const turn = await store.getTurn(nextId);
    if (turn === null || turn.conversationId !== conversationId) throw new ApiError(404, 'turn_not_found', 'No such turn in this conversation.');
    chain.push(turn);
    // Longer than allowed already: no need to read further (and a corrupt parent cycle cannot hang us).
    if (chain.length > maxTurns) throw new ApiError(400, 'conversation_too_long', `Conversations are limited to ${maxTurns} turns; please start a new one.`);
    nextId = turn.parentTurnId;
  }
  chain.reverse();
  const messages: ChatMessage[] = [...(chain[0]?.contextMessages ?? [])];
  for (const turn of chain) {
    messages.push({ role: 'user', content: turn.userContent }, { role: 'assistant', content: turn.assistantContent });
  }
  return { messages, turns: chain };
}
