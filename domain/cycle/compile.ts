// A microgrid document compiled for the cycle: nodes and assets in id order with their fields in
// typed arrays, the tree as preorder intervals, and the limit policies with their TOU windows
// parsed. Documents are immutable (domain/ports.ts), and the controller, the desktop store and the
// simulator hand the same document object to every cycle until the configuration changes, so the
// compiled form is kept per document object (a WeakMap: it goes when the document goes).
import { parseClock } from '../validation/limits.ts';
import { DAYS, type Day, type MicrogridDocument, type MicrogridNode } from '../model.ts';
import { kwToW } from '../units.ts';
import type { BindingSource } from '../limits/effective.ts';
import type { ActiveCap } from '../limits/tou.ts';
import { AllocationWorkspace } from './allocate.ts';
import type { AssetSample, NodeSample, ReasonEntry } from './types.ts';

/** A caller handed runCycle something a validated cycle input cannot contain. */
export class CycleInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const KIND_CHARGER = 0;
export const KIND_PV = 1;
export const KIND_OTHER = 2;

/** One TOU window: a bit per day (DAYS order), minutes since local midnight, cap in watts. */
export interface CompiledWindow {
  days: number;
  /** null when the clock text does not parse: such a window never applies. */
  start: number | null;
  end: number | null;
  capW: number;
}

export interface CompiledPolicy {
  /** Index of its node, -1 when the document names no such node (the policy is ignored). */
  node: number;
  aggregate: boolean;
  hardCapW: number;
  windows: CompiledWindow[];
}

export interface CompiledMicrogrid {
  /** The arrays it was compiled from: a different array means a different document. */
  readonly from: { nodes: unknown; assets: unknown; limits: unknown; root: string };
  N: number;
  /** Nodes in id order. */
  nodes: MicrogridNode[];
  nodeIds: string[];
  nodeIndex: Map<string, number>;
  root: number;
  parent: Int32Array;
  depth: Int32Array;
  /** Preorder position, end of the subtree (exclusive), and the node at each position. */
  tin: Int32Array;
  tout: Int32Array;
  order: Int32Array;
  nodeRatingW: Float64Array;
  metered: Uint8Array;
  /** In document order: when two policies of one scope name the same node, the later one counts. */
  policies: CompiledPolicy[];
  M: number;
  /** Assets in id order. */
  assetIds: string[];
  /** Position of each asset id (the first position when a document repeats an id). */
  assetIndex: Map<string, number>;
  assetKind: Uint8Array;
  /** -1 for an asset on a node the document does not have (see assetError). */
  assetNode: Int32Array;
  assetNodeId: string[];
  assetRatingW: Float64Array;
  assetMinW: Float64Array;
  /** NaN when the asset has no fallback_kw. */
  assetFallbackW: Float64Array;
  chargerCount: number;
  /** Thrown by the cycle once its earlier checks pass, as the uncompiled cycle did. */
  assetError: CycleInputError | null;
  /** The arrays a cycle works in, reused by every cycle on this document. */
  workspace: CycleWorkspace;
  /** The allocation's arrays, likewise. */
  allocation: AllocationWorkspace;
  /** Reason entries by rank·N + node: frozen, so results share them. */
  entries: Map<number, ReasonEntry>;
}

/**
 * Per-node, per-asset and per-charger arrays of one cycle. Every cycle fills what it reads before
 * reading it, so nothing carries over from the previous cycle; a result never holds one of them.
 */
export class CycleWorkspace {
  readonly policyCap: (ActiveCap | null)[];
  readonly aggCapAt: Float64Array;
  readonly envelopeW: Float64Array;
  readonly limitW: Float64Array;
  readonly binding: BindingSource[];
  readonly extScope: Uint8Array;
  readonly extUnder: Uint8Array;
  readonly nodeSample: (NodeSample | null)[];
  readonly nodeSampleMs: Float64Array;
  readonly bestSample: (AssetSample | null)[];
  readonly bestMs: Float64Array;
  readonly previousW: Float64Array;
  readonly chargerAsset: Int32Array;
  readonly chargerPowerW: Float64Array;
  readonly chargerFresh: Uint8Array;
  readonly state: Uint8Array;
  readonly chargerDemandW: Float64Array;
  readonly chargerPriority: Int32Array;
  readonly fixedCounted: Float64Array;
  readonly fixedW: Float64Array;
  readonly ncW: Float64Array;
  readonly derived: Float64Array;
  readonly failSafeNode: Uint8Array;
  readonly valueW: Float64Array;
  readonly droppedBy: Uint8Array;
  readonly nodeSaturated: Uint8Array;
  readonly aggSaturatedAt: Uint8Array;
  readonly dispatch: Int32Array;
  readonly chargerNode: Int32Array;
  readonly demandW: Float64Array;
  readonly minW: Float64Array;
  readonly priority: Int32Array;
  readonly nodeRoomW: Float64Array;
  readonly allocatedW: Float64Array;
  readonly excessW: Float64Array;
  readonly ncel: Uint8Array;
  readonly shortfallAt: (readonly ReasonEntry[] | undefined)[];
  readonly droppedAt: (readonly ReasonEntry[] | undefined)[];
  readonly externalAt: (readonly ReasonEntry[] | undefined)[];

  constructor(N: number, M: number, C: number) {
    this.policyCap = new Array<ActiveCap | null>(N).fill(null);
    this.aggCapAt = new Float64Array(N);
    this.envelopeW = new Float64Array(N);
    this.limitW = new Float64Array(N);
    this.binding = new Array<BindingSource>(N).fill('NODE_PHYSICAL_RATING');
    this.extScope = new Uint8Array(N);
    this.extUnder = new Uint8Array(N);
    this.nodeSample = new Array<NodeSample | null>(N).fill(null);
    this.nodeSampleMs = new Float64Array(N);
    this.bestSample = new Array<AssetSample | null>(M).fill(null);
    this.bestMs = new Float64Array(M);
    this.previousW = new Float64Array(M);
    this.chargerAsset = new Int32Array(C);
    this.chargerPowerW = new Float64Array(C);
    this.chargerFresh = new Uint8Array(C);
    this.state = new Uint8Array(C);
    this.chargerDemandW = new Float64Array(C);
    this.chargerPriority = new Int32Array(C);
    this.fixedCounted = new Float64Array(C);
    this.fixedW = new Float64Array(N);
    this.ncW = new Float64Array(N);
    this.derived = new Float64Array(N);
    this.failSafeNode = new Uint8Array(N);
    this.valueW = new Float64Array(C);
    this.droppedBy = new Uint8Array(C);
    this.nodeSaturated = new Uint8Array(N);
    this.aggSaturatedAt = new Uint8Array(N);
    this.dispatch = new Int32Array(C);
    this.chargerNode = new Int32Array(C);
    this.demandW = new Float64Array(C);
    this.minW = new Float64Array(C);
    this.priority = new Int32Array(C);
    this.nodeRoomW = new Float64Array(N);
    this.allocatedW = new Float64Array(N);
    this.excessW = new Float64Array(N);
    this.ncel = new Uint8Array(N);
    this.shortfallAt = new Array<readonly ReasonEntry[] | undefined>(N).fill(undefined);
    this.droppedAt = new Array<readonly ReasonEntry[] | undefined>(N).fill(undefined);
    this.externalAt = new Array<readonly ReasonEntry[] | undefined>(N).fill(undefined);
  }
}

/** Positions of `items` in id order (plain code-unit order); the identity when already sorted. */
export function idOrder<T>(items: readonly T[], key: (t: T) => string): Int32Array {
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

const DAY_BIT = new Map<string, number>(DAYS.map((d, i) => [d, 1 << i]));
export const dayBit = (day: Day): number => DAY_BIT.get(day)!;

function compile(doc: MicrogridDocument): CompiledMicrogrid {
  // ---- Topology: node index = rank of its id; preorder intervals for subtrees. ----
  const N = doc.nodes.length;
  const nodeOrder = idOrder(doc.nodes, (n) => n.id);
  const nodes: MicrogridNode[] = new Array<MicrogridNode>(N);
  const nodeIds: string[] = new Array<string>(N);
  const nodeIndex = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const node = doc.nodes[nodeOrder[i]!]!;
    nodes[i] = node;
    nodeIds[i] = node.id;
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
  const nodeRatingW = new Float64Array(N);
  const metered = new Uint8Array(N);
  for (let n = 0; n < N; n++) {
    nodeRatingW[n] = kwToW(nodes[n]!.physical_rating_kw!);
    metered[n] = nodes[n]!.metered ? 1 : 0;
  }

  // ---- Limit policies, windows parsed once. ----
  const policies: CompiledPolicy[] = [];
  for (const p of doc.limits) {
    policies.push({
      node: nodeIndex.get(p.node_id) ?? -1,
      aggregate: p.scope !== 'NODE',
      hardCapW: kwToW(p.hard_cap_kw!),
      windows: p.schedule.map((w) => {
        let days = 0;
        for (const d of w.days) days |= DAY_BIT.get(d) ?? 0;
        return {
          days,
          start: parseClock(w.start, false),
          end: parseClock(w.end, true),
          capW: kwToW(w.cap_kw!),
        };
      }),
    });
  }

  // ---- Assets in id order, their fields read once. ----
  const assetsIn = doc.assets;
  const M = assetsIn.length;
  const assetOrder = idOrder(assetsIn, (a) => a.id);
  const assetIds: string[] = new Array<string>(M);
  const assetNodeId: string[] = new Array<string>(M);
  const assetIndex = new Map<string, number>();
  const assetKind = new Uint8Array(M);
  const assetNode = new Int32Array(M);
  const assetRatingW = new Float64Array(M);
  const assetMinW = new Float64Array(M);
  const assetFallbackW = new Float64Array(M);
  let chargerCount = 0;
  let assetError: CycleInputError | null = null;
  for (let p = 0; p < M; p++) {
    const a = assetsIn[assetOrder[p]!]!;
    assetIds[p] = a.id;
    assetNodeId[p] = a.node_id;
    if (!assetIndex.has(a.id)) assetIndex.set(a.id, p);
    const n = nodeIndex.get(a.node_id);
    if (n === undefined && assetError === null)
      assetError = new CycleInputError(
        'ASSET_NODE_MISSING',
        `asset ${a.id} is on node ${a.node_id}, which is not a node (validate the document first)`,
      );
    assetNode[p] = n ?? -1;
    const kind = a.kind === 'CHARGER' ? KIND_CHARGER : a.kind === 'PV' ? KIND_PV : KIND_OTHER;
    assetKind[p] = kind;
    if (kind === KIND_CHARGER) chargerCount++;
    assetRatingW[p] = kwToW(a.rating_kw!);
    assetMinW[p] = kwToW(a.min_kw ?? 0);
    assetFallbackW[p] = a.fallback_kw === undefined ? NaN : kwToW(a.fallback_kw);
  }

  return {
    from: { nodes: doc.nodes, assets: doc.assets, limits: doc.limits, root: doc.microgrid.root_node_id },
    N,
    nodes,
    nodeIds,
    nodeIndex,
    root,
    parent,
    depth,
    tin,
    tout,
    order,
    nodeRatingW,
    metered,
    policies,
    M,
    assetIds,
    assetIndex,
    assetKind,
    assetNode,
    assetNodeId,
    assetRatingW,
    assetMinW,
    assetFallbackW,
    chargerCount,
    assetError,
    workspace: new CycleWorkspace(N, M, chargerCount),
    allocation: new AllocationWorkspace(),
    entries: new Map(),
  };
}

const compiled = new WeakMap<MicrogridDocument, CompiledMicrogrid>();

/** The compiled form of `doc`, built on first use (throws CycleInputError for a broken tree). */
export function compiledMicrogrid(doc: MicrogridDocument): CompiledMicrogrid {
  let c = compiled.get(doc);
  if (
    c === undefined ||
    c.from.nodes !== doc.nodes ||
    c.from.assets !== doc.assets ||
    c.from.limits !== doc.limits ||
    c.from.root !== doc.microgrid.root_node_id ||
    c.N !== doc.nodes.length ||
    c.M !== doc.assets.length
  ) {
    c = compile(doc);
    compiled.set(doc, c);
  }
  return c;
}
