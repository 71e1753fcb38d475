// Following the hash route (route.ts parses it): the current route as a React hook, navigation, and
// the moment a screen is left. Hash routing works the same from file:// (Electron) and from
// 127.0.0.1 (browser mode).
import { useSyncExternalStore } from 'react';
import { parseRoute, routeKey, type Route } from './route.ts';

export { parseRoute, routeKey, type Route } from './route.ts';

/**
 * Asked before the app leaves a screen for another: answers true to keep the user where they are
 * (the screen then offers what to do). One at a time: the screen on show sets it.
 */
export type LeaveGuard = (to: string) => boolean;

let leaveGuard: LeaveGuard | null = null;
const leaveListeners = new Set<() => void>();
let listening = false;

/** Sets the guard of the screen on show; returns its removal. */
export function guardLeaving(guard: LeaveGuard): () => void {
  leaveGuard = guard;
  return () => {
    if (leaveGuard === guard) leaveGuard = null;
  };
}

const isOtherScreen = (to: string, from: string) => routeKey(parseRoute(to)) !== routeKey(parseRoute(from));

// One listener for the page, so that the guard always speaks before anyone is told the screen is
// left, whatever order the screens mounted in.
function listen(): void {
  if (listening) return;
  listening = true;
  const navigation = (window as { navigation?: Navigation }).navigation;
  if (navigation) {
    // The Navigation API (Chromium, Electron) announces a hash navigation before it happens and
    // lets it be cancelled: that is what makes the guard possible.
    navigation.addEventListener('navigate', (e: NavigateEvent) => {
      if (!e.hashChange) return;
      const to = new URL(e.destination.url).hash;
      if (!isOtherScreen(to, window.location.hash)) return;
      if (e.cancelable && leaveGuard?.(to)) {
        e.preventDefault();
        return;
      }
      for (const onLeave of leaveListeners) onLeave();
    });
    return;
  }
  // Without it the screen is only known to be left afterwards, and no guard can hold it.
  let last = window.location.hash;
  window.addEventListener('hashchange', () => {
    const now = window.location.hash;
    if (isOtherScreen(now, last)) for (const onLeave of leaveListeners) onLeave();
    last = now;
  });
}

/**
 * Calls `onLeave` as soon as a navigation to another screen starts (and the screen's guard let it
 * go), or on hashchange where the Navigation API is missing. Returns the unsubscribe.
 */
export function onScreenChange(onLeave: () => void): () => void {
  listen();
  leaveListeners.add(onLeave);
  return () => leaveListeners.delete(onLeave);
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
