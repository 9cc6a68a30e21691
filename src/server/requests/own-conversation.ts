import type { ConversationRecord } from '../../schema/raw-records.ts';
import type { Store } from '../../store/store.ts';
import { ApiError } from '../responses/api-error.ts';

/** The conversation if it exists and belongs to this consent; 404 otherwise (never 403, which would confirm it exists). */
export async function ownConversation(store: Pick<Store, 'getConversation'>, consentId: string, id: string): Promise<ConversationRecord> {
  const conversation = await store.getConversation(id);
  if (conversation === null || conversation.consentId !== consentId) throw new ApiError(404, 'conversation_not_found', 'No such conversation.');
  return conversation;
}
