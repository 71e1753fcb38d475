// The rules of cycle.md one at a time, on small hand-built microgrids whose answers are worked out
// in the comments, plus the decisions docs/cycle.md records where the spec leaves a gap.
import { describe, expect, it } from 'vitest';
import type { Asset, LimitPolicy, MicrogridNode } from '../../model.ts';
import { REASON_RANK } from '../reasons.ts';
import { referenceCycle } from '../reference.ts';
import { CycleInputError, runCycle } from '../run.ts';
import type {
  AssetSample,
  CycleEnvelope,
  CycleInput,
  CycleResult,
  ReasonCode,
  TelemetrySample,
} from '../types.ts';

const AT = '2026-03-02T07:30:00Z'; // Monday 18:30 in Melbourne
const ago = (s: number) => new Date(Date.parse(AT) - s * 1000).toISOString().replace('.000Z', 'Z');

interface Scenario {
  nodes?: [id: string, parent: string | null, ratingKw: number, metered?: boolean][];
  chargers?: [id: string, node: string, ratingKw: number, minKw?: number][];
  loads?: Asset[];
  limits?: LimitPolicy[];
  samples?: TelemetrySample[];
  envelopes?: CycleEnvelope[];
  extra?: Partial<CycleInput>;
}

/** A microgrid "grid → a, b" unless told otherwise; every charger connected, asking its rating, priority 5. */
function scenario(s: Scenario): CycleInput {
  const nodes: MicrogridNode[] = (
    s.nodes ?? [
      ['grid', null, 300, true],
      ['a', 'grid', 100],
      ['b', 'grid', 100],
    ]
  ).map(([id, parent, rating, metered]) => ({
    id,
    parent_id: parent,
    name: id,
    kind: parent ? 'FEEDER' : 'GRID_CONNECTION',
    physical_rating_kw: rating,
    metered: metered ?? false,
  }));
  const chargers: Asset[] = (s.chargers ?? []).map(([id, node, rating, min]) => ({
    id,
    node_id: node,
    name: id,
    kind: 'CHARGER',
    rating_kw: rating,
    min_kw: min ?? 0,
  }));
  const samples: TelemetrySample[] =
    s.samples ?? chargers.map((c) => ({ asset_id: c.id, at: ago(10), power_kw: 0, connected: true }));
  return {
    microgrid: {
      microgrid: {
        id: 'mg-t',
        depot_id: 'd',
        name: 't',
        timezone: 'Australia/Melbourne',
        root_node_id: 'grid',
      },
      nodes,
      assets: [...chargers, ...(s.loads ?? [])],
      limits: s.limits ?? [],
      circuit_aliases: [],
    },
    at: AT,
    envelopes: s.envelopes ?? [],
    telemetry: { samples },
    ...s.extra,
  };
}

/** runCycle, checked against the literal reference on every call. */
function cycle(input: CycleInput): CycleResult {
  const r = runCycle(input);
  expect(r).toEqual(referenceCycle(input));
  return r;
}

const kw = (r: CycleResult) => Object.fromEntries(r.setpoints.map((s) => [s.asset_id, s.setpoint_kw]));
const why = (r: CycleResult, id: string) =>
  r.setpoints.find((s) => s.asset_id === id)!.reason_codes.map((c) => `${c.code}@${c.node_id}`);
const node = (r: CycleResult, id: string) => r.nodes.find((n) => n.node_id === id)!;
const charging = (id: string, extra: Partial<AssetSample> = {}): AssetSample => ({
  asset_id: id,
  at: ago(10),
  power_kw: 0,
  connected: true,
  ...extra,
});
const envelope = (
  id: string,
  target: string,
  capacityKw: number,
  extra: Partial<CycleEnvelope> = {},
): CycleEnvelope => ({
  id,
  target_node_id: target,
  capacity_kw: capacityKw,
  valid_from: ago(3600),
  valid_to: ago(-3600),
  ...extra,
});

describe('§1 effective limits and their binding source', () => {
  it('on a tie, the earliest of envelope, physical rating, hard cap, TOU cap names the limit', () => {
    // a: envelope 80 = rating 80 → OPERATING_ENVELOPE; b: rating 100 = hard cap 100 → NODE_PHYSICAL_RATING.
    const r = cycle(
      scenario({
        nodes: [
          ['grid', null, 300],
          ['a', 'grid', 80],
          ['b', 'grid', 100],
          ['c', 'grid', 100],
        ],
        limits: [
          { id: 'lb', scope: 'NODE', node_id: 'b', hard_cap_kw: 100, schedule: [] },
          {
            id: 'lc',
            scope: 'NODE',
            node_id: 'c',
            hard_cap_kw: 60,
            schedule: [{ days: ['MON'], start: '18:00', end: '19:00', cap_kw: 60 }],
          },
        ],
        envelopes: [envelope('e', 'a', 80)],
      }),
    );
    expect(node(r, 'a')).toMatchObject({ effective_limit_kw: 80, binding_source: 'OPERATING_ENVELOPE' });
    expect(node(r, 'b')).toMatchObject({ effective_limit_kw: 100, binding_source: 'NODE_PHYSICAL_RATING' });
    // c: the Monday 18:00–19:00 window is in force at 18:30; its cap equals the hard cap it replaces.
    expect(node(r, 'c')).toMatchObject({ effective_limit_kw: 60, binding_source: 'TOU_SCHEDULED_CAP' });
  });

  it('counts only envelopes ACTIVE at t: not pending, expired, withdrawn or superseded by then', () => {
    const r = cycle(
      scenario({
        envelopes: [
          envelope('pending', 'a', 10, { valid_from: ago(-60) }),
          envelope('expired', 'a', 11, { valid_to: AT }),
          envelope('withdrawn', 'a', 12, { withdrawn_at: ago(60) }),
          envelope('superseded', 'a', 13, { superseded_at: ago(1) }),
          envelope('status-only', 'a', 14, { status: 'WITHDRAWN' }),
          envelope('later-superseded', 'a', 50, { superseded_at: ago(-1) }),
          envelope('bigger', 'a', 70),
        ],
      }),
    );
    expect(node(r, 'a')).toMatchObject({ effective_limit_kw: 50, binding_source: 'OPERATING_ENVELOPE' });
  });
});

describe('§2 chargers', () => {
  it('classifies disconnected, external, out of scope and dispatchable in that order', () => {
    const r = cycle(
      scenario({
        chargers: [
          ['c1', 'a', 50],
          ['c2', 'a', 50],
          ['c3', 'b', 50],
          ['c4', 'b', 50],
          ['c5', 'b', 50],
        ],
        samples: [
          charging('c1'),
          charging('c2', { connected: false }),
          charging('c3', { power_kw: 12.5 }),
          charging('c4', { at: ago(100) }), // stale: external counts its rating
          // c5: never seen → disconnected, even though it is under the external scope
        ],
        extra: {
          scope_node_id: 'a',
          capability_status: [{ capability: 'LOAD_CONTROL', scope_node_id: 'b', state: 'ACTIVE' }],
        },
      }),
    );
    expect(r.setpoints.map((s) => [s.asset_id, s.state, s.setpoint_kw, s.requested_kw])).toEqual([
      ['c1', 'DISPATCHED', 50, 50],
      ['c2', 'DISCONNECTED', 0, 0],
      ['c3', 'EXTERNAL', null, 50],
      ['c4', 'EXTERNAL', null, 50],
      ['c5', 'DISCONNECTED', 0, 0],
    ]);
    expect(why(r, 'c3')).toEqual(['EXTERNAL_CONTROL_ACTIVE@b']);
    expect(node(r, 'b').fixed_kw).toBe(62.5);
  });

  it('caps the demand at the rating, defaults priority to 5, and reads the latest sample at or before t whatever its age', () => {
    const r = cycle(
      scenario({
        chargers: [
          ['c1', 'a', 22],
          ['c2', 'a', 22],
        ],
        samples: [
          charging('c1', { requested_kw: 40, at: ago(5000) }),
          charging('c1', { requested_kw: 11, at: ago(-5), priority: 9 }), // after t: ignored
          charging('c2', { requested_kw: 7.5, priority: 2 }),
        ],
      }),
    );
    expect(r.setpoints.map((s) => [s.asset_id, s.priority, s.requested_kw, s.setpoint_kw])).toEqual([
      ['c1', 5, 22, 22],
      ['c2', 2, 7.5, 7.5],
    ]);
  });

  it('breaks a tie between samples of the same instant by the greatest power, then connected, request, priority', () => {
    const r = cycle(
      scenario({
        chargers: [['c1', 'a', 50]],
        samples: [
          charging('c1', { power_kw: 5, connected: false }),
          charging('c1', { power_kw: 7, requested_kw: 30 }),
          charging('c1', { power_kw: 7, requested_kw: 20 }),
        ],
      }),
    );
    expect(kw(r)).toEqual({ c1: 30 });
  });
});

describe('§3 telemetry fallback', () => {
  const load = (extra: Partial<Asset> = {}): Asset => ({
    id: 'load',
    node_id: 'b',
    name: 'load',
    kind: 'BUILDING_LOAD',
    rating_kw: 50,
    ...extra,
  });
  const run = (age: number | null, asset: Asset, kind: 'load' | 'pv' = 'load') =>
    cycle(
      scenario({
        chargers: [['c1', 'a', 50]],
        loads: [asset],
        samples: [
          charging('c1'),
          ...(age === null ? [] : [{ asset_id: kind, at: ago(age), power_kw: kind === 'pv' ? -20 : 40 }]),
        ],
      }),
    );

  it('uses a sample up to stale_after_s old (90 s by default), the fallback after that', () => {
    expect(run(90, load({ fallback_kw: 10 })).nodes.find((n) => n.node_id === 'b')).toMatchObject({
      non_controllable_kw: 40,
      source_mode: 'MEASURED',
    });
    const stale = run(91, load({ fallback_kw: 10 }));
    expect(node(stale, 'b')).toMatchObject({ non_controllable_kw: 10, source_mode: 'FALLBACK_DERIVED' });
    expect(stale.fallback.inputs).toEqual([
      {
        asset_id: 'load',
        node_id: 'b',
        last_sample_at: ago(91),
        age_s: 91,
        reason: 'STALE',
        fallback_source: 'FALLBACK_KW',
        fallback_kw: 10,
      },
    ]);
    expect(stale.source_mode).toBe('FALLBACK_DERIVED');
  });

  it('fails safe when the sample is older than fail_safe_after_s (900 s) even with a fallback, or when there is no fallback', () => {
    expect(run(900, load({ fallback_kw: 10 })).outcome).toBe('APPLIED');
    const tooOld = run(901, load({ fallback_kw: 10 }));
    expect(tooOld.outcome).toBe('FAIL_SAFE');
    expect(tooOld.reason_codes).toEqual([{ code: 'FAIL_SAFE_FALLBACK_UNAVAILABLE', node_id: 'b' }]);
    expect(kw(tooOld)).toEqual({ c1: 0 });
    expect(why(tooOld, 'c1')).toEqual(['FAIL_SAFE_FALLBACK_UNAVAILABLE@b']);
    expect(run(null, load()).fallback.inputs[0]).toMatchObject({
      reason: 'MISSING',
      last_sample_at: null,
      age_s: null,
      fallback_source: 'NONE',
      fallback_kw: null,
    });
    expect(run(null, load({ fallback_kw: 5 })).outcome).toBe('APPLIED');
  });

  it('never credits stale or missing PV generation, and never fails safe for it', () => {
    const pv: Asset = { id: 'pv', node_id: 'b', name: 'pv', kind: 'PV', rating_kw: 30, fallback_kw: 25 };
    expect(node(run(30, pv, 'pv'), 'b').non_controllable_kw).toBe(-20);
    const old = run(100_000, pv, 'pv');
    expect(old.outcome).toBe('APPLIED');
    expect(node(old, 'b')).toMatchObject({ non_controllable_kw: 0, source_mode: 'FALLBACK_DERIVED' });
    expect(old.fallback.inputs[0]).toMatchObject({ fallback_source: 'PV_ZERO', fallback_kw: 0 });
  });

  it('takes the thresholds from the input, then the microgrid settings', () => {
    const input = run(200, load({ fallback_kw: 10 }));
    expect(input.fallback).toMatchObject({ stale_after_s: 90, fail_safe_after_s: 900 });
    const custom = scenario({
      chargers: [['c1', 'a', 50]],
      loads: [load()],
      samples: [charging('c1'), { asset_id: 'load', at: ago(200), power_kw: 40 }],
    });
    custom.microgrid.microgrid.settings = { stale_after_s: 300, fail_safe_after_s: 600 };
    expect(cycle(custom).fallback).toMatchObject({ stale_after_s: 300, fail_safe_after_s: 600, inputs: [] });
    custom.settings = { stale_after_s: 100 };
    expect(cycle(custom).outcome).toBe('FAIL_SAFE');
  });
});

describe('§4 allocation', () => {
  it('serves the higher priority first, then shares what is left max-min fairly', () => {
    // a: 100 kW. c1 (priority 9) asks 70 and gets it; c2, c3 (5) share 30; c3 asks only 10.
    const r = cycle(
      scenario({
        chargers: [
          ['c1', 'a', 80],
          ['c2', 'a', 80],
          ['c3', 'a', 80],
        ],
        samples: [
          charging('c1', { requested_kw: 70, priority: 9 }),
          charging('c2'),
          charging('c3', { requested_kw: 10 }),
        ],
      }),
    );
    expect(kw(r)).toEqual({ c1: 70, c2: 20, c3: 10 });
    expect(why(r, 'c2')).toEqual(['NODE_PHYSICAL_RATING@a']);
    expect(why(r, 'c3')).toEqual([]);
  });

  it('gives the spare watts of a saturated constraint to the first chargers by id', () => {
    // a: 0.1 kW = 100 W for three chargers: 34, 33, 33 W.
    const r = cycle(
      scenario({
        nodes: [
          ['grid', null, 300],
          ['a', 'grid', 0.1],
        ],
        chargers: [
          ['c2', 'a', 50],
          ['c1', 'a', 50],
          ['c3', 'a', 50],
        ],
      }),
    );
    expect(kw(r)).toEqual({ c1: 0.034, c2: 0.033, c3: 0.033 });
  });

  it('saturates the constraint with the fewest unfrozen chargers first, then NODE before AGGREGATE', () => {
    // Node a and its AGGREGATE policy hold the same chargers with the same room: NODE is marked.
    const r = cycle(
      scenario({
        chargers: [
          ['c1', 'a', 80],
          ['c2', 'a', 80],
        ],
        limits: [{ id: 'agg', scope: 'AGGREGATE', node_id: 'a', hard_cap_kw: 100, schedule: [] }],
      }),
    );
    expect(why(r, 'c1')).toEqual(['NODE_PHYSICAL_RATING@a']);
    // With a tighter aggregate the aggregate binds instead.
    const tighter = cycle(
      scenario({
        chargers: [
          ['c1', 'a', 80],
          ['c2', 'a', 80],
        ],
        limits: [{ id: 'agg', scope: 'AGGREGATE', node_id: 'a', hard_cap_kw: 60, schedule: [] }],
      }),
    );
    expect(kw(tighter)).toEqual({ c1: 30, c2: 30 });
    expect(why(tighter, 'c1')).toEqual(['AGGREGATE_LIMIT@a']);
  });

  it('never hands out a watt an enclosing constraint does not have (decision: grant = smallest room)', () => {
    // a (21 W) holds c1, c2; grid (30 W) holds them and c3. Level 10: a has 1 W spare, grid none.
    // Read literally, step 3 would give c1 the 11th watt and put the grid 1 W over its limit.
    const r = cycle(
      scenario({
        nodes: [
          ['grid', null, 0.03],
          ['a', 'grid', 0.021],
          ['b', 'grid', 1],
        ],
        chargers: [
          ['c1', 'a', 1],
          ['c2', 'a', 1],
          ['c3', 'b', 1],
        ],
      }),
    );
    expect(kw(r)).toEqual({ c1: 0.01, c2: 0.01, c3: 0.01 });
    expect(node(r, 'grid').headroom_kw).toBe(0);
    expect(why(r, 'c1')).toEqual(['NODE_PHYSICAL_RATING@a', 'NODE_PHYSICAL_RATING@grid']);
  });

  it('gives nothing under a node whose non-controllable demand already fills it', () => {
    const r = cycle(
      scenario({
        chargers: [['c1', 'b', 50]],
        loads: [{ id: 'load', node_id: 'b', name: 'load', kind: 'BUILDING_LOAD', rating_kw: 200 }],
        samples: [charging('c1'), { asset_id: 'load', at: ago(5), power_kw: 100 }],
      }),
    );
    expect(kw(r)).toEqual({ c1: 0 });
    expect(why(r, 'c1')).toEqual(['NON_CONTROLLABLE_EXCEEDS_LIMIT@b', 'NODE_PHYSICAL_RATING@b']);
  });

  it('drops chargers under their minimum one at a time: lowest priority, then greatest id, rerunning each time', () => {
    // a: 30 kW for c1..c3 (min 11): 10 kW each. Drop c3 (greatest id): 15 each, fine.
    const nodes: Scenario['nodes'] = [
      ['grid', null, 300],
      ['a', 'grid', 30],
    ];
    const same = cycle(
      scenario({
        nodes,
        chargers: [
          ['c1', 'a', 50, 11],
          ['c2', 'a', 50, 11],
          ['c3', 'a', 50, 11],
        ],
      }),
    );
    expect(kw(same)).toEqual({ c1: 15, c2: 15, c3: 0 });
    expect(why(same, 'c3')).toEqual(['NODE_PHYSICAL_RATING@a', 'BELOW_MINIMUM_POWER@a']);
    // With c1 at priority 3 it is dropped first, although its id is smallest.
    const prio = scenario({
      nodes,
      chargers: [
        ['c1', 'a', 50, 11],
        ['c2', 'a', 50, 11],
        ['c3', 'a', 50, 11],
      ],
    });
    (prio.telemetry!.samples[0] as AssetSample).priority = 3;
    // c2, c3 (priority 5) take 30 kW first: 15 each; c1 gets nothing, under no minimum, not dropped.
    expect(kw(cycle(prio))).toEqual({ c1: 0, c2: 15, c3: 15 });
  });
});

describe('§5–§7 reasons, breaches, the result', () => {
  it('lists every reason on a deep path, by rank and then node id, however the path is ordered', () => {
    // A chain of 12 nodes under the grid whose ids are not in path order, with a building load at
    // the bottom that alone exceeds every node's rating: each of the 13 nodes on c1's path has
    // non-controllable demand over its limit, so c1's list is long (sorted another way than the
    // few reasons of a shallow path) and must still come out in the order of §5.
    const chain = ['m', 'c', 't', 'a', 'q', 'f', 'z', 'h', 'b', 'w', 'e', 'p'];
    const r = cycle(
      scenario({
        nodes: [
          ['grid', null, 50],
          ...chain.map((id, i): [string, string, number] => [id, i === 0 ? 'grid' : chain[i - 1]!, 50]),
        ],
        chargers: [['c1', 'p', 22]],
        loads: [{ id: 'load', node_id: 'p', name: 'load', kind: 'BUILDING_LOAD', rating_kw: 200 }],
        samples: [charging('c1'), { asset_id: 'load', at: ago(5), power_kw: 100 }],
      }),
    );
    expect(kw(r)).toEqual({ c1: 0 });
    const reasons = why(r, 'c1');
    const onPath = ['grid', ...chain].sort();
    expect(reasons.filter((x) => x.startsWith('NON_CONTROLLABLE_EXCEEDS_LIMIT@'))).toEqual(
      onPath.map((id) => `NON_CONTROLLABLE_EXCEEDS_LIMIT@${id}`),
    );
    const ranked = [...reasons].sort((x, y) => {
      const [cx, nx] = x.split('@') as [ReasonCode, string];
      const [cy, ny] = y.split('@') as [ReasonCode, string];
      return REASON_RANK[cx] - REASON_RANK[cy] || (nx < ny ? -1 : nx > ny ? 1 : 0);
    });
    expect(reasons).toEqual(ranked);
  });

  it('reports a breach only for a metered node with a fresh sample over its limit', () => {
    const input = scenario({
      nodes: [
        ['grid', null, 100, true],
        ['a', 'grid', 50, false],
        ['b', 'grid', 50, true],
      ],
      samples: [
        { node_id: 'grid', at: ago(10), demand_kw: 100.001 },
        { node_id: 'a', at: ago(10), demand_kw: 999 },
        { node_id: 'b', at: ago(91), demand_kw: 999 },
      ],
    });
    const r = cycle(input);
    expect(r.breaches).toEqual([
      {
        node_id: 'grid',
        measured_kw: 100.001,
        limit_kw: 100,
        excess_kw: 0.001,
        binding_source: 'NODE_PHYSICAL_RATING',
        reason_codes: [{ code: 'NODE_PHYSICAL_RATING', node_id: 'grid' }],
        primary_reason_code: 'NODE_PHYSICAL_RATING',
      },
    ]);
  });

  it('blames charger non-compliance when chargers draw more than 1 kW over their previous setpoints in total', () => {
    const run = (drawKw: number) =>
      cycle(
        scenario({
          chargers: [
            ['c1', 'a', 50],
            ['c2', 'a', 50],
          ],
          samples: [
            charging('c1', { power_kw: drawKw }),
            charging('c2', { power_kw: 10 }),
            { node_id: 'grid', at: ago(5), demand_kw: 400 },
          ],
          extra: {
            previous_setpoints: [
              { asset_id: 'c1', setpoint_kw: 10 },
              { asset_id: 'c2', setpoint_kw: 10 },
            ],
          },
        }),
      ).breaches[0]!.reason_codes.map((c) => c.code);
    expect(run(11)).toEqual(['NODE_PHYSICAL_RATING']);
    expect(run(11.001)).toEqual(['CHARGER_NONCOMPLIANCE', 'NODE_PHYSICAL_RATING']);
  });

  it('derives the cycle id from the input, never from the clock, and takes the caller’s options', () => {
    const input = scenario({ chargers: [['c1', 'a', 50]] });
    const first = runCycle(input);
    expect(first.cycle_id).toBe('cyc-mg-t-20260302T073000Z');
    expect(runCycle(input)).toEqual(first);
    expect(first).toMatchObject({
      trigger: 'CANONICAL_REQUEST',
      legacy_circuit_id: null,
      config_version: null,
      scope_node_id: 'grid',
      at: AT,
    });
    const legacy = runCycle(
      { ...input, scope_node_id: 'a', microgrid: { ...input.microgrid, version: 4 } },
      { cycleId: 'cyc-42', trigger: 'LEGACY_ALIAS', legacyCircuitId: '1042' },
    );
    expect(legacy).toMatchObject({
      cycle_id: 'cyc-42',
      trigger: 'LEGACY_ALIAS',
      legacy_circuit_id: '1042',
      config_version: 4,
      scope_node_id: 'a',
    });
    expect(runCycle({ ...input, scope_node_id: 'a' }).cycle_id).toBe('cyc-mg-t-20260302T073000Z-a');
  });

  it('refuses a scope that is not a node with a machine code', () => {
    expect(() => runCycle({ ...scenario({}), scope_node_id: 'nowhere' })).toThrow(CycleInputError);
    try {
      runCycle({ ...scenario({}), scope_node_id: 'nowhere' });
    } catch (e) {
      expect((e as CycleInputError).code).toBe('SCOPE_NODE_MISSING');
    }
  });
});
