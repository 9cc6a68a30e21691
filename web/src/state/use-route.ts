/** The open conversation lives in the URL (/c/<id>), so reload and back/forward work. */
import { useCallback, useEffect, useState } from 'react';

export function conversationIdFromPath(pathname: string): string | null {
  const match = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

export function pathForConversation(id: string | null): string {
  return id === null ? '/' : `/c/${encodeURIComponent(id)}`;
}

export function useRoute(): { conversationId: string | null; navigate: (id: string | null, replace?: boolean) => void } {
  const [conversationId, setConversationId] = useState(() => conversationIdFromPath(window.location.pathname));
  useEffect(() => {
    const onPop = (): void => setConversationId(conversationIdFromPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((id: string | null, replace = false) => {
    const path = pathForConversation(id);
    if (window.location.pathname !== path) {
      if (replace) window.history.replaceState(null, '', path);
      else window.history.pushState(null, '', path);
    }
    setConversationId(id);
  }, []);
  return { conversationId, navigate };
}
