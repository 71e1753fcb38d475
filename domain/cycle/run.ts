// runCycle: one cycle of cycle.md §1–7 at instant `at`, pure and deterministic. The tree is
// compiled into typed arrays once per call (node indices in id order, preorder intervals), samples
// are joined to assets by a merge over id-sorted lists (no per-call map of every asset id), the
// local time for TOU windows is computed once, and the allocation runs event by event
// (allocate.ts). reference.ts is the literal, slow version this must agree with.
import type { BindingSource } from '../limits/effective.ts';
import { bindingOf } from '../limits/effective.ts';
import type { ActiveCap } from '../limits/tou.ts';
import { parseClock } from '../validation/limits.ts';
import { formatInstant } from '../instant.ts';
import { localTimeAt, type LocalTime } from '../local-time.ts';
import {
  DEFAULT_FAIL_SAFE_AFTER_S,
  DEFAULT_STALE_AFTER_S,
  type LimitPolicy,
  type MicrogridNode,
} from '../model.ts';
import { kwToW, wToKw } from '../units.ts';
import { allocate } from './allocate.ts';
import { defaultCycleId } from './identity.ts';
import { instantMs } from './instant-fast.ts';
import { REASON_RANK } from './reasons.ts';
import { REASON_CODES } from './types.ts';
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

/** A caller handed runCycle something a validated cycle input cannot contain. */
export class CycleInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Positions of `items` in id order (plain code-unit order); the identity when already sorted. */
function idOrder<T>(items: readonly T[], key: (t: T) => string): Int32Array {
  const n = items.length;
  const order = new Int32Array(n);
  let sorted = true;
  let prev = '';
  for (let i = 0; i < n; i++) {
    order[i] = i;
    const k = key(items[i]!);
    if (i > 0 && k < prev) sorted = false;
    prev = k;
  }
  if (sorted) return order;
  const idx = Array.from(order);
  idx.sort((a, b) => {
    const ka = key(items[a]!);
    const kb = key(items[b]!);
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });
  return Int32Array.from(idx);
}

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
 * activeCapAtLocal(compilePolicy(p), local) without building the compiled form: the first window
 * of the schedule containing the local time, else the hard cap. Same answer, no Set per window.
 */
function policyCapAt(p: LimitPolicy, local: LocalTime): ActiveCap {
  for (let i = 0; i < p.schedule.length; i++) {
    const w = p.schedule[i]!;
    if (!w.days.includes(local.day)) continue;
    const start = parseClock(w.start, false);
    const end = parseClock(w.end, true);
    if (start !== null && end !== null && start <= local.minute && local.minute < end)
      return { capW: kwToW(w.cap_kw!), source: 'TOU_SCHEDULED_CAP', windowIndex: i };
  }
  return {
    capW: kwToW(p.hard_cap_kw!),
    source: p.scope === 'NODE' ? 'NODE_HARD_CAP' : 'AGGREGATE_LIMIT',
    windowIndex: null,
  };
}

const STATE_DISCONNECTED = 0;
const STATE_EXTERNAL = 1;
const STATE_OUT_OF_SCOPE = 2;
const STATE_DISPATCHED = 3;
const STATE_NAMES: ChargerState[] = ['DISCONNECTED', 'EXTERNAL', 'OUT_OF_SCOPE', 'DISPATCHED'];
const KIND_CHARGER = 0;
const KIND_PV = 1;
const KIND_OTHER = 2;
/** Reason lists are shared between chargers with the same reasons, so they are frozen. */
const NO_REASONS: readonly ReasonEntry[] = Object.freeze([]);

/** How the allocation went: for benchmarks and tests; never part of the result. */
export interface CycleStats {
  dispatchable: number;
  drops: number;
  relevels: number;
  localReruns: number;
  fullReruns: number;
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

  // ---- Topology: node index = rank of its id; preorder intervals for subtrees. ----
  const N = doc.nodes.length;
  const nodeOrder = idOrder(doc.nodes, (n) => n.id);
  const nodes: MicrogridNode[] = new Array<MicrogridNode>(N);
  const nodeIndex = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const node = doc.nodes[nodeOrder[i]!]!;
    nodes[i] = node;
    nodeIndex.set(node.id, i);
  }
  const root = nodeIndex.get(doc.microgrid.root_node_id);
  if (root === undefined)
    throw new CycleInputError(
      'TOPOLOGY_ROOT_INVALID',
      `root_node_id ${doc.microgrid.root_node_id} names no node`,
    );
  const parent = new Int32Array(N);
  const childCount = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) {
    const pid = nodes[i]!.parent_id;
    const p = pid === null ? -1 : (nodeIndex.get(pid) ?? -1);
    parent[i] = i === root ? -1 : p;
    if (i !== root && p >= 0) childCount[p + 1]!++;
  }
  for (let i = 0; i < N; i++) childCount[i + 1]! += childCount[i]!;
  const childList = new Int32Array(Math.max(0, N - 1));
  {
    const fill = childCount.slice();
    for (let i = 0; i < N; i++) if (parent[i]! >= 0) childList[fill[parent[i]!]!++] = i;
  }
  const tin = new Int32Array(N).fill(-1);
  const tout = new Int32Array(N);
  const depth = new Int32Array(N);
  const order = new Int32Array(N);
  {
    const stack = new Int32Array(N);
    let sp = 0;
    let k = 0;
    stack[sp++] = root;
    while (sp > 0) {
      const v = stack[--sp]!;
      tin[v] = k;
      order[k++] = v;
      for (let c = childCount[v + 1]! - 1; c >= childCount[v]!; c--) {
        const w = childList[c]!;
        depth[w] = depth[v]! + 1;
        stack[sp++] = w;
      }
    }
    if (k !== N)
      throw new CycleInputError(
        'TOPOLOGY_INVALID',
        'runCycle needs a valid microgrid: some node is not reachable from the root (validate the document first)',
      );
    const size = new Int32Array(N).fill(1);
    for (let j = N - 1; j > 0; j--) {
      const v = order[j]!;
      size[parent[v]!]! += size[v]!;
    }
    for (let v = 0; v < N; v++) tout[v] = tin[v]! + size[v]!;
  }
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
  const policyCap: (ActiveCap | null)[] = new Array<ActiveCap | null>(N).fill(null);
  const aggCapAt = new Float64Array(N).fill(NaN);
  for (const p of doc.limits) {
    const n = nodeIndex.get(p.node_id);
    if (n === undefined) continue;
    const cap = policyCapAt(p, local);
    if (p.scope === 'NODE') policyCap[n] = cap;
    else aggCapAt[n] = cap.capW;
  }
  const envelopeW = new Float64Array(N).fill(Infinity);
  for (const e of input.envelopes ?? []) {
    const n = nodeIndex.get(e.target_node_id);
    if (n === undefined || !envelopeActiveAt(e, t)) continue;
    const w = kwToW(e.capacity_kw);
    if (w < envelopeW[n]!) envelopeW[n] = w;
  }
  const limitW = new Float64Array(N);
  const binding: BindingSource[] = new Array<BindingSource>(N);
  for (let n = 0; n < N; n++) {
    const env = envelopeW[n]!;
    const b = bindingOf(kwToW(nodes[n]!.physical_rating_kw!), policyCap[n]!, env === Infinity ? null : env);
    limitW[n] = b.limitW;
    binding[n] = b.source;
  }

  // ---- §2 External control and scope. ----
  const extScope = new Uint8Array(N);
  for (const s of input.capability_status ?? []) {
    if (s.capability !== 'LOAD_CONTROL' || s.state !== 'ACTIVE') continue;
    const n = nodeIndex.get(s.scope_node_id);
    if (n !== undefined) extScope[n] = 1;
  }
  const extUnder = new Uint8Array(N);
  for (let k = 0; k < N; k++) {
    const v = order[k]!;
    extUnder[v] = extScope[v] || (parent[v]! >= 0 && extUnder[parent[v]!]) ? 1 : 0;
  }
  const scopeLo = tin[scopeNode]!;
  const scopeHi = tout[scopeNode]!;

  // ---- Assets in id order, their fields read once. ----
  const assetsIn = doc.assets;
  const M = assetsIn.length;
  const assetOrder = idOrder(assetsIn, (a) => a.id);
  const assetId: string[] = new Array<string>(M);
  const assetKind = new Uint8Array(M);
  const assetNode = new Int32Array(M);
  let chargerCount = 0;
  for (let p = 0; p < M; p++) {
    const a = assetsIn[assetOrder[p]!]!;
    assetId[p] = a.id;
    const n = nodeIndex.get(a.node_id);
    if (n === undefined)
      throw new CycleInputError(
        'ASSET_NODE_MISSING',
        `asset ${a.id} is on node ${a.node_id}, which is not a node (validate the document first)`,
      );
    assetNode[p] = n;
    const kind = a.kind === 'CHARGER' ? KIND_CHARGER : a.kind === 'PV' ? KIND_PV : KIND_OTHER;
    assetKind[p] = kind;
    if (kind === KIND_CHARGER) chargerCount++;
  }

  // ---- Telemetry: node samples directly; asset samples joined by a merge over id order. ----
  let lastAt = '';
  let lastMs = NaN;
  const ms = (at: string): number => {
    if (at !== lastAt) {
      lastMs = instantMs(at);
      lastAt = at;
    }
    return lastMs;
  };
  const samples = input.telemetry?.samples ?? [];
  const nodeSample: (NodeSample | null)[] = new Array<NodeSample | null>(N).fill(null);
  const nodeSampleMs = new Float64Array(N);
  const assetSampleIdx = new Int32Array(samples.length);
  let S = 0;
  let samplesSorted = true;
  let prevSampleId = '';
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const assetRef = (s as AssetSample).asset_id;
    if (assetRef !== undefined) {
      if (S > 0 && assetRef < prevSampleId) samplesSorted = false;
      prevSampleId = assetRef;
      assetSampleIdx[S++] = i;
      continue;
    }
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
  let sampleOrder: Int32Array | number[] = assetSampleIdx;
  if (!samplesSorted) {
    const idx = Array.from(assetSampleIdx.subarray(0, S));
    idx.sort((a, b) => {
      const ka = (samples[a] as AssetSample).asset_id;
      const kb = (samples[b] as AssetSample).asset_id;
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    sampleOrder = idx;
  }
  const previousW = new Float64Array(M).fill(NaN);
  {
    const prev = input.previous_setpoints ?? [];
    const prevOrder = idOrder(prev, (p) => p.asset_id);
    let j = 0;
    for (let p = 0; p < M && j < prev.length; p++) {
      const id = assetId[p]!;
      while (j < prev.length && prev[prevOrder[j]!]!.asset_id < id) j++;
      for (; j < prev.length && prev[prevOrder[j]!]!.asset_id === id; j++) {
        const w = kwToW(prev[prevOrder[j]!]!.setpoint_kw);
        if (Number.isNaN(previousW[p]!) || w > previousW[p]!) previousW[p] = w;
      }
    }
  }

  // ---- §2 Chargers and §3 non-controllable demand, classified as the join goes. ----
  const chargerAsset = new Int32Array(chargerCount);
  /** The measured power of each charger's latest sample (NaN: none), for charger non-compliance. */
  const chargerPowerW = new Float64Array(chargerCount).fill(NaN);
  const chargerFresh = new Uint8Array(chargerCount);
  const state = new Uint8Array(chargerCount);
  const chargerDemandW = new Float64Array(chargerCount);
  const chargerPriority = new Int32Array(chargerCount);
  const fixedCounted = new Float64Array(chargerCount);
  const fixedDirect = new Float64Array(N);
  const ncDirect = new Float64Array(N);
  const lackDirect = new Float64Array(N);
  const fallbackInputs: FallbackInput[] = [];
  const failSafeNode = new Uint8Array(N);
  let failSafe = false;
  let D = 0;
  {
    let j = 0;
    let k = 0;
    for (let p = 0; p < M; p++) {
      const id = assetId[p]!;
      while (j < S && (samples[sampleOrder[j]!] as AssetSample).asset_id < id) j++;
      let best: AssetSample | null = null;
      let bestMs = 0;
      for (; j < S; j++) {
        const s = samples[sampleOrder[j]!] as AssetSample;
        if (s.asset_id !== id) break;
        const at = ms(s.at);
        if (at > t) continue;
        if (!best || at > bestMs || (at === bestMs && assetSampleWins(s, best))) {
          best = s;
          bestMs = at;
        }
      }
      const fresh = best !== null && t - bestMs <= staleMs;
      const n = assetNode[p]!;
      const a = assetsIn[assetOrder[p]!]!;
      if (assetKind[p] === KIND_CHARGER) {
        chargerAsset[k] = p;
        if (best) chargerPowerW[k] = kwToW(best.power_kw);
        chargerFresh[k] = fresh ? 1 : 0;
        chargerPriority[k] = best?.priority ?? 5;
        if (!best || best.connected !== true) {
          state[k] = STATE_DISCONNECTED;
        } else {
          const ratingW = kwToW(a.rating_kw!);
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
        ncDirect[n]! += kwToW(best!.power_kw);
        continue;
      }
      lackDirect[n] = 1;
      const ageMs = best ? t - bestMs : null;
      const entry = {
        asset_id: id,
        node_id: a.node_id,
        last_sample_at: best ? formatInstant(bestMs) : null,
        age_s: ageMs === null ? null : ageMs / 1000,
        reason: best ? ('STALE' as const) : ('MISSING' as const),
      };
      if (assetKind[p] === KIND_PV) {
        fallbackInputs.push({ ...entry, fallback_source: 'PV_ZERO', fallback_kw: 0 });
      } else if (a.fallback_kw !== undefined && (ageMs === null || ageMs <= failMs)) {
        const w = kwToW(a.fallback_kw);
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
  const valueW = new Float64Array(C);
  const droppedBy = new Uint8Array(C);
  const nodeSaturated = new Uint8Array(N);
  const aggSaturatedAt = new Uint8Array(N);
  const stats: CycleStats = { dispatchable: D, drops: 0, relevels: 0, localReruns: 0, fullReruns: 0 };
  const aggNodes: number[] = [];
  for (let n = 0; n < N; n++) if (!Number.isNaN(aggCapAt[n]!)) aggNodes.push(n);
  if (!failSafe && D > 0) {
    const dispatch = new Int32Array(D);
    const chargerNode = new Int32Array(D);
    const demandW = new Float64Array(D);
    const minW = new Float64Array(D);
    const priority = new Int32Array(D);
    let d = 0;
    for (let k = 0; k < C; k++) {
      if (state[k] !== STATE_DISPATCHED) continue;
      const p = chargerAsset[k]!;
      dispatch[d] = k;
      chargerNode[d] = assetNode[p]!;
      demandW[d] = chargerDemandW[k]!;
      minW[d] = kwToW(assetsIn[assetOrder[p]!]!.min_kw ?? 0);
      priority[d] = chargerPriority[k]!;
      d++;
    }
    const nodeRoomW = new Float64Array(N);
    for (let n = 0; n < N; n++) nodeRoomW[n] = limitW[n]! - ncW[n]! - fixedW[n]!;
    const aggNode = Int32Array.from(aggNodes);
    const aggRoomW = Float64Array.from(aggNodes, (n) => aggCapAt[n]! - fixedW[n]!);
    const result = allocate({
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
    });
    for (let j = 0; j < D; j++) {
      valueW[dispatch[j]!] = result.valueW[j]!;
      droppedBy[dispatch[j]!] = result.dropped[j]!;
    }
    nodeSaturated.set(result.nodeSaturated);
    for (let a = 0; a < aggNodes.length; a++) aggSaturatedAt[aggNodes[a]!] = result.aggSaturated[a]!;
    Object.assign(stats, result.stats);
  }
  const allocDirect = new Float64Array(N);
  for (let k = 0; k < C; k++)
    if (state[k] === STATE_DISPATCHED) allocDirect[assetNode[chargerAsset[k]!]!]! += valueW[k]!;
  const allocatedW = accumulate(allocDirect);

  // ---- §5 Reasons: entry objects shared per (code, node), frozen lists shared per node. ----
  const entryCache = new Map<number, ReasonEntry>();
  const entry = (code: ReasonCode, n: number): ReasonEntry => {
    const key = REASON_RANK[code] * N + n;
    let e = entryCache.get(key);
    if (!e) {
      e = Object.freeze({ code, node_id: nodes[n]!.id });
      entryCache.set(key, e);
    }
    return e;
  };
  const fromKeys = (keys: number[]): readonly ReasonEntry[] => {
    keys.sort((a, b) => a - b);
    const out: ReasonEntry[] = [];
    for (let i = 0; i < keys.length; i++) {
      if (i > 0 && keys[i] === keys[i - 1]) continue;
      const k = keys[i]!;
      out.push(entry(REASON_CODES[Math.floor(k / N)]!, k % N));
    }
    return Object.freeze(out);
  };
  const ncel = new Uint8Array(N);
  for (let n = 0; n < N; n++) ncel[n] = ncW[n]! + fixedW[n]! >= limitW[n]! ? 1 : 0;
  const shortfallAt: (readonly ReasonEntry[] | undefined)[] = new Array<readonly ReasonEntry[] | undefined>(
    N,
  );
  const droppedAt: (readonly ReasonEntry[] | undefined)[] = new Array<readonly ReasonEntry[] | undefined>(N);
  const externalAt: (readonly ReasonEntry[] | undefined)[] = new Array<readonly ReasonEntry[] | undefined>(N);
  const shortfallKeys = (n0: number): number[] => {
    const keys: number[] = [];
    for (let n = n0; n >= 0; n = parent[n]!) {
      if (nodeSaturated[n]) keys.push(REASON_RANK[binding[n]!] * N + n);
      if (aggSaturatedAt[n]) keys.push(REASON_RANK.AGGREGATE_LIMIT * N + n);
      if (ncel[n]) keys.push(REASON_RANK.NON_CONTROLLABLE_EXCEEDS_LIMIT * N + n);
      if (derived[n]!) keys.push(REASON_RANK.TELEMETRY_FALLBACK_DERIVED * N + n);
    }
    return keys;
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
            const keys = shortfallKeys(n);
            keys.push(REASON_RANK.BELOW_MINIMUM_POWER * N + n);
            list = droppedAt[n] = fromKeys(keys);
          }
          reasons = list;
        } else {
          let list = shortfallAt[n];
          if (!list) list = shortfallAt[n] = fromKeys(shortfallKeys(n));
          reasons = list;
        }
      }
    }
    setpoints[k] = {
      asset_id: assetId[p]!,
      node_id: nodes[n]!.id,
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
      node_id: nodes[n]!.id,
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
    if (!s || !nodes[n]!.metered || t - nodeSampleMs[n]! > staleMs) continue;
    const measuredW = kwToW(s.demand_kw);
    if (measuredW <= limitW[n]!) continue;
    if (!excessW) {
      const direct = new Float64Array(N);
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
      node_id: nodes[n]!.id,
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
    scope_node_id: nodes[scopeNode]!.id,
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
