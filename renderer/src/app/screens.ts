// The screens of one microgrid, in the order of the navigation tabs. A screen is a component
// taking the microgrid id; it reports readiness with useScreenReady. Later screens (limits,
// envelopes, capabilities, cycles, simulator, sync) are added here with their route key.
import type { ComponentType } from 'react';
import { SyncScreen } from '../screens/sync/SyncScreen.tsx';
import { TopologyScreen } from '../screens/topology/TopologyScreen.tsx';

export interface MicrogridScreen {
  /** The last part of `#/microgrids/{id}/{key}`. */
  key: string;
  label: string;
  component: ComponentType<{ microgridId: string }>;
}

export const MICROGRID_SCREENS: readonly MicrogridScreen[] = [
  { key: 'topology', label: 'Topology', component: TopologyScreen },
  { key: 'sync', label: 'Sync', component: SyncScreen },
];

export function microgridScreen(key: string): MicrogridScreen | undefined {
  return MICROGRID_SCREENS.find((s) => s.key === key);
}
