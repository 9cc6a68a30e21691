/** Every text of a conversation that release stages may have annotated (and cached) by content. */
import type { Store } from '../../store/store.ts';

export async function conversationTexts(store: Store, conversationId: string): Promise<string[]> {
  const texts = new Set<string>();
  const conversation = await store.getConversation(conversationId);
  if (conversation?.systemPrompt) texts.add(conversation.systemPrompt);
  for (const turn of await store.listTurns(conversationId)) {
    texts.add(turn.userContent);
    texts.add(turn.assistantContent);
    for (const message of turn.contextMessages ?? []) texts.add(message.content);
  }
  return [...texts];
}
