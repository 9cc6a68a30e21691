/** The explorer page (`wildchat explore`): one route per view, the URL holds all state. */
import { StrictMode } from 'react';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemePicker } from '../components/theme-picker.tsx';
import { ConversationPage } from './conversation-page.tsx';
import { MapPage } from './map/map-page.tsx';
import { SearchPage } from './search-page.tsx';
import { UserPage } from './user-page.tsx';
import { useLinkInterception, useLocation } from './use-location.ts';
import './explorer.css';

function Route(): ReactElement {
  const place = useLocation();
  const conversation = /^\/c\/([0-9a-f]{32})$/u.exec(place.path);
  if (conversation?.[1]) return <ConversationPage hash={conversation[1]} params={place.params} />;
  const user = /^\/u\/(.+)$/u.exec(place.path);
  if (user?.[1]) return <UserPage hashedIp={decodeURIComponent(user[1])} params={place.params} />;
  if (place.path === '/map') return <MapPage place={place} />;
  return <SearchPage place={place} />;
}

function Explorer(): ReactElement {
  const onClick = useLinkInterception();
  return (
    <div className="explorer" onClick={onClick}>
      <header className="explorer-header">
        <a className="brand" href="/search">
          WildChat explorer
        </a>
        <nav>
          <a href="/search">Search</a>
          <a href="/map">Map</a>
          <a href="/datasets.json">Datasets</a>
        </nav>
        <ThemePicker />
      </header>
      <main>
        <Route />
      </main>
    </div>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
