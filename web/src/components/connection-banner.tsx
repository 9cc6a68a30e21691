/** Tells the user the browser is offline, before they type a message that cannot be sent. */
import { useSyncExternalStore } from 'react';
import type { ReactElement } from 'react';
import { Icon } from './icons.tsx';

function subscribe(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true,
  );
}

export function ConnectionBanner(): ReactElement | null {
  const online = useOnline();
  if (online) return null;
  return (
    <div className="banner banner-offline" role="status" data-problem="offline">
      <Icon name="warning" />
      <div className="banner-text">
        <strong>You are offline</strong>
        <span>Messages can be sent again once the connection is back.</span>
      </div>
    </div>
  );
}
