/**
 * Deduplicates conversations on both texts WildChat-style analyses care about: the first user
 * turn (repeated prompts, templates) and the whole conversation (re-shared or re-imported logs).
 */
import type { MessageInput } from '../stage.ts';
import { conversationDedupTexts } from './conversation-dedup-texts.ts';
import { DedupIndex, type DedupAssignment, type DedupIndexOptions } from './dedup-index.ts';

export interface ConversationDedupAssignment {
  key: string;
  firstUserTurn: DedupAssignment;
  conversation: DedupAssignment;
}

export class ConversationDedupIndex {
  private readonly firstTurns: DedupIndex;
  private readonly conversations: DedupIndex;

  constructor(options: DedupIndexOptions) {
    this.firstTurns = new DedupIndex(options);
    this.conversations = new DedupIndex(options);
  }

  add(key: string, messages: readonly MessageInput[]): void {
    const texts = conversationDedupTexts(messages);
    this.firstTurns.add(key, texts.firstUserTurn);
    this.conversations.add(key, texts.conversation);
  }

  /** Assignments in the order the conversations were added. */
  finish(): ConversationDedupAssignment[] {
    const firstTurns = this.firstTurns.finish();
    const conversations = this.conversations.finish();
    return firstTurns.map((firstUserTurn, index) => ({
      key: firstUserTurn.key,
      firstUserTurn,
      conversation: conversations[index] as DedupAssignment,
    }));
  }
}
