// Following the hash route (route.ts parses it): the current route as a React hook, navigation, and
// the moment a screen is left. Hash routing works the same from file:// (Electron) and from
// 127.0.0.1 (browser mode).
import { useSyncExternalStore } from 'react';
import { parseRoute, routeKey, type Route } from './route.ts';

export { parseRoute, routeKey, type Route } from './route.ts';

/**
 * Calls `onLeave` as soon as a navigation to another screen starts (Navigation API, synchronous
 * in Chromium and Electron), or on hashchange where that API is missing. Returns the unsubscribe.
 */
export function onScreenChange(onLeave: () => void): () => void {
  const leaving = (to: string) => {
    if (routeKey(parseRoute(to)) !== routeKey(parseRoute(window.location.hash))) onLeave();
  };
  const navigation = (window as { navigation?: Navigation }).navigation;
  if (navigation) {
    const onNavigate = (e: NavigateEvent) => {
      if (e.hashChange) leaving(new URL(e.destination.url).hash);
    };
    navigation.addEventListener('navigate', onNavigate);
    return () => navigation.removeEventListener('navigate', onNavigate);
  }
  let last = window.location.hash;
  const onHash = () => {
    const now = window.location.hash;
    if (routeKey(parseRoute(now)) !== routeKey(parseRoute(last))) onLeave();
    last = now;
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}

export function sitesPath(): string {
  return '#/sites';
}

export function microgridPath(microgridId: string, screen = 'topology'): string {
  return `#/microgrids/${encodeURIComponent(microgridId)}/${screen}`;
}

export function navigate(hash: string): void {
  if (window.location.hash !== hash) window.location.hash = hash;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The hash itself is the snapshot: a string compares by value, so no re-render without a change. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useRoute(): Route {
  return parseRoute(useHash());
}
