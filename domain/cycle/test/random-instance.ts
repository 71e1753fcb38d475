// Random valid cycle inputs from a seed: trees of depth 1–6, every priority, min_kw, NODE and
// AGGREGATE policies with TOU windows in and out of force, envelopes in every status, external
// control, scopes, fresh / stale / missing telemetry with and without fallback_kw, negative rooms,
// same-instant duplicate samples, breaches. A failing property names its seed, which reproduces it.
import { seededRng, type Rng } from '../../../fixtures/rng.ts';
import type { Asset, LimitPolicy, MicrogridDocument, MicrogridNode } from '../../model.ts';
import type { AssetSample, CycleEnvelope, CycleInput, NodeSample, TelemetrySample } from '../types.ts';

export interface InstanceShape {
  maxNodes: number;
  maxChargers: number;
  /** Chance that a charger has a non-zero min_kw. */
  minKwChance: number;
  /** Allow stale assets without fallback (fail-safe cycles). */
  failSafe: boolean;
  /**
   * Tight: small node ratings, few priority classes, most chargers with a minimum and requests
   * above it — long minimum-power drop cascades under saturated limits.
   */
  tight?: boolean;
  /**
   * Micro: everything in a few watts (0.003 kW chargers under 0.040 kW nodes), so that rooms,
   * levels and remainders tie exactly all the time: every tie-break and boundary gets exercised.
   */
  micro?: boolean;
}

export const SMALL: InstanceShape = { maxNodes: 12, maxChargers: 14, minKwChance: 0.5, failSafe: true };
export const MEDIUM: InstanceShape = { maxNodes: 40, maxChargers: 60, minKwChance: 0.4, failSafe: true };
export const LARGE: InstanceShape = { maxNodes: 80, maxChargers: 200, minKwChance: 0.3, failSafe: false };
export const TIGHT: InstanceShape = {
  maxNodes: 25,
  maxChargers: 80,
  minKwChance: 0.85,
  failSafe: false,
  tight: true,
};
export const MICRO: InstanceShape = {
  maxNodes: 16,
  maxChargers: 40,
  minKwChance: 0.7,
  failSafe: false,
  tight: true,
  micro: true,
};

// Monday 18:30 and Saturday 10:00 in Melbourne (AEDT), and a Sunday in winter (AEST).
const INSTANTS = ['2026-03-02T07:30:00Z', '2026-03-06T23:00:00Z', '2026-07-05T03:15:00Z'];
const DAY_SETS = [['MON', 'TUE', 'WED', 'THU', 'FRI'], ['SAT', 'SUN'], ['MON'], ['SUN'], ['FRI', 'SAT']];
const WINDOWS: [string, string][] = [
  ['15:00', '21:00'],
  ['00:00', '24:00'],
  ['09:00', '12:30'],
  ['18:00', '19:00'],
  ['06:00', '18:00'],
];

const kw = (w: number) => w / 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** A cap in watts, at most `maxW`, sometimes exactly it (ties between binding sources). */
function capBelow(rng: Rng, maxW: number): number {
  const r = rng.int(0, 9);
  if (r === 0) return maxW;
  return rng.int(Math.floor(maxW * 0.3), maxW);
}

export function randomCycleInput(seed: number, shape: InstanceShape): CycleInput {
  const rng = seededRng(seed);
  const atText = rng.pick(INSTANTS);
  const at = Date.parse(atText);
  const maxDepth = rng.int(1, 6);
  const nodeCount = maxDepth === 1 ? 1 : rng.int(2, shape.maxNodes);
  const nodes: MicrogridNode[] = [];
  const depthOf: number[] = [];
  // Ids are not in tree order, so id order and preorder differ.
  const idOf = (i: number) => (i === 0 ? 'root' : `n${String((i * 7919) % 1000).padStart(3, '0')}-${i}`);
  const ratingW: number[] = [];
  for (let i = 0; i < nodeCount; i++) {
    let parent = -1;
    if (i > 0) {
      const eligible = [...Array(i).keys()].filter((j) => depthOf[j]! < maxDepth - 1);
      parent = rng.pick(eligible);
    }
    depthOf.push(parent < 0 ? 0 : depthOf[parent]! + 1);
    const w = shape.micro
      ? rng.int(8, 60)
      : (shape.tight ? rng.int(30, 160) : rng.int(20, 600)) * 1000 + (rng.chance(0.3) ? rng.int(0, 999) : 0);
    ratingW.push(w);
    nodes.push({
      id: idOf(i),
      parent_id: parent < 0 ? null : idOf(parent),
      name: `node ${i}`,
      kind: i === 0 ? 'GRID_CONNECTION' : 'FEEDER',
      physical_rating_kw: kw(w),
      metered: rng.chance(0.5),
    });
  }
  const pickNode = () => rng.int(0, nodeCount - 1);

  const assets: Asset[] = [];
  const chargerCount = rng.int(1, shape.maxChargers);
  const ratings = shape.micro
    ? [3, 5, 6, 8, 12]
    : shape.tight
      ? [11000, 22000, 22000, 50000]
      : [3700, 7400, 11000, 22000, 50000, 80000, 150000];
  const classSet = shape.tight ? [rng.int(0, 9), rng.int(0, 9), 5] : [];
  for (let c = 0; c < chargerCount; c++) {
    const rating = rng.pick(ratings);
    const minChoices = shape.micro
      ? [1, 2, 3, 4]
      : shape.tight
        ? [1400, 4200, 4200, 6000]
        : [1400, 4200, 6000, 11000];
    const minW = rng.chance(shape.minKwChance) ? Math.min(rating, rng.pick(minChoices)) : 0;
    assets.push({
      id: `ch-${String((c * 37) % 211).padStart(3, '0')}-${c}`,
      node_id: idOf(pickNode()),
      name: `charger ${c}`,
      kind: 'CHARGER',
      rating_kw: kw(rating),
      min_kw: kw(minW),
    });
  }
  const loadCount = rng.int(0, 4);
  for (let l = 0; l < loadCount; l++) {
    const kind = rng.pick(['BUILDING_LOAD', 'BUILDING_LOAD', 'PV', 'BATTERY'] as const);
    const unit = shape.micro ? 0.1 : 1000;
    const a: Asset = {
      id: `load-${l}`,
      node_id: idOf(pickNode()),
      name: `load ${l}`,
      kind,
      rating_kw: kw(Math.max(1, Math.round(rng.int(5, 400) * unit))),
    };
    if (rng.chance(0.6)) a.fallback_kw = kw(Math.round(rng.int(0, 300) * unit));
    assets.push(a);
  }

  const limits: LimitPolicy[] = [];
  for (let i = 0; i < nodeCount; i++) {
    if (rng.chance(0.6)) {
      const schedule = rng.chance(0.6)
        ? [
            {
              days: rng.pick(DAY_SETS),
              start: rng.pick(WINDOWS)[0],
              end: '',
              cap_kw: kw(capBelow(rng, ratingW[i]!)),
            },
          ]
        : [];
      for (const w of schedule) {
        const win = WINDOWS.find((x) => x[0] === w.start)!;
        w.end = win[1];
      }
      limits.push({
        id: `lim-${i}`,
        scope: 'NODE',
        node_id: idOf(i),
        hard_cap_kw: kw(capBelow(rng, ratingW[i]!)),
        schedule,
      });
    }
    if (rng.chance(0.15)) {
      const schedule = rng.chance(0.5)
        ? [{ days: rng.pick(DAY_SETS), start: '00:00', end: '24:00', cap_kw: kw(capBelow(rng, ratingW[i]!)) }]
        : [];
      limits.push({
        id: `agg-${i}`,
        scope: 'AGGREGATE',
        node_id: idOf(i),
        hard_cap_kw: kw(capBelow(rng, ratingW[i]!)),
        schedule,
      });
    }
  }

  const envelopes: CycleEnvelope[] = [];
  const envelopeCount = rng.int(0, 3);
  for (let e = 0; e < envelopeCount; e++) {
    const target = pickNode();
    const timing = rng.int(0, 4); // active, pending, expired, withdrawn before t, superseded after t
    const from = timing === 1 ? at + 600_000 : at - 3_600_000;
    const to = timing === 2 ? at : at + 3_600_000;
    const env: CycleEnvelope = {
      id: `env-${e}`,
      target_node_id: idOf(target),
      capacity_kw: kw(capBelow(rng, ratingW[target]!)),
      valid_from: iso(from),
      valid_to: iso(to),
      source: {
        type: 'OSCP',
        source_id: `dnsp-${e % 2}`,
        external_ref: `ref-${e}`,
        received_at: iso(from - 60_000),
      },
    };
    if (timing === 3) {
      env.withdrawn_at = iso(at - 60_000);
      env.status = 'WITHDRAWN';
    }
    if (timing === 4) env.superseded_at = iso(at + 60_000);
    envelopes.push(env);
  }

  const samples: TelemetrySample[] = [];
  const previous: { asset_id: string; setpoint_kw: number }[] = [];
  const stale = 90;
  for (const a of assets) {
    if (a.kind === 'CHARGER') {
      const r = rng.int(0, 9);
      if (r === 0) continue; // never seen: disconnected
      const age = rng.pick([0, 5, 30, 89, 90, 91, 400, 2000]);
      const ratingWatts = Math.round(a.rating_kw! * 1000);
      const s: AssetSample = {
        asset_id: a.id,
        at: iso(at - age * 1000),
        power_kw: kw(rng.int(0, ratingWatts)),
        connected: shape.tight ? r !== 1 || rng.chance(0.5) : r !== 1,
      };
      const minWatts = Math.round((a.min_kw ?? 0) * 1000);
      if (shape.tight) {
        if (rng.chance(0.9))
          s.requested_kw = kw(rng.chance(0.9) ? rng.int(minWatts, ratingWatts) : rng.int(0, ratingWatts));
        if (rng.chance(0.9)) s.priority = rng.pick(classSet);
      } else {
        if (rng.chance(0.7))
          s.requested_kw = kw(rng.chance(0.2) ? ratingWatts + 5000 : rng.int(0, ratingWatts));
        if (rng.chance(0.8)) s.priority = rng.int(0, 9);
      }
      samples.push(s);
      if (rng.chance(0.15))
        samples.push({ ...s, power_kw: kw(rng.int(0, ratingWatts)), connected: rng.chance(0.5) });
      if (rng.chance(0.1)) samples.push({ ...s, at: iso(at + 5000), connected: false });
      if (rng.chance(0.4)) previous.push({ asset_id: a.id, setpoint_kw: kw(rng.int(0, ratingWatts)) });
      if (shape.micro && rng.chance(0.5)) s.requested_kw = kw(rng.int(minWatts, ratingWatts));
    } else {
      const r = rng.int(0, 9);
      if (r === 0 && (shape.failSafe || a.fallback_kw !== undefined || a.kind === 'PV')) continue; // missing
      let age = rng.pick([0, 10, 60, 90]);
      if (r === 1) age = rng.pick([91, 300, 900]);
      if (r === 2 && (shape.failSafe || a.fallback_kw !== undefined || a.kind === 'PV'))
        age = rng.pick([901, 5000]);
      const scale = shape.micro ? 0.00005 : shape.tight ? 0.2 : 1;
      const value = Math.round(
        scale *
          (a.kind === 'PV'
            ? -rng.int(0, 100_000)
            : a.kind === 'BATTERY'
              ? rng.int(-50_000, 50_000)
              : rng.int(0, 400_000)),
      );
      samples.push({ asset_id: a.id, at: iso(at - age * 1000), power_kw: kw(value) });
    }
  }
  if (!shape.failSafe) {
    // Without fail-safe instances, a stale load without fallback gets one.
    for (const a of assets)
      if (a.kind !== 'CHARGER' && a.kind !== 'PV' && a.fallback_kw === undefined)
        a.fallback_kw = kw(shape.micro ? 1 : 10_000);
  }
  for (let i = 0; i < nodeCount; i++) {
    if (!nodes[i]!.metered || rng.chance(0.2)) continue;
    const s: NodeSample = {
      node_id: idOf(i),
      at: iso(at - rng.pick([0, 20, 90, 200]) * 1000),
      demand_kw: kw(rng.int(0, Math.round(ratingW[i]! * 1.3))),
    };
    samples.push(s);
    if (rng.chance(0.1)) samples.push({ ...s, demand_kw: kw(rng.int(0, ratingW[i]!)) });
  }

  const capability_status = rng.chance(0.25)
    ? [
        {
          capability: 'LOAD_CONTROL' as const,
          scope_node_id: idOf(pickNode()),
          state: rng.pick(['ACTIVE', 'ACTIVE', 'AVAILABLE', 'DEGRADED'] as const),
        },
      ]
    : [];
  const doc: MicrogridDocument = {
    microgrid: {
      id: `mg-${seed}`,
      depot_id: 'depot',
      name: 'random',
      timezone: 'Australia/Melbourne',
      root_node_id: 'root',
    },
    nodes,
    assets,
    limits,
    circuit_aliases: [],
    version: rng.int(1, 5),
  };
  const input: CycleInput = {
    microgrid: doc,
    at: atText,
    settings: { stale_after_s: stale, fail_safe_after_s: 900 },
    envelopes,
    capability_status,
    telemetry: { samples },
    previous_setpoints: previous,
  };
  if (rng.chance(0.3)) input.scope_node_id = idOf(pickNode());
  return input;
}

/** The same instance with every min_kw set to 0 (the LP comparison). */
export function withoutMinimums(input: CycleInput): CycleInput {
  return {
    ...input,
    microgrid: {
      ...input.microgrid,
      assets: input.microgrid.assets.map((a) => (a.kind === 'CHARGER' ? { ...a, min_kw: 0 } : a)),
    },
  };
}
