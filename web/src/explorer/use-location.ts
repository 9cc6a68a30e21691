/** The explorer's router: the URL is the state; links push history, back/forward re-render. */
import { useCallback, useEffect, useState } from 'react';
import type { MouseEvent } from 'react';

export interface Place {
  path: string;
  params: URLSearchParams;
}

function current(): Place {
  return { path: window.location.pathname, params: new URLSearchParams(window.location.search) };
}

export function navigate(href: string): void {
  window.history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export function useLocation(): Place {
  const [place, setPlace] = useState(current);
  useEffect(() => {
    const update = (): void => setPlace(current());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return place;
}

/** Same-origin link clicks become history pushes (modifier clicks still open new tabs). */
export function useLinkInterception(): (event: MouseEvent) => void {
  return useCallback((event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target instanceof Element ? event.target.closest('a') : null;
    if (!target || target.target === '_blank' || target.hasAttribute('download')) return;
    const url = new URL(target.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.endsWith('.json') || url.pathname.endsWith('.csv') || url.pathname.endsWith('.jsonl')) return;
    event.preventDefault();
    navigate(`${url.pathname}${url.search}`);
  }, []);
}

/** A search URL with one parameter set, added or removed (and the cursor dropped). */
export function withParam(params: URLSearchParams, name: string, value: string | null, mode: 'set' | 'add' | 'remove' = 'set'): string {
  const next = new URLSearchParams(params);
  next.delete('cursor');
  if (mode === 'set') {
    next.delete(name);
    if (value !== null) next.set(name, value);
  } else if (mode === 'add' && value !== null) {
    if (!next.getAll(name).includes(value)) next.append(name, value);
  } else {
    const kept = next.getAll(name).filter((existing) => existing !== value);
    next.delete(name);
    for (const existing of kept) next.append(name, existing);
  }
  const query = next.toString();
  return `/search${query === '' ? '' : `?${query}`}`;
}
