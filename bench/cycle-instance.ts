// The synthetic cycle of performance.md: root → 10 transformers → 100 boards → 1,000 circuits × 10
// chargers (and the 1k / 100k variants), NODE policies with TOU windows on every node, one envelope,
// two aggregate policies, mixed priorities and min_kw, building loads with one stale (fallback),
// meters on the upper levels. Fixed seeds: every run measures the same work.
import type { AssetSample, CycleInput, NodeSample, TelemetrySample } from '../domain/index.ts';
import { generateMicrogrid } from '../fixtures/generate-microgrid.ts';
import { seededRng } from '../fixtures/rng.ts';

/** Monday 18:30 in Melbourne: the weekday evening TOU windows are in force. */
export const BENCH_AT = '2026-03-02T07:30:00Z';

export function benchCycleInput(fanout: number[], seed = 11): CycleInput {
  const doc = generateMicrogrid({
    seed,
    fanout,
    chargersPerLeaf: 10,
    nodePolicies: true,
    aggregatePolicies: true,
    buildingLoads: true,
  });
  const rng = seededRng(seed * 31 + 7);
  const at = Date.parse(BENCH_AT);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const samples: TelemetrySample[] = [];
  let loads = 0;
  for (const a of doc.assets) {
    if (a.kind === 'CHARGER') {
      if (rng.chance(0.08)) continue; // no vehicle seen
      const ratingW = Math.round(a.rating_kw! * 1000);
      // A vehicle asks for at least the charger's minimum power (and at least 30 % of its rating).
      const floorW = Math.max(Math.round((a.min_kw ?? 0) * 1000), Math.floor(ratingW * 0.3));
      const s: AssetSample = {
        asset_id: a.id,
        at: iso(at - rng.int(1, 60) * 1000),
        power_kw: rng.int(0, ratingW) / 1000,
        connected: rng.chance(0.95),
        requested_kw: rng.int(floorW, ratingW) / 1000,
        priority: rng.pick([3, 5, 5, 5, 5, 7, 9]),
      };
      samples.push(s);
    } else {
      // The first building load is 5 minutes stale: its fallback_kw applies.
      const age = loads++ === 0 ? 300 : rng.int(1, 60);
      samples.push({ asset_id: a.id, at: iso(at - age * 1000), power_kw: rng.int(5_000, 30_000) / 1000 });
    }
  }
  for (const n of doc.nodes) {
    if (!n.metered) continue;
    const s: NodeSample = {
      node_id: n.id,
      at: iso(at - 20_000),
      demand_kw: Math.round(n.physical_rating_kw! * rng.int(40, 95) * 10) / 1000,
    };
    samples.push(s);
  }
  const target = doc.nodes[3]!;
  return {
    microgrid: doc,
    at: BENCH_AT,
    settings: { stale_after_s: 90, fail_safe_after_s: 900 },
    envelopes: [
      {
        id: 'env-bench',
        target_node_id: target.id,
        capacity_kw: Math.round(target.physical_rating_kw! * 0.55),
        valid_from: iso(at - 3_600_000),
        valid_to: iso(at + 3_600_000),
        source: {
          type: 'OSCP',
          source_id: 'dnsp',
          external_ref: 'bench-1',
          received_at: iso(at - 3_700_000),
        },
      },
    ],
    capability_status: [],
    telemetry: { samples },
    previous_setpoints: [],
  };
}
