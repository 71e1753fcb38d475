// Hash routes of app.md: `#/sites` and `#/microgrids/{id}/{screen}` (topology, limits, envelopes,
// capabilities, cycles, simulator, sync). Hash routing works the same from file:// (Electron)
// and from 127.0.0.1 (browser mode).
import { useSyncExternalStore } from 'react';

export type Route =
  | { kind: 'sites' }
  | { kind: 'microgrid'; microgridId: string; screen: string }
  | { kind: 'unknown'; hash: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/sites') return { kind: 'sites' };
  const m = /^\/microgrids\/([^/]+)(?:\/([a-z-]+))?$/.exec(path);
  if (m) {
    let microgridId: string;
    try {
      microgridId = decodeURIComponent(m[1]!);
    } catch {
      return { kind: 'unknown', hash };
    }
    return { kind: 'microgrid', microgridId, screen: m[2] ?? 'topology' };
  }
  return { kind: 'unknown', hash };
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
