/**
 * The sidebar list: this browser's conversations. The server is the source of truth for the
 * token (GET /api/conversations); a copy in localStorage shows the list instantly on load and
 * keeps the ids of conversations this token created.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { ConversationSummary } from '../api/types.ts';
import { loadLocalConversations, saveLocalConversations } from './browser-storage.ts';
import type { StoredConversation } from './browser-storage.ts';

export interface ConversationList {
  conversations: readonly StoredConversation[];
  refresh(): void;
  add(conversation: ConversationSummary): void;
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
}

function toStored(conversation: ConversationSummary): StoredConversation {
  return { id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt };
}

function sortByUpdate(list: StoredConversation[]): StoredConversation[] {
  return list.sort((left, right) => (left.updatedAt < right.updatedAt ? 1 : left.updatedAt > right.updatedAt ? -1 : 0));
}

export function useConversationList(client: ApiClient): ConversationList {
  const [conversations, setConversations] = useState<readonly StoredConversation[]>(() => loadLocalConversations());

  const update = useCallback((change: (current: readonly StoredConversation[]) => StoredConversation[]) => {
    setConversations((current) => {
      const next = change(current);
      saveLocalConversations(next);
      return next;
    });
  }, []);

  const refresh = useCallback(() => {
    client.listConversations().then(
      (fromServer) => update(() => sortByUpdate(fromServer.map(toStored))),
      () => {
        // Offline or server down: keep showing the local copy; the banner explains the rest.
      },
    );
  }, [client, update]);

  useEffect(refresh, [refresh]);

  const add = useCallback(
    (conversation: ConversationSummary) => update((current) => [toStored(conversation), ...current.filter((item) => item.id !== conversation.id)]),
    [update],
  );

  const rename = useCallback(
    async (id: string, title: string) => {
      const renamed = await client.renameConversation(id, title);
      update((current) => current.map((item) => (item.id === id ? { ...item, title: renamed.title } : item)));
    },
    [client, update],
  );

  const remove = useCallback(
    async (id: string) => {
      await client.deleteConversation(id);
      update((current) => current.filter((item) => item.id !== id));
    },
    [client, update],
  );

  return { conversations, refresh, add, rename, remove };
}
