// Hash routes of app.md: `#/sites` and `#/microgrids/{id}/{screen}` (topology, limits, envelopes,
// capabilities, cycles, simulator, sync). Parsing only, with no React: the page's first module
// reads the route before the app's code has loaded (see main.tsx).
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

/** Two hashes that show the same screen have the same key. */
export function routeKey(route: Route): string {
  if (route.kind === 'sites') return 'sites';
  if (route.kind === 'microgrid') return `microgrid\u0000${route.microgridId}\u0000${route.screen}`;
  return `unknown\u0000${route.hash}`;
}
