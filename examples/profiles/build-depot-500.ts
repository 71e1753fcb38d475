// Writes depot-500.json: the 500-charger depot of the `sim-day` benchmark (performance.md) — 60
// Microgrid Nodes (grid → 3 transformers → 9 switchboards → 47 feeders), 500 chargers, a 24-hour
// day at 60 s ticks, seeded vehicles and noise, and one telemetry degradation.
// Run: npx tsx examples/profiles/build-depot-500.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function depot500Profile(): Record<string, unknown> {
  const nodes: Record<string, unknown>[] = [{ id: 'grid', parent_id: null, name: 'Grid connection', kind: 'GRID_CONNECTION', physical_rating_kw: 6000, metered: true }];
  const assets: Record<string, unknown>[] = [];
  const limits: Record<string, unknown>[] = [
    { id: 'lim-grid', scope: 'NODE', node_id: 'grid', hard_cap_kw: 5200, schedule: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '15:00', end: '21:00', cap_kw: 3600 }] },
    { id: 'agg-site', scope: 'AGGREGATE', node_id: 'grid', hard_cap_kw: 4800, schedule: [] },
  ];
  const feeders: string[] = [];
  for (let t = 1; t <= 3; t++) {
    const tx = `tx-${t}`;
    nodes.push({ id: tx, parent_id: 'grid', name: `Transformer ${t}`, kind: 'TRANSFORMER', physical_rating_kw: 2200, metered: true });
    limits.push({ id: `lim-${tx}`, scope: 'NODE', node_id: tx, hard_cap_kw: 2000, schedule: [] });
    for (let s = 1; s <= 3; s++) {
      const sb = `sb-${t}${s}`;
      nodes.push({ id: sb, parent_id: tx, name: `Switchboard ${t}.${s}`, kind: 'SWITCHBOARD', physical_rating_kw: 800, metered: true });
      limits.push({ id: `lim-${sb}`, scope: 'NODE', node_id: sb, hard_cap_kw: 720, schedule: [] });
      assets.push({ id: `load-${sb}`, node_id: sb, name: `Workshop ${t}.${s}`, kind: 'BUILDING_LOAD', rating_kw: 60, fallback_kw: 40 });
    }
  }
  // 47 feeders spread over the 9 switchboards: 60 nodes in all.
  const boards = nodes.filter((n) => n.kind === 'SWITCHBOARD').map((n) => n.id as string);
  for (let f = 0; f < 47; f++) {
    const id = `fd-${pad(f + 1)}`;
    nodes.push({ id, parent_id: boards[f % boards.length], name: `Charger feeder ${f + 1}`, kind: 'FEEDER', physical_rating_kw: 250, metered: false });
    feeders.push(id);
  }
  const ratings = [22, 50, 80, 150];
  for (let c = 0; c < 500; c++) {
    const rating = ratings[c % ratings.length]!;
    assets.push({ id: `ch-${pad(c + 1, 3)}`, node_id: feeders[c % feeders.length], name: `Charger ${c + 1}`, kind: 'CHARGER', rating_kw: rating, min_kw: rating >= 50 ? 6 : 0 });
  }
  assets.push({ id: 'pv-roof', node_id: 'sb-11', name: 'Roof PV', kind: 'PV', rating_kw: 400 });
  assets.push({ id: 'load-office', node_id: 'grid', name: 'Offices', kind: 'BUILDING_LOAD', rating_kw: 150, fallback_kw: 100 });

  const office = [30, 28, 28, 28, 30, 40, 70, 110, 130, 140, 140, 140, 135, 135, 130, 125, 115, 95, 70, 55, 45, 40, 35, 32];
  return {
    name: 'depot-500: a weekday at a 500-charger depot',
    seed: 500,
    start: '2026-03-01T13:00:00Z',
    duration_minutes: 1440,
    tick_seconds: 60,
    microgrid: {
      microgrid: { id: 'mg-depot-500', depot_id: 'depot-500', name: 'Depot 500', timezone: 'Australia/Melbourne', root_node_id: 'grid' },
      nodes,
      assets,
      limits,
      circuit_aliases: [{ circuit_id: '5001', node_id: 'sb-11' }],
    },
    vehicles: {
      generator: {
        count: 900,
        arrival: { from: '2026-03-01T19:00:00Z', to: '2026-03-02T12:00:00Z' },
        dwell_minutes: { min: 120, max: 600 },
        energy_kwh: { min: 40, max: 250 },
        max_kw: { min: 40, max: 150 },
        priority: { min: 3, max: 7 },
      },
    },
    loads: [
      { asset_id: 'load-office', shape: 'DAILY_CURVE', hourly_kw: office, noise_kw: 5 },
      { asset_id: 'pv-roof', shape: 'PV_BELL', peak_kw: 380, sunrise: '06:45', sunset: '19:40', cloud_noise: 0.35 },
      ...boards.map((sb) => ({ asset_id: `load-${sb}`, shape: 'RANDOM_WALK', start_kw: 25, step_kw: 2, min_kw: 5, max_kw: 60 })),
    ],
    telemetry: [{ mode: 'STALE', asset_id: 'load-sb-21', from: '2026-03-02T06:00:00Z', to: '2026-03-02T06:45:00Z', delay_s: 300 }],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = new URL('./depot-500.json', import.meta.url);
  writeFileSync(out, `${JSON.stringify(depot500Profile(), null, 1)}\n`);
  console.log(`wrote ${fileURLToPath(out)}`);
}
