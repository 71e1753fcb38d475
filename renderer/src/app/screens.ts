// The screens of one microgrid, in the order of the navigation tabs. A screen is a component
// taking the microgrid id; it reports readiness with useScreenReady. Each screen is its own chunk,
// loaded when first shown (React.lazy), so opening the Topology screen never parses the charts,
// the simulator or the limit editors. The page's first module starts loading the chunk of the
// route it opens on (`preloadScreen`), in parallel with the app's own code.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Route } from './route.ts';

export interface LazyScreen<P extends object> {
  component: LazyExoticComponent<ComponentType<P>>;
  /** Starts loading the screen's code (once; later calls return the same promise). */
  load(): Promise<unknown>;
}

export interface MicrogridScreen extends LazyScreen<{ microgridId: string }> {
  /** The last part of `#/microgrids/{id}/{key}`. */
  key: string;
  label: string;
}

/** The chunk is requested once, by whichever of `load` or the first render asks first. */
function lazyScreen<P extends object>(importer: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const load = () => (loading ??= importer().then((component) => ({ default: component })));
  return { component: lazy(load), load };
}

function screen(
  key: string,
  label: string,
  importer: () => Promise<ComponentType<{ microgridId: string }>>,
): MicrogridScreen {
  return { key, label, ...lazyScreen(importer) };
}

export const MICROGRID_SCREENS: readonly MicrogridScreen[] = [
  screen('topology', 'Topology', () =>
    import('../screens/topology/TopologyScreen.tsx').then((m) => m.TopologyScreen),
  ),
  screen('limits', 'Limits', () => import('../screens/limits/LimitsScreen.tsx').then((m) => m.LimitsScreen)),
  screen('envelopes', 'Envelopes', () =>
    import('../screens/envelopes/EnvelopesScreen.tsx').then((m) => m.EnvelopesScreen),
  ),
  screen('capabilities', 'Capabilities', () =>
    import('../screens/capabilities/CapabilitiesScreen.tsx').then((m) => m.CapabilitiesScreen),
  ),
  screen('cycles', 'Cycles', () => import('../screens/cycles/CyclesScreen.tsx').then((m) => m.CyclesScreen)),
  screen('simulator', 'Simulator', () =>
    import('../screens/simulator/SimulatorScreen.tsx').then((m) => m.SimulatorScreen),
  ),
  screen('sync', 'Sync', () => import('../screens/sync/SyncScreen.tsx').then((m) => m.SyncScreen)),
];

/** The Microgrids screen (`#/sites`), also a chunk of its own. */
export const SITES_SCREEN: LazyScreen<Record<string, never>> = lazyScreen(() =>
  import('../screens/sites/SitesScreen.tsx').then((m) => m.SitesScreen),
);

export function microgridScreen(key: string): MicrogridScreen | undefined {
  return MICROGRID_SCREENS.find((s) => s.key === key);
}

/** Starts loading the code of the screen that `route` shows (nothing for an unknown route). */
export function preloadScreen(route: Route): void {
  if (route.kind === 'sites') void SITES_SCREEN.load();
  else if (route.kind === 'microgrid') void microgridScreen(route.screen)?.load();
}
