// The screens of one microgrid, in the order of the navigation tabs. A screen is a component
// taking the microgrid id; it reports readiness with useScreenReady. Later screens (limits,
// envelopes, capabilities, cycles, simulator, sync) are added here with their route key.
import type { ComponentType } from 'react';
import { SyncScreen } from '../screens/sync/SyncScreen.tsx';
import { TopologyScreen } from '../screens/topology/TopologyScreen.tsx';
import { LimitsScreen } from '../screens/limits/LimitsScreen.tsx';
import { EnvelopesScreen } from '../screens/envelopes/EnvelopesScreen.tsx';
import { CapabilitiesScreen } from '../screens/capabilities/CapabilitiesScreen.tsx';
import { CyclesScreen } from '../screens/cycles/CyclesScreen.tsx';
import { SimulatorScreen } from '../screens/simulator/SimulatorScreen.tsx';

export interface MicrogridScreen {
  /** The last part of `#/microgrids/{id}/{key}`. */
  key: string;
  label: string;
  component: ComponentType<{ microgridId: string }>;
}

export const MICROGRID_SCREENS: readonly MicrogridScreen[] = [
  { key: 'topology', label: 'Topology', component: TopologyScreen },
  { key: 'limits', label: 'Limits', component: LimitsScreen },
  { key: 'envelopes', label: 'Envelopes', component: EnvelopesScreen },
  { key: 'capabilities', label: 'Capabilities', component: CapabilitiesScreen },
  { key: 'cycles', label: 'Cycles', component: CyclesScreen },
  { key: 'simulator', label: 'Simulator', component: SimulatorScreen },
  { key: 'sync', label: 'Sync', component: SyncScreen },
];

export function microgridScreen(key: string): MicrogridScreen | undefined {
  return MICROGRID_SCREENS.find((s) => s.key === key);
}
