// runCycle: one cycle of cycle.md §1–7 at instant `at`, pure and deterministic. The tree is
// compiled into typed arrays once per call (node indices in id order, preorder intervals), samples
// are joined to assets by a merge over id-sorted lists (no per-call map of every asset id), the
// local time for TOU windows is computed once, and the allocation runs event by event
// (allocate.ts). reference.ts is the literal, slow version this must agree with.
import { bindingOf } from '../limits/effective.ts';
import type { ActiveCap } from '../limits/tou.ts';
import { formatInstant } from '../instant.ts';
import { localTimeAt } from '../local-time.ts';
import { DEFAULT_FAIL_SAFE_AFTER_S, DEFAULT_STALE_AFTER_S } from '../model.ts';
import { kwToW, wToKw } from '../units.ts';
import { allocate, noDrops, type DropStats } from './allocate.ts';
import {
  compiledMicrogrid,
  CycleInputError,
  dayBit,
  KIND_CHARGER,
  KIND_PV,
  type CompiledPolicy,
} from './compile.ts';
import { defaultCycleId } from './identity.ts';
import { instantMs, rememberedInstantMs } from './instant-fast.ts';
import { REASON_RANK } from './reasons.ts';
import { REASON_CODES } from './types.ts';
export { CycleInputError } from './compile.ts';

import type {
  AssetSample,
  BreachResult,
  ChargerState,
  CycleEnvelope,
  CycleInput,
  CycleOptions,
  CycleResult,
  FallbackInput,
  NodeResult,
  NodeSample,
  ReasonCode,
  ReasonEntry,
  SetpointResult,
} from './types.ts';

const connectedRank = (s: AssetSample) => (s.connected === true ? 2 : s.connected === false ? 0 : 1);

/** Same instant: the greatest power, then connected, requested_kw, priority wins (docs/cycle.md). */
function assetSampleWins(s: AssetSample, best: AssetSample): boolean {
  if (s.power_kw !== best.power_kw) return s.power_kw > best.power_kw;
  const c = connectedRank(s) - connectedRank(best);
  if (c !== 0) return c > 0;
  const r = (s.requested_kw ?? -1) - (best.requested_kw ?? -1);
  if (r !== 0) return r > 0;
  return (s.priority ?? -1) > (best.priority ?? -1);
}

function envelopeActiveAt(e: CycleEnvelope, t: number): boolean {
  if (
    (e.status === 'WITHDRAWN' && e.withdrawn_at == null) ||
    (e.status === 'SUPERSEDED' && e.superseded_at == null)
  )
    return false;
  if (e.withdrawn_at != null && t >= instantMs(e.withdrawn_at)) return false;
  if (e.superseded_at != null && t >= instantMs(e.superseded_at)) return false;
  return instantMs(e.valid_from) <= t && t < instantMs(e.valid_to);
}

/**
 * activeCapAtLocal(compilePolicy(p), local) on the compiled policy: the first window of the
 * schedule containing the local time, else the hard cap. `out` is filled and returned.
 */
function policyCapAt(p: CompiledPolicy, day: number, minute: number, out: ActiveCap): ActiveCap {
  const windows = p.windows;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    if ((w.days & day) === 0) continue;
    if (w.start !== null && w.end !== null && w.start <= minute && minute < w.end) {
      out.capW = w.capW;
      out.source = 'TOU_SCHEDULED_CAP';
      out.windowIndex = i;
      return out;
    }
  }
  out.capW = p.hardCapW;
  out.source = p.aggregate ? 'AGGREGATE_LIMIT' : 'NODE_HARD_CAP';
  out.windowIndex = null;
  return out;
}

const STATE_DISCONNECTED = 0;
const STATE_EXTERNAL = 1;
const STATE_OUT_OF_SCOPE = 2;
const STATE_DISPATCHED = 3;
const STATE_NAMES: ChargerState[] = ['DISCONNECTED', 'EXTERNAL', 'OUT_OF_SCOPE', 'DISPATCHED'];
/** Reason keys up to this many are sorted by insertion (see fromKeys). */
const SHORT_KEY_LIST = 8;
/** Reason lists are shared between chargers with the same reasons, so they are frozen. */
const NO_REASONS: readonly ReasonEntry[] = Object.freeze([]);

/** How the allocation went: for benchmarks and tests; never part of the result. */
export interface CycleStats extends DropStats {
  dispatchable: number;
}

export function runCycle(input: CycleInput, options: CycleOptions = {}): CycleResult {
  return runCycleWithStats(input, options).result;
}

export function runCycleWithStats(
  input: CycleInput,
  options: CycleOptions = {},
): { result: CycleResult; stats: CycleStats } {
  const t = instantMs(input.at);
  const doc = input.microgrid;
  const staleS =
    input.settings?.stale_after_s ?? doc.microgrid.settings?.stale_after_s ?? DEFAULT_STALE_AFTER_S;
  const failS =
    input.settings?.fail_safe_after_s ??
    doc.microgrid.settings?.fail_safe_after_s ??
    DEFAULT_FAIL_SAFE_AFTER_S;
  const staleMs = staleS * 1000;
  const failMs = failS * 1000;

  // ---- Topology, assets and policies: compiled once per document (compile.ts). ----
  const cm = compiledMicrogrid(doc);
  const { N, nodeIds, nodeIndex, root, parent, depth, tin, tout, order } = cm;
  /** Adds each node's own value to its ancestors', children before parents. */
  const accumulate = (direct: Float64Array): Float64Array => {
    for (let j = N - 1; j > 0; j--) {
      const v = order[j]!;
      direct[parent[v]!]! += direct[v]!;
    }
    return direct;
  };

  let scopeNode = root;
  if (input.scope_node_id !== undefined) {
    const s = nodeIndex.get(input.scope_node_id);
    if (s === undefined)
      throw new CycleInputError(
        'SCOPE_NODE_MISSING',
        `scope_node_id ${input.scope_node_id} is not a node of microgrid ${doc.microgrid.id}`,
      );
    scopeNode = s;
  }

  // ---- §1 Effective limits. ----
  const local = localTimeAt(doc.microgrid.timezone, t);
  const day = dayBit(local.day);
  const ws = cm.workspace;
  const policyCap = ws.policyCap;
  policyCap.fill(null);
  const aggCapAt = ws.aggCapAt.fill(NaN);
  const aggCap: ActiveCap = { capW: 0, source: 'AGGREGATE_LIMIT', windowIndex: null };
  for (const p of cm.policies) {
    const n = p.node;
    if (n < 0) continue;
    if (p.aggregate) aggCapAt[n] = policyCapAt(p, day, local.minute, aggCap).capW;
    else
      policyCap[n] = policyCapAt(p, day, local.minute, {
        capW: 0,
        source: 'NODE_HARD_CAP',
        windowIndex: null,
      });
  }
  const envelopeW = ws.envelopeW.fill(Infinity);
  for (const e of input.envelopes ?? []) {
    const n = nodeIndex.get(e.target_node_id);
    if (n === undefined || !envelopeActiveAt(e, t)) continue;
    const w = kwToW(e.capacity_kw);
    if (w < envelopeW[n]!) envelopeW[n] = w;
  }
  const limitW = ws.limitW;
  const binding = ws.binding;
  const ratingOfNode = cm.nodeRatingW;
  for (let n = 0; n < N; n++) {
    const env = envelopeW[n]!;
    const b = bindingOf(ratingOfNode[n]!, policyCap[n]!, env === Infinity ? null : env);
    limitW[n] = b.limitW;
    binding[n] = b.source;
  }

  // ---- §2 External control and scope. ----
  const extScope = ws.extScope.fill(0);
  for (const s of input.capability_status ?? []) {
    if (s.capability !== 'LOAD_CONTROL' || s.state !== 'ACTIVE') continue;
    const n = nodeIndex.get(s.scope_node_id);
    if (n !== undefined) extScope[n] = 1;
  }
  const extUnder = ws.extUnder;
  for (let k = 0; k < N; k++) {
    const v = order[k]!;
    extUnder[v] = extScope[v] || (parent[v]! >= 0 && extUnder[parent[v]!]) ? 1 : 0;
  }
  const scopeLo = tin[scopeNode]!;
  const scopeHi = tout[scopeNode]!;

  // ---- Assets in id order (compiled). ----
  if (cm.assetError) throw cm.assetError;
  const M = cm.M;
  const { assetIds: assetId, assetIndex, assetKind, assetNode, chargerCount } = cm;

  // ---- Telemetry: node samples directly; asset samples joined by asset position. ----
  let lastAt = '';
  let lastMs = NaN;
  const ms = (at: string): number => {
    if (at !== lastAt) {
      lastMs = rememberedInstantMs(at);
      lastAt = at;
    }
    return lastMs;
  };
  /** An asset's position: sample lists usually follow id order, so try the next ones before the map. */
  let cursor = 0;
  const positionOf = (id: string): number => {
    if (cursor < M && assetId[cursor] === id) return cursor;
    if (cursor + 1 < M && assetId[cursor + 1] === id) return ++cursor;
    const p = assetIndex.get(id);
    if (p === undefined) return -1;
    cursor = p;
    return p;
  };
  const samples = input.telemetry?.samples ?? [];
  const nodeSample = ws.nodeSample;
  nodeSample.fill(null);
  const nodeSampleMs = ws.nodeSampleMs;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    if ((s as AssetSample).asset_id !== undefined) continue;
    const ns = s as NodeSample;
    const n = nodeIndex.get(ns.node_id);
    const at = ms(ns.at);
    if (n === undefined || at > t) continue;
    const held = nodeSample[n];
    if (!held || at > nodeSampleMs[n]! || (at === nodeSampleMs[n]! && ns.demand_kw > held.demand_kw)) {
      nodeSample[n] = ns;
      nodeSampleMs[n] = at;
    }
  }
  // Per asset, its latest sample at or before t (same instant: assetSampleWins), in input order.
  const bestSample = ws.bestSample;
  bestSample.fill(null);
  const bestMs = ws.bestMs;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as AssetSample;
    const ref = s.asset_id;
    if (ref === undefined) continue;
    const p = positionOf(ref);
    if (p < 0) continue;
    const at = ms(s.at);
    if (at > t) continue;
    const best = bestSample[p];
    if (!best || at > bestMs[p]! || (at === bestMs[p]! && assetSampleWins(s, best))) {
      bestSample[p] = s;
      bestMs[p] = at;
    }
  }
  const previousW = ws.previousW.fill(NaN);
  {
    const prev = input.previous_setpoints ?? [];
    cursor = 0;
    for (let i = 0; i < prev.length; i++) {
      const p = positionOf(prev[i]!.asset_id);
      if (p < 0) continue;
      const w = kwToW(prev[i]!.setpoint_kw);
      if (Number.isNaN(previousW[p]!) || w > previousW[p]!) previousW[p] = w;
    }
  }

  // ---- §2 Chargers and §3 non-controllable demand. ----
  const chargerAsset = ws.chargerAsset;
  /** The measured power of each charger's latest sample (NaN: none), for charger non-compliance. */
  const chargerPowerW = ws.chargerPowerW.fill(NaN);
  const chargerFresh = ws.chargerFresh;
  const state = ws.state;
  const chargerDemandW = ws.chargerDemandW.fill(0);
  const chargerPriority = ws.chargerPriority;
  const fixedCounted = ws.fixedCounted.fill(0);
  const fixedDirect = ws.fixedW.fill(0);
  const ncDirect = ws.ncW.fill(0);
  const lackDirect = ws.derived.fill(0);
  const fallbackInputs: FallbackInput[] = [];
  const failSafeNode = ws.failSafeNode.fill(0);
  const { assetRatingW, assetFallbackW, assetNodeId } = cm;
  let failSafe = false;
  let D = 0;
  {
    let k = 0;
    for (let p = 0; p < M; p++) {
      const best = bestSample[p]!;
      const fresh = best !== null && t - bestMs[p]! <= staleMs;
      const n = assetNode[p]!;
      if (assetKind[p] === KIND_CHARGER) {
        chargerAsset[k] = p;
        if (best) chargerPowerW[k] = kwToW(best.power_kw);
        chargerFresh[k] = fresh ? 1 : 0;
        chargerPriority[k] = best?.priority ?? 5;
        if (!best || best.connected !== true) {
          state[k] = STATE_DISCONNECTED;
        } else {
          const ratingW = assetRatingW[p]!;
          const requestedW = best.requested_kw === undefined ? ratingW : kwToW(best.requested_kw);
          chargerDemandW[k] = requestedW < ratingW ? requestedW : ratingW;
          if (extUnder[n]) {
            state[k] = STATE_EXTERNAL;
            fixedCounted[k] = fresh ? kwToW(best.power_kw) : ratingW;
            fixedDirect[n]! += fixedCounted[k]!;
          } else if (tin[n]! < scopeLo || tin[n]! >= scopeHi) {
            state[k] = STATE_OUT_OF_SCOPE;
            const prev = previousW[p]!;
            fixedCounted[k] = Number.isNaN(prev) ? 0 : prev;
            fixedDirect[n]! += fixedCounted[k]!;
          } else {
            state[k] = STATE_DISPATCHED;
            D++;
          }
        }
        k++;
        continue;
      }
      if (fresh) {
        ncDirect[n]! += kwToW(best.power_kw);
        continue;
      }
      lackDirect[n] = 1;
      const ageMs = best ? t - bestMs[p]! : null;
      const entry = {
        asset_id: assetId[p]!,
        node_id: assetNodeId[p]!,
        last_sample_at: best ? formatInstant(bestMs[p]!) : null,
        age_s: ageMs === null ? null : ageMs / 1000,
        reason: best ? ('STALE' as const) : ('MISSING' as const),
      };
      if (assetKind[p] === KIND_PV) {
        fallbackInputs.push({ ...entry, fallback_source: 'PV_ZERO', fallback_kw: 0 });
      } else if (!Number.isNaN(assetFallbackW[p]!) && (ageMs === null || ageMs <= failMs)) {
        const w = assetFallbackW[p]!;
        ncDirect[n]! += w;
        fallbackInputs.push({ ...entry, fallback_source: 'FALLBACK_KW', fallback_kw: wToKw(w) });
      } else {
        failSafe = true;
        failSafeNode[n] = 1;
        fallbackInputs.push({ ...entry, fallback_source: 'NONE', fallback_kw: null });
      }
    }
  }
  const C = chargerCount;
  const fixedW = accumulate(fixedDirect);
  const ncW = accumulate(ncDirect);
  const derived = accumulate(lackDirect);

  // ---- §4 Allocation. ----
  const valueW = ws.valueW.fill(0);
  const droppedBy = ws.droppedBy.fill(0);
  const nodeSaturated = ws.nodeSaturated.fill(0);
  const aggSaturatedAt = ws.aggSaturatedAt.fill(0);
  const stats: CycleStats = { dispatchable: D, ...noDrops() };
  const aggNodes: number[] = [];
  for (let n = 0; n < N; n++) if (!Number.isNaN(aggCapAt[n]!)) aggNodes.push(n);
  if (!failSafe && D > 0) {
    const { dispatch, chargerNode, demandW, minW, priority } = ws;
    let d = 0;
    for (let k = 0; k < C; k++) {
      if (state[k] !== STATE_DISPATCHED) continue;
      const p = chargerAsset[k]!;
      dispatch[d] = k;
      chargerNode[d] = assetNode[p]!;
      demandW[d] = chargerDemandW[k]!;
      minW[d] = cm.assetMinW[p]!;
      priority[d] = chargerPriority[k]!;
      d++;
    }
    const nodeRoomW = ws.nodeRoomW;
    for (let n = 0; n < N; n++) nodeRoomW[n] = limitW[n]! - ncW[n]! - fixedW[n]!;
    const aggNode = Int32Array.from(aggNodes);
    const aggRoomW = Float64Array.from(aggNodes, (n) => aggCapAt[n]! - fixedW[n]!);
    const result = allocate(
      {
        nodeCount: N,
        parent,
        depth,
        tin,
        tout,
        order,
        nodeRoomW,
        aggNode,
        aggRoomW,
        chargerCount: D,
        chargerNode,
        demandW,
        minW,
        priority,
      },
      cm.allocation,
    );
    for (let j = 0; j < D; j++) {
      valueW[dispatch[j]!] = result.valueW[j]!;
      droppedBy[dispatch[j]!] = result.dropped[j]!;
    }
    nodeSaturated.set(result.nodeSaturated);
    for (let a = 0; a < aggNodes.length; a++) aggSaturatedAt[aggNodes[a]!] = result.aggSaturated[a]!;
    Object.assign(stats, result.stats);
  }
  const allocDirect = ws.allocatedW.fill(0);
  for (let k = 0; k < C; k++)
    if (state[k] === STATE_DISPATCHED) allocDirect[assetNode[chargerAsset[k]!]!]! += valueW[k]!;
  const allocatedW = accumulate(allocDirect);

  // ---- §5 Reasons: entry objects shared per (code, node), frozen lists shared per node. ----
  const entryCache = cm.entries;
  const entry = (code: ReasonCode, n: number): ReasonEntry => {
    const key = REASON_RANK[code] * N + n;
    let e = entryCache.get(key);
    if (!e) {
      e = Object.freeze({ code, node_id: nodeIds[n]! });
      entryCache.set(key, e);
    }
    return e;
  };
  /** The reason list of the first `count` keys (rank·N + node), sorted in place. */
  const fromKeys = (keys: number[], count = keys.length): readonly ReasonEntry[] => {
    // Usually a handful of keys (a few per node on a path): insertion sort, since
    // Array.prototype.sort with a comparator allocates its work arrays on every call (~9 MB a
    // 100k-charger cycle). Long lists (a deep tree, many fail-safe nodes) are sorted natively.
    if (count <= SHORT_KEY_LIST) {
      for (let i = 1; i < count; i++) {
        const k = keys[i]!;
        let j = i - 1;
        for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
        keys[j + 1] = k;
      }
    } else {
      const sorted = new Float64Array(count);
      for (let i = 0; i < count; i++) sorted[i] = keys[i]!;
      sorted.sort();
      for (let i = 0; i < count; i++) keys[i] = sorted[i]!;
    }
    // Sized exactly: the list is kept in the result, and a pushed-to list reserves 17 slots.
    let distinct = 0;
    for (let i = 0; i < count; i++) if (i === 0 || keys[i] !== keys[i - 1]) distinct++;
    const out = new Array<ReasonEntry>(distinct);
    for (let i = 0, o = 0; i < count; i++) {
      if (i > 0 && keys[i] === keys[i - 1]) continue;
      const k = keys[i]!;
      out[o++] = entry(REASON_CODES[Math.floor(k / N)]!, k % N);
    }
    return Object.freeze(out);
  };
  const ncel = ws.ncel;
  for (let n = 0; n < N; n++) ncel[n] = ncW[n]! + fixedW[n]! >= limitW[n]! ? 1 : 0;
  const { shortfallAt, droppedAt, externalAt } = ws;
  shortfallAt.fill(undefined);
  droppedAt.fill(undefined);
  externalAt.fill(undefined);
  // The keys of every shortfall list go through one scratch list (fromKeys copies what it
  // keeps); a count, not its length, says how many are current, since emptying a list frees it.
  const pathKeys: number[] = [];
  /** The shortfall reasons on node n0's path (and `extra` when ≥ 0): their count in pathKeys. */
  const shortfallKeys = (n0: number, extra: number): number => {
    let count = 0;
    for (let n = n0; n >= 0; n = parent[n]!) {
      if (nodeSaturated[n]) pathKeys[count++] = REASON_RANK[binding[n]!] * N + n;
      if (aggSaturatedAt[n]) pathKeys[count++] = REASON_RANK.AGGREGATE_LIMIT * N + n;
      if (ncel[n]) pathKeys[count++] = REASON_RANK.NON_CONTROLLABLE_EXCEEDS_LIMIT * N + n;
      if (derived[n]!) pathKeys[count++] = REASON_RANK.TELEMETRY_FALLBACK_DERIVED * N + n;
    }
    if (extra >= 0) pathKeys[count++] = extra;
    return count;
  };
  const failSafeKeys: number[] = [];
  for (let n = 0; n < N; n++)
    if (failSafeNode[n]) failSafeKeys.push(REASON_RANK.FAIL_SAFE_FALLBACK_UNAVAILABLE * N + n);
  const failSafeReasons = fromKeys(failSafeKeys);

  const setpoints: SetpointResult[] = new Array<SetpointResult>(C);
  for (let k = 0; k < C; k++) {
    const p = chargerAsset[k]!;
    const n = assetNode[p]!;
    const st = state[k]!;
    let setpoint: number | null;
    let reasons: readonly ReasonEntry[] = NO_REASONS;
    if (st === STATE_DISCONNECTED) setpoint = 0;
    else if (st === STATE_EXTERNAL) {
      setpoint = null;
      let list = externalAt[n];
      if (!list) {
        const keys: number[] = [];
        for (let v = n; v >= 0; v = parent[v]!)
          if (extScope[v]) keys.push(REASON_RANK.EXTERNAL_CONTROL_ACTIVE * N + v);
        list = externalAt[n] = fromKeys(keys);
      }
      reasons = list;
    } else if (st === STATE_OUT_OF_SCOPE) setpoint = wToKw(fixedCounted[k]!);
    else if (failSafe) {
      setpoint = 0;
      reasons = failSafeReasons;
    } else {
      setpoint = wToKw(valueW[k]!);
      if (valueW[k]! < chargerDemandW[k]!) {
        if (droppedBy[k]) {
          let list = droppedAt[n];
          if (!list) {
            const count = shortfallKeys(n, REASON_RANK.BELOW_MINIMUM_POWER * N + n);
            list = droppedAt[n] = fromKeys(pathKeys, count);
          }
          reasons = list;
        } else {
          let list = shortfallAt[n];
          if (!list) list = shortfallAt[n] = fromKeys(pathKeys, shortfallKeys(n, -1));
          reasons = list;
        }
      }
    }
    setpoints[k] = {
      asset_id: assetId[p]!,
      node_id: nodeIds[n]!,
      state: STATE_NAMES[st]!,
      priority: chargerPriority[k]!,
      requested_kw: wToKw(chargerDemandW[k]!),
      setpoint_kw: setpoint,
      reason_codes: reasons as ReasonEntry[],
    };
  }

  // ---- Nodes, breaches (§6) and the result (§7). ----
  const nodeResults: NodeResult[] = new Array<NodeResult>(N);
  let anyDerived = false;
  for (let n = 0; n < N; n++) {
    if (derived[n]!) anyDerived = true;
    nodeResults[n] = {
      node_id: nodeIds[n]!,
      effective_limit_kw: wToKw(limitW[n]!),
      binding_source: binding[n]!,
      non_controllable_kw: wToKw(ncW[n]!),
      fixed_kw: wToKw(fixedW[n]!),
      allocated_kw: wToKw(allocatedW[n]!),
      headroom_kw: wToKw(limitW[n]! - ncW[n]! - fixedW[n]! - allocatedW[n]!),
      source_mode: derived[n]! ? 'FALLBACK_DERIVED' : 'MEASURED',
    };
  }

  const breaches: BreachResult[] = [];
  let excessW: Float64Array | null = null;
  for (let n = 0; n < N; n++) {
    const s = nodeSample[n];
    if (!s || !cm.metered[n] || t - nodeSampleMs[n]! > staleMs) continue;
    const measuredW = kwToW(s.demand_kw);
    if (measuredW <= limitW[n]!) continue;
    if (!excessW) {
      const direct = ws.excessW.fill(0);
      for (let k = 0; k < C; k++) {
        const p = chargerAsset[k]!;
        if (Number.isNaN(previousW[p]!) || !chargerFresh[k]) continue;
        direct[assetNode[p]!]! += chargerPowerW[k]! - previousW[p]!;
      }
      excessW = accumulate(direct);
    }
    const keys = [REASON_RANK[binding[n]!] * N + n];
    if (ncW[n]! > limitW[n]!) keys.push(REASON_RANK.NON_CONTROLLABLE_EXCEEDS_LIMIT * N + n);
    if (excessW[n]! > 1000) keys.push(REASON_RANK.CHARGER_NONCOMPLIANCE * N + n);
    if (derived[n]!) keys.push(REASON_RANK.TELEMETRY_FALLBACK_DERIVED * N + n);
    const reasons = fromKeys(keys);
    breaches.push({
      node_id: nodeIds[n]!,
      measured_kw: wToKw(measuredW),
      limit_kw: wToKw(limitW[n]!),
      excess_kw: wToKw(measuredW - limitW[n]!),
      binding_source: binding[n]!,
      reason_codes: reasons as ReasonEntry[],
      primary_reason_code: reasons[0]!.code,
    });
  }

  const result: CycleResult = {
    cycle_id:
      options.cycleId ??
      defaultCycleId(doc.microgrid.id, t, input.scope_node_id ?? null, doc.microgrid.root_node_id),
    microgrid_id: doc.microgrid.id,
    scope_node_id: nodeIds[scopeNode]!,
    trigger: options.trigger ?? 'CANONICAL_REQUEST',
    legacy_circuit_id: options.legacyCircuitId ?? null,
    at: formatInstant(t),
    config_version: doc.version ?? null,
    source_mode: anyDerived ? 'FALLBACK_DERIVED' : 'MEASURED',
    outcome: failSafe ? 'FAIL_SAFE' : 'APPLIED',
    reason_codes: failSafeReasons as ReasonEntry[],
    setpoints,
    nodes: nodeResults,
    fallback: { stale_after_s: staleS, fail_safe_after_s: failS, inputs: fallbackInputs },
    breaches,
  };
  return { result, stats };
}
