// The shell: navigation and the screen of the current hash route.
import { Suspense, useEffect } from 'react';
import { bridge } from '../bridge/bridge.ts';
import { markNavigating, useScreenReady } from './app-state.ts';
import { microgridPath, navigate, onScreenChange, sitesPath, useRoute, type Route } from './router.ts';
import { MICROGRID_SCREENS, microgridScreen, SITES_SCREEN } from './screens.ts';

function Nav({ route }: { route: Route }) {
  return (
    <nav className="app-nav">
      <a className="brand" href={sitesPath()}>
        Microgrid Studio
      </a>
      <a href={sitesPath()} className={route.kind === 'sites' ? 'active' : ''} data-testid="nav-sites">
        Microgrids
      </a>
      {route.kind === 'microgrid' && (
        <>
          <span className="crumb">{route.microgridId}</span>
          {MICROGRID_SCREENS.map((s) => (
            <a
              key={s.key}
              href={microgridPath(route.microgridId, s.key)}
              className={route.screen === s.key ? 'active' : ''}
              data-testid={`nav-${s.key}`}
            >
              {s.label}
            </a>
          ))}
        </>
      )}
      <span className="mode" title="How this page reaches the app's services">
        {bridge.mode === 'electron' ? 'desktop' : 'browser mode'}
      </span>
    </nav>
  );
}

function UnknownRoute({ what }: { what: string }) {
  useScreenReady(true);
  return (
    <section className="not-found" data-error-code="ROUTE_UNKNOWN">
      <h1>No such screen</h1>
      <p>
        The app has no screen at <code>{what}</code>. Go to the <a href={sitesPath()}>Microgrids</a>.
      </p>
    </section>
  );
}

export function App() {
  const route = useRoute();
  useEffect(
    () =>
      bridge.onEvent((e) => {
        if (e.type === 'open') navigate(e.route);
      }),
    [],
  );
  useEffect(() => onScreenChange(markNavigating), []);
  let screen;
  if (route.kind === 'sites') screen = <SITES_SCREEN.component />;
  else if (route.kind === 'microgrid') {
    const found = microgridScreen(route.screen);
    // Keyed by microgrid and screen: switching either starts the screen afresh.
    screen = found ? (
      <found.component key={`${route.microgridId}/${found.key}`} microgridId={route.microgridId} />
    ) : (
      <UnknownRoute key={route.screen} what={`#/microgrids/${route.microgridId}/${route.screen}`} />
    );
  } else screen = <UnknownRoute key={route.hash} what={route.hash} />;
  return (
    <div className="app">
      <Nav route={route} />
      <main>
        {/* A screen's code loads on first use; until it has, the app stays "loading". */}
        <Suspense fallback={<p className="loading">Loading…</p>}>{screen}</Suspense>
      </main>
    </div>
  );
}
