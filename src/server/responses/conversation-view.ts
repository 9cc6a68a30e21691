/** A conversation as the API shows it: ISO times, turn count and the model of the newest turn. */
import type { ConversationRecord } from '../../schema/raw-records.ts';

export interface ConversationView {
  id: string;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  turnCount: number;
  lastModel: string | null;
}

export function toConversationView(conversation: ConversationRecord, turnCount: number, lastModel: string | null): ConversationView {
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: new Date(conversation.createdAt).toISOString(),
    updatedAt: new Date(conversation.updatedAt).toISOString(),
    turnCount,
    lastModel,
  };
}
