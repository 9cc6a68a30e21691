/** Which text of a conversation is embedded (WildVis embeds the first user turn). */
import type { ReleaseRecord } from '../schema/release-record.ts';
import type { TextRule } from '../store/embedding-store.ts';

/** Characters embedded at most: long pastes would otherwise dominate time and the n-gram profile. */
export const MAX_EMBEDDED_CHARACTERS = 2000;

/** The text the rule picks, or null when the conversation has none (no user turn, only blanks). */
export function embeddingText(record: ReleaseRecord, rule: TextRule): string | null {
  const userTurns = record.conversation.filter((message) => message.role === 'user' && message.content.trim() !== '');
  if (userTurns.length === 0) return null;
  const text = rule === 'first-user-turn' ? (userTurns[0]?.content ?? '') : userTurns.map((message) => message.content).join('\n');
  return text.slice(0, MAX_EMBEDDED_CHARACTERS);
}

/** The user a conversation belongs to for the privacy gate: its first hashed IP, or null (no users in the dataset). */
export function conversationUser(record: ReleaseRecord): string | null {
  for (const message of record.conversation) if (message.hashed_ip !== null && message.hashed_ip !== '') return message.hashed_ip;
  return null;
}
