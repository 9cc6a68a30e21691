import type { ConversationCursor, IterateOptions } from './store.ts';

/** Where iterateConversations starts: after `after`, else at `since` (both adapters page on (created_at, id)). */
export function startCursor(options: IterateOptions): ConversationCursor {
  return options.after ?? { createdAt: options.since ?? Number.MIN_SAFE_INTEGER, id: '' };
}

/** The SQL both adapters use for conversationCursors (window functions exist in SQLite and PostgreSQL alike). */
export const CONVERSATION_CURSORS_SQL =
  'SELECT created_at, id FROM (SELECT created_at, id, row_number() OVER (ORDER BY created_at, id) AS position FROM conversations) numbered ' +
  'WHERE position % $every = 0 ORDER BY position';
