// A small depot used by the use-case, store and controller tests: grid → tx-1 → sb-a / sb-b with
// feeders, an office board with a building load (with fallback) and PV, chargers on the feeders.
import type { MicrogridDocument } from '../../model.ts';
import type { Clock, Ports } from '../../ports.ts';
import { MemoryStore, sequentialIds } from '../memory-store.ts';

export function depot(id = 'mg-north'): MicrogridDocument {
  return {
    microgrid: {
      id,
      depot_id: 'depot-north',
      name: 'North Depot',
      timezone: 'Australia/Melbourne',
      root_node_id: 'grid',
    },
    nodes: [
      {
        id: 'grid',
        parent_id: null,
        name: 'Grid connection',
        kind: 'GRID_CONNECTION',
        physical_rating_kw: 800,
        metered: true,
      },
      {
        id: 'tx-1',
        parent_id: 'grid',
        name: 'Transformer 1',
        kind: 'TRANSFORMER',
        physical_rating_kw: 750,
        metered: false,
      },
      {
        id: 'sb-a',
        parent_id: 'tx-1',
        name: 'Switchboard A',
        kind: 'SWITCHBOARD',
        physical_rating_kw: 400,
        metered: true,
      },
      {
        id: 'sb-b',
        parent_id: 'tx-1',
        name: 'Switchboard B',
        kind: 'SWITCHBOARD',
        physical_rating_kw: 400,
        metered: true,
      },
      {
        id: 'db-office',
        parent_id: 'grid',
        name: 'Office board',
        kind: 'DISTRIBUTION_BOARD',
        physical_rating_kw: 120,
        metered: true,
      },
      {
        id: 'cb-a1',
        parent_id: 'sb-a',
        name: 'Charger feeder A1',
        kind: 'FEEDER',
        physical_rating_kw: 160,
        metered: false,
      },
      {
        id: 'cb-b1',
        parent_id: 'sb-b',
        name: 'Charger feeder B1',
        kind: 'FEEDER',
        physical_rating_kw: 160,
        metered: false,
      },
    ],
    assets: [
      { id: 'ch-01', node_id: 'cb-a1', name: 'Charger 01', kind: 'CHARGER', rating_kw: 80, min_kw: 4.2 },
      { id: 'ch-02', node_id: 'cb-a1', name: 'Charger 02', kind: 'CHARGER', rating_kw: 80, min_kw: 4.2 },
      { id: 'ch-03', node_id: 'cb-b1', name: 'Charger 03', kind: 'CHARGER', rating_kw: 150, min_kw: 0 },
      {
        id: 'load-office',
        node_id: 'db-office',
        name: 'Office',
        kind: 'BUILDING_LOAD',
        rating_kw: 90,
        fallback_kw: 60,
      },
      { id: 'pv-roof', node_id: 'db-office', name: 'Roof PV', kind: 'PV', rating_kw: 100 },
    ],
    limits: [
      {
        id: 'lim-grid',
        scope: 'NODE',
        node_id: 'grid',
        hard_cap_kw: 700,
        schedule: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '15:00', end: '21:00', cap_kw: 450 }],
      },
      { id: 'lim-sb-a', scope: 'NODE', node_id: 'sb-a', hard_cap_kw: 380, schedule: [] },
      {
        id: 'agg-site',
        scope: 'AGGREGATE',
        node_id: 'grid',
        hard_cap_kw: 600,
        schedule: [{ days: ['SAT', 'SUN'], start: '00:00', end: '24:00', cap_kw: 400 }],
      },
    ],
    circuit_aliases: [
      { circuit_id: '1042', node_id: 'cb-a1' },
      { circuit_id: '2001', node_id: 'sb-b' },
    ],
  };
}

/** A clock the test moves by hand. */
export function manualClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = Date.parse(iso);
  return { now: () => now, set: (i) => (now = Date.parse(i)), advance: (ms) => (now += ms) };
}

/** Monday 2026-03-02 10:00 in Melbourne (AEDT, UTC+11) is 2026-03-01T23:00:00Z. */
export const MONDAY_MORNING = '2026-03-01T23:00:00Z';
/** Monday 16:00 in Melbourne, inside the weekday 15:00–21:00 window. */
export const MONDAY_EVENING = '2026-03-02T05:00:00Z';

export function memoryPorts(iso = MONDAY_MORNING): Ports & { clock: ReturnType<typeof manualClock> } {
  return { store: new MemoryStore(), clock: manualClock(iso), ids: sequentialIds() };
}
