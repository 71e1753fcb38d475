// The cycle of cycle.md §1–7 run literally, for tests and benchmarks only (not exported from the
// domain): plain sets and maps, the domain's own limitsAt/bindingOf, the §4 procedure step by step,
// and the minimum-power loop rerunning the whole allocation after each drop. Slow on purpose: it is
// the yardstick the fast runCycle is compared with, watt for watt and reason for reason.
import { compareIds } from '../ids.ts';
import { formatInstant, parseInstant } from '../instant.ts';
import { limitsAt, type EnvelopeCap } from '../limits/effective.ts';
import { DEFAULT_FAIL_SAFE_AFTER_S, DEFAULT_STALE_AFTER_S, type Asset } from '../model.ts';
import { kwToW, wToKw } from '../units.ts';
import { defaultCycleId } from './identity.ts';
import { rankReasons } from './reasons.ts';
import type {
  AssetSample,
  BreachResult,
  CycleEnvelope,
  CycleInput,
  CycleOptions,
  CycleResult,
  FallbackInput,
  NodeResult,
  NodeSample,
  ReasonEntry,
  SetpointResult,
} from './types.ts';

interface Constraint {
  kind: 'NODE' | 'AGGREGATE';
  node: string;
  limitW: number;
  /** Counted under it before any dispatchable charger: NC + fixed (NODE) or fixed (AGGREGATE). */
  baseW: number;
  chargers: Set<string>;
}

interface Dispatchable {
  id: string;
  node: string;
  demandW: number;
  minW: number;
  priority: number;
}

function envelopeActive(e: CycleEnvelope, t: number): boolean {
  if (e.status === 'WITHDRAWN' || e.status === 'SUPERSEDED') {
    const stamp = e.status === 'WITHDRAWN' ? e.withdrawn_at : e.superseded_at;
    if (stamp == null || t >= parseInstant(stamp)) return false;
  }
  if (e.withdrawn_at != null && t >= parseInstant(e.withdrawn_at)) return false;
  if (e.superseded_at != null && t >= parseInstant(e.superseded_at)) return false;
  return parseInstant(e.valid_from) <= t && t < parseInstant(e.valid_to);
}

/** Latest sample at or before t; on the same instant the greatest by the documented tie order. */
function latestAssetSample(samples: AssetSample[], t: number): AssetSample | null {
  const connectedRank = (s: AssetSample) => (s.connected === true ? 2 : s.connected === false ? 0 : 1);
  const key = (s: AssetSample) => [
    parseInstant(s.at),
    s.power_kw,
    connectedRank(s),
    s.requested_kw ?? -1,
    s.priority ?? -1,
  ];
  let best: AssetSample | null = null;
  for (const s of samples) {
    if (parseInstant(s.at) > t) continue;
    if (!best) {
      best = s;
      continue;
    }
    const a = key(s);
    const b = key(best);
    for (let i = 0; i < a.length; i++) {
      if (a[i]! !== b[i]!) {
        if (a[i]! > b[i]!) best = s;
        break;
      }
    }
  }
  return best;
}

function latestNodeSample(samples: NodeSample[], t: number): NodeSample | null {
  let best: NodeSample | null = null;
  for (const s of samples) {
    const at = parseInstant(s.at);
    if (at > t) continue;
    if (!best || at > parseInstant(best.at) || (at === parseInstant(best.at) && s.demand_kw > best.demand_kw))
      best = s;
  }
  return best;
}

/** §4 allocation of the given (not dropped) chargers: values and the saturated constraints. */
function allocateLiterally(
  chargers: Dispatchable[],
  constraints: Constraint[],
): { value: Map<string, number>; saturated: Set<Constraint> } {
  const value = new Map<string, number>(chargers.map((c) => [c.id, 0]));
  const saturated = new Set<Constraint>();
  const roomOf = (x: Constraint) => {
    let used = x.baseW;
    for (const id of x.chargers) used += value.get(id) ?? 0;
    return x.limitW - used;
  };
  for (let priority = 9; priority >= 0; priority--) {
    const unfrozen = new Set(chargers.filter((c) => c.priority === priority).map((c) => c.id));
    const byId = new Map(chargers.map((c) => [c.id, c]));
    const unfrozenUnder = (x: Constraint) =>
      [...x.chargers].filter((id) => unfrozen.has(id)).sort(compareIds);
    let level = 0;
    while (unfrozen.size > 0) {
      // Step 1.
      let highest = Infinity;
      for (const id of unfrozen) highest = Math.min(highest, byId.get(id)!.demandW);
      for (const x of constraints) {
        const u = unfrozenUnder(x).length;
        if (u > 0) highest = Math.min(highest, level + Math.floor(roomOf(x) / u));
      }
      level = Math.max(level, highest);
      for (const id of unfrozen) value.set(id, level);
      // Step 2.
      for (const id of [...unfrozen]) if (byId.get(id)!.demandW === level) unfrozen.delete(id);
      // Step 3.
      for (;;) {
        const qualifying = constraints
          .map((x) => ({ x, under: unfrozenUnder(x), room: roomOf(x) }))
          .filter((q) => q.under.length > 0 && q.room < q.under.length)
          .sort(
            (a, b) =>
              a.under.length - b.under.length ||
              (a.x.kind === b.x.kind ? 0 : a.x.kind === 'NODE' ? -1 : 1) ||
              compareIds(a.x.node, b.x.node),
          );
        const taken = qualifying[0];
        if (!taken) break;
        // Decision (docs/cycle.md): the grant is the smallest room among the constraints holding
        // every one of these chargers, so that no limit is ever exceeded.
        const holders = constraints
          .filter((y) => taken.under.every((id) => y.chargers.has(id)))
          .map((y) => ({ y, room: roomOf(y) }));
        const grant = Math.max(0, Math.min(...holders.map((h) => h.room)));
        saturated.add(taken.x);
        for (const h of holders) if (h.room < taken.room && h.room - grant <= 0) saturated.add(h.y);
        taken.under.forEach((id, i) => {
          if (i < grant) value.set(id, level + 1);
          unfrozen.delete(id);
        });
      }
    }
  }
  return { value, saturated };
}

export function referenceCycle(input: CycleInput, options: CycleOptions = {}): CycleResult {
  const t = parseInstant(input.at);
  const doc = input.microgrid;
  const staleS =
    input.settings?.stale_after_s ?? doc.microgrid.settings?.stale_after_s ?? DEFAULT_STALE_AFTER_S;
  const failS =
    input.settings?.fail_safe_after_s ??
    doc.microgrid.settings?.fail_safe_after_s ??
    DEFAULT_FAIL_SAFE_AFTER_S;
  const fresh = (at: string) => t - parseInstant(at) <= staleS * 1000;

  // Topology.
  const nodeIds = doc.nodes.map((n) => n.id).sort(compareIds);
  const nodeById = new Map(doc.nodes.map((n) => [n.id, n]));
  const pathOf = (nodeId: string): string[] => {
    const out: string[] = [];
    for (let id: string | null = nodeId; id !== null; id = nodeById.get(id)?.parent_id ?? null) out.push(id);
    return out;
  };
  const isUnder = (nodeId: string, ancestor: string) => pathOf(nodeId).includes(ancestor);
  const scope = input.scope_node_id ?? doc.microgrid.root_node_id;

  // §1 limits.
  const active: EnvelopeCap[] = (input.envelopes ?? []).filter(
    (e) => nodeById.has(e.target_node_id) && envelopeActive(e, t),
  );
  const limits = limitsAt(doc, active, t);

  // Telemetry.
  const samples = input.telemetry?.samples ?? [];
  const assetSamples = (id: string) =>
    samples.filter((s): s is AssetSample => 'asset_id' in s && s.asset_id === id);
  const loadControl = (input.capability_status ?? [])
    .filter((s) => s.capability === 'LOAD_CONTROL' && s.state === 'ACTIVE' && nodeById.has(s.scope_node_id))
    .map((s) => s.scope_node_id);
  const previous = new Map<string, number>();
  for (const p of input.previous_setpoints ?? [])
    previous.set(p.asset_id, Math.max(previous.get(p.asset_id) ?? -Infinity, kwToW(p.setpoint_kw)));

  // §2 chargers.
  const assets = [...doc.assets].sort((a, b) => compareIds(a.id, b.id));
  const chargers = assets.filter((a) => a.kind === 'CHARGER');
  interface ChargerState {
    asset: Asset;
    sample: AssetSample | null;
    state: SetpointResult['state'];
    counted: number;
    demandW: number;
    priority: number;
    external: string[];
  }
  const states: ChargerState[] = chargers.map((asset) => {
    const sample = latestAssetSample(assetSamples(asset.id), t);
    const ratingW = kwToW(asset.rating_kw!);
    const priority = sample?.priority ?? 5;
    if (!sample || sample.connected !== true)
      return { asset, sample, state: 'DISCONNECTED', counted: 0, demandW: 0, priority, external: [] };
    const demandW = Math.min(kwToW(sample.requested_kw ?? asset.rating_kw!), ratingW);
    const external = loadControl.filter((s) => isUnder(asset.node_id, s));
    if (external.length > 0)
      return {
        asset,
        sample,
        state: 'EXTERNAL',
        counted: fresh(sample.at) ? kwToW(sample.power_kw) : ratingW,
        demandW,
        priority,
        external,
      };
    if (!isUnder(asset.node_id, scope))
      return {
        asset,
        sample,
        state: 'OUT_OF_SCOPE',
        counted: previous.get(asset.id) ?? 0,
        demandW,
        priority,
        external,
      };
    return { asset, sample, state: 'DISPATCHED', counted: 0, demandW, priority, external };
  });
  const fixedUnder = (nodeId: string) =>
    states
      .filter(
        (s) => (s.state === 'EXTERNAL' || s.state === 'OUT_OF_SCOPE') && isUnder(s.asset.node_id, nodeId),
      )
      .reduce((sum, s) => sum + s.counted, 0);

  // §3 non-controllable demand.
  const fallbackInputs: FallbackInput[] = [];
  const ncValue = new Map<string, number>();
  const lacking = new Set<string>();
  const failSafeNodes = new Set<string>();
  for (const asset of assets.filter((a) => a.kind !== 'CHARGER')) {
    const sample = latestAssetSample(assetSamples(asset.id), t);
    if (sample && fresh(sample.at)) {
      ncValue.set(asset.id, kwToW(sample.power_kw));
      continue;
    }
    lacking.add(asset.id);
    const ageMs = sample ? t - parseInstant(sample.at) : null;
    const ageS = ageMs === null ? null : ageMs / 1000;
    const base = {
      asset_id: asset.id,
      node_id: asset.node_id,
      last_sample_at: sample ? formatInstant(parseInstant(sample.at)) : null,
      age_s: ageS,
      reason: sample ? ('STALE' as const) : ('MISSING' as const),
    };
    if (asset.kind === 'PV') {
      ncValue.set(asset.id, 0);
      fallbackInputs.push({ ...base, fallback_source: 'PV_ZERO', fallback_kw: 0 });
    } else if (asset.fallback_kw !== undefined && (ageMs === null || ageMs <= failS * 1000)) {
      ncValue.set(asset.id, kwToW(asset.fallback_kw));
      fallbackInputs.push({
        ...base,
        fallback_source: 'FALLBACK_KW',
        fallback_kw: wToKw(kwToW(asset.fallback_kw)),
      });
    } else {
      ncValue.set(asset.id, 0);
      failSafeNodes.add(asset.node_id);
      fallbackInputs.push({ ...base, fallback_source: 'NONE', fallback_kw: null });
    }
  }
  const ncAssets = assets.filter((a) => a.kind !== 'CHARGER');
  const ncUnder = (nodeId: string) =>
    ncAssets.filter((a) => isUnder(a.node_id, nodeId)).reduce((sum, a) => sum + ncValue.get(a.id)!, 0);
  const derived = (nodeId: string) => ncAssets.some((a) => lacking.has(a.id) && isUnder(a.node_id, nodeId));
  const failSafe = failSafeNodes.size > 0;

  // §4 allocation.
  const dispatchable: Dispatchable[] = states
    .filter((s) => s.state === 'DISPATCHED')
    .map((s) => ({
      id: s.asset.id,
      node: s.asset.node_id,
      demandW: s.demandW,
      minW: kwToW(s.asset.min_kw ?? 0),
      priority: s.priority,
    }));
  const limitOf = (nodeId: string) => limits.nodes.get(nodeId)!;
  const constraints: Constraint[] = [];
  for (const id of nodeIds) {
    constraints.push({
      kind: 'NODE',
      node: id,
      limitW: limitOf(id).limitW,
      baseW: ncUnder(id) + fixedUnder(id),
      chargers: new Set(dispatchable.filter((c) => isUnder(c.node, id)).map((c) => c.id)),
    });
  }
  for (const [nodeId, agg] of limits.aggregates) {
    if (!nodeById.has(nodeId)) continue;
    constraints.push({
      kind: 'AGGREGATE',
      node: nodeId,
      limitW: agg.cap.capW,
      baseW: fixedUnder(nodeId),
      chargers: new Set(dispatchable.filter((c) => isUnder(c.node, nodeId)).map((c) => c.id)),
    });
  }
  const dropped = new Set<string>();
  let value = new Map<string, number>();
  let saturated = new Set<Constraint>();
  if (!failSafe) {
    for (;;) {
      const kept = dispatchable.filter((c) => !dropped.has(c.id));
      ({ value, saturated } = allocateLiterally(
        kept,
        constraints.map((x) => ({
          ...x,
          chargers: new Set([...x.chargers].filter((id) => !dropped.has(id))),
        })),
      ));
      // The constraint objects were copied: find saturation by (kind, node).
      const under = kept.filter((c) => value.get(c.id)! > 0 && value.get(c.id)! < c.minW);
      if (under.length === 0) break;
      under.sort((a, b) => a.priority - b.priority || compareIds(b.id, a.id));
      dropped.add(under[0]!.id);
    }
  }
  const isSaturated = (kind: Constraint['kind'], node: string) =>
    [...saturated].some((x) => x.kind === kind && x.node === node);

  // §5 reasons and the result.
  const failSafeReasons: ReasonEntry[] = rankReasons(
    [...failSafeNodes].map((node) => ({ code: 'FAIL_SAFE_FALLBACK_UNAVAILABLE' as const, node_id: node })),
  );
  const setpoints: SetpointResult[] = states.map((s) => {
    const base = {
      asset_id: s.asset.id,
      node_id: s.asset.node_id,
      state: s.state,
      priority: s.priority,
      requested_kw: wToKw(s.demandW),
    };
    if (s.state === 'DISCONNECTED') return { ...base, setpoint_kw: 0, reason_codes: [] };
    if (s.state === 'EXTERNAL')
      return {
        ...base,
        setpoint_kw: null,
        reason_codes: rankReasons(
          s.external.map((n) => ({ code: 'EXTERNAL_CONTROL_ACTIVE' as const, node_id: n })),
        ),
      };
    if (s.state === 'OUT_OF_SCOPE') return { ...base, setpoint_kw: wToKw(s.counted), reason_codes: [] };
    if (failSafe) return { ...base, setpoint_kw: 0, reason_codes: failSafeReasons };
    const got = value.get(s.asset.id) ?? 0;
    const reasons: ReasonEntry[] = [];
    if (got < s.demandW) {
      for (const n of pathOf(s.asset.node_id)) {
        const l = limitOf(n);
        if (isSaturated('NODE', n)) reasons.push({ code: l.bindingSource, node_id: n });
        if (isSaturated('AGGREGATE', n)) reasons.push({ code: 'AGGREGATE_LIMIT', node_id: n });
        if (ncUnder(n) + fixedUnder(n) >= l.limitW)
          reasons.push({ code: 'NON_CONTROLLABLE_EXCEEDS_LIMIT', node_id: n });
        if (derived(n)) reasons.push({ code: 'TELEMETRY_FALLBACK_DERIVED', node_id: n });
      }
      if (dropped.has(s.asset.id)) reasons.push({ code: 'BELOW_MINIMUM_POWER', node_id: s.asset.node_id });
    }
    return { ...base, setpoint_kw: wToKw(got), reason_codes: rankReasons(reasons) };
  });

  const nodes: NodeResult[] = nodeIds.map((id) => {
    const l = limitOf(id);
    const nc = ncUnder(id);
    const fixed = fixedUnder(id);
    const allocated = dispatchable
      .filter((c) => isUnder(c.node, id))
      .reduce((sum, c) => sum + (failSafe ? 0 : (value.get(c.id) ?? 0)), 0);
    return {
      node_id: id,
      effective_limit_kw: wToKw(l.limitW),
      binding_source: l.bindingSource,
      non_controllable_kw: wToKw(nc),
      fixed_kw: wToKw(fixed),
      allocated_kw: wToKw(allocated),
      headroom_kw: wToKw(l.limitW - nc - fixed - allocated),
      source_mode: derived(id) ? 'FALLBACK_DERIVED' : 'MEASURED',
    };
  });

  // §6 breaches.
  const breaches: BreachResult[] = [];
  for (const id of nodeIds) {
    const node = nodeById.get(id)!;
    const sample = latestNodeSample(
      samples.filter((s): s is NodeSample => 'node_id' in s && s.node_id === id),
      t,
    );
    if (!node.metered || !sample || !fresh(sample.at)) continue;
    const l = limitOf(id);
    const measuredW = kwToW(sample.demand_kw);
    if (measuredW <= l.limitW) continue;
    const reasons: ReasonEntry[] = [{ code: l.bindingSource, node_id: id }];
    if (ncUnder(id) > l.limitW) reasons.push({ code: 'NON_CONTROLLABLE_EXCEEDS_LIMIT', node_id: id });
    let excessW = 0;
    for (const s of states) {
      if (!isUnder(s.asset.node_id, id) || !previous.has(s.asset.id) || !s.sample || !fresh(s.sample.at))
        continue;
      excessW += kwToW(s.sample.power_kw) - previous.get(s.asset.id)!;
    }
    if (excessW > 1000) reasons.push({ code: 'CHARGER_NONCOMPLIANCE', node_id: id });
    if (derived(id)) reasons.push({ code: 'TELEMETRY_FALLBACK_DERIVED', node_id: id });
    const ranked = rankReasons(reasons);
    breaches.push({
      node_id: id,
      measured_kw: wToKw(measuredW),
      limit_kw: wToKw(l.limitW),
      excess_kw: wToKw(measuredW - l.limitW),
      binding_source: l.bindingSource,
      reason_codes: ranked,
      primary_reason_code: ranked[0]!.code,
    });
  }

  return {
    cycle_id:
      options.cycleId ??
      defaultCycleId(doc.microgrid.id, t, input.scope_node_id ?? null, doc.microgrid.root_node_id),
    microgrid_id: doc.microgrid.id,
    scope_node_id: scope,
    trigger: options.trigger ?? 'CANONICAL_REQUEST',
    legacy_circuit_id: options.legacyCircuitId ?? null,
    at: formatInstant(t),
    config_version: doc.version ?? null,
    source_mode: nodes.some((n) => n.source_mode === 'FALLBACK_DERIVED') ? 'FALLBACK_DERIVED' : 'MEASURED',
    outcome: failSafe ? 'FAIL_SAFE' : 'APPLIED',
    reason_codes: failSafeReasons,
    setpoints,
    nodes,
    fallback: { stale_after_s: staleS, fail_safe_after_s: failS, inputs: fallbackInputs },
    breaches,
  };
}
