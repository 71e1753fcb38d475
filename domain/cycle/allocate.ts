// The allocation of cycle.md §4, event-driven: per priority class, a heap of constraints keyed by
// the level at which each saturates (floor(room at level 0 / unfrozen chargers)), a second heap of
// the constraints that qualify for step 3 ordered by (unfrozen chargers, NODE before AGGREGATE,
// node id), and the minimum-power drop loop rerunning only what a drop can change.
// It must give exactly what reference.ts gives by running the procedure literally; the decisions
// where the spec leaves a gap are written in docs/cycle.md ("Decisions") and apply to both.
//
// Why a drop can be rerun locally. During one class, a constraint Y "qualifies" for step 3 at some
// moment only if its room at the start of the class is below Σ over its class chargers of
// (value + 1) — each unfrozen charger stands at ℓ + 1 ≤ its final value + 1 in that test. So a
// constraint whose room at the end of the class is at least its number of class chargers
// ("comfortably slack") never qualified: it never took, capped a grant or was marked. When every
// constraint above a node Z is comfortably slack for the classes a drop reruns, before and after,
// nothing outside Z's subtree can see the drop: the classes are rerun inside the subtree only. The
// "after" is checked; if it fails the classes are rerun over the whole tree.
//
// Why the saturation heap needs no update when a charger freezes. While a constraint does not
// qualify, R ≥ u·(ℓ+1) (R: its room with the unfrozen chargers at 0, u: how many). Freezing k of
// its chargers at ℓ or ℓ+1 (g of them at ℓ+1, g ≤ k) gives (R − kℓ − g) / (u − k) ≥ R / u, so its
// saturation level floor(R/u) can only rise: an entry is re-keyed only when it reaches the top.
import { MinHeap } from './heap.ts';

/** Everything in integer watts; nodes are indexed in node-id order, chargers in charger-id order. */
/** Classes up to this size are sorted natively (see sortByDemand); positions fit in 21 bits. */
const SMALL_SORT = 4096;
const POSITION_SPAN = 2 ** 21;

export interface AllocationProblem {
  nodeCount: number;
  /** Parent node index, -1 for the root. */
  parent: Int32Array;
  depth: Int32Array;
  /** Preorder position of each node, the end of its subtree (exclusive), and the node at each position. */
  tin: Int32Array;
  tout: Int32Array;
  order: Int32Array;
  /** L(n) − NC(n) − fixed(n): the room of each node before any dispatchable charger. */
  nodeRoomW: Float64Array;
  /** Aggregate scopes: the node of each, and A(a) − fixed chargers under it. */
  aggNode: Int32Array;
  aggRoomW: Float64Array;
  chargerCount: number;
  chargerNode: Int32Array;
  demandW: Float64Array;
  minW: Float64Array;
  /** 0–9, higher served first. */
  priority: Int32Array;
}

export interface AllocationResult {
  valueW: Float64Array;
  dropped: Uint8Array;
  nodeSaturated: Uint8Array;
  aggSaturated: Uint8Array;
  /** How the drop loop went (diagnostics for benchmarks; no effect on the result). */
  stats: DropStats;
}

/** How each minimum-power drop was applied. */
export interface DropStats {
  drops: number;
  relevels: number;
  localReruns: number;
  fullReruns: number;
  /** Drops that kept their class (and lower ones as slack) and reran only the classes below. */
  slackClassesKept: number;
  /**
   * The work the reruns did: over every rerun, the chargers of the rerun classes in the rerun
   * subtree (each allocated again). Re-levels are not counted: they touch one group.
   */
  rerunChargers: number;
}

/** Statistics before any drop. */
export function noDrops(): DropStats {
  return { drops: 0, relevels: 0, localReruns: 0, fullReruns: 0, slackClassesKept: 0, rerunChargers: 0 };
}

/**
 * The chargers one take froze together: constraint x in class cls at `level`, the first `grant` by
 * id one watt more, `total` watts in all. A drop from a clean group — one whose grant was x's own
 * room, no constraint above x tighter — can often be applied by re-levelling it alone (see relevel
 * in allocate); a group stays clean until a re-level of it is refused.
 */
interface Group {
  x: number;
  cls: number;
  level: number;
  grant: number;
  total: number;
  clean: boolean;
  /** Filled on first use: the chargers of the class under x that this take froze, by id. */
  members: Int32Array | null;
  alive: number;
  /** Built on first use (buildGroup in allocate). */
  inner: GroupIndex | null;
  /** Values and rooms under x not yet written back since a re-level (see materialize in allocate). */
  dirty: boolean;
}

/**
 * A group indexed for re-levelling: members by id with a Fenwick tree of the alive ones (a
 * member's value is level + 1 while its rank among the alive is below grant), members by demand,
 * and the other constraints under x holding members ("slots": their alive members, their room
 * before the take, the most lower-class chargers they hold) with a heap of the highest level each
 * allows.
 */
interface GroupIndex {
  fenwick: Int32Array;
  /** Whether each member counts in the tree (a member leaves it only when a re-level commits). */
  inTree: Uint8Array;
  byDemand: Int32Array;
  demandAt: number;
  ids: Int32Array;
  count: Int32Array;
  before: Float64Array;
  lowerMax: Float64Array;
  /** Per slot: members that left the group at their demand d, counted d + 1 each (see relevel). */
  fixedMargin: Float64Array;
  memberSlots: Int32Array;
  slotStart: Int32Array;
  limits: MinHeap;
}

function fenwickAdd(tree: Int32Array, i: number, delta: number): void {
  for (let j = i + 1; j < tree.length; j += j & -j) tree[j]! += delta;
}

/** The position of the entry of rank k (0-based) among the 1s of a 0/1 tree. */
function fenwickSelect(tree: Int32Array, k: number): number {
  let pos = 0;
  let step = 1;
  while (step * 2 < tree.length) step *= 2;
  for (; step > 0; step >>= 1) {
    if (pos + step < tree.length && tree[pos + step]! <= k) {
      pos += step;
      k -= tree[pos]!;
    }
  }
  return pos;
}

/** Sum of the first i entries. */
function fenwickPrefix(tree: Int32Array, i: number): number {
  let sum = 0;
  for (let j = i; j > 0; j -= j & -j) sum += tree[j]!;
  return sum;
}

/** floor(a / b) for integers held in doubles, corrected for rounding of the division. */
function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q--;
  else if ((q + 1) * b <= a) q++;
  return q;
}

/** First index in sorted[lo, hi) whose value is ≥ x. */
function lowerBound(sorted: Int32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const f64 = (a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> =>
  a.length >= n ? a : new Float64Array(n);
const i32 = (a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> =>
  a.length >= n ? a : new Int32Array(n);
const u8 = (a: Uint8Array<ArrayBuffer>, n: number): Uint8Array<ArrayBuffer> =>
  a.length >= n ? a : new Uint8Array(n);

/**
 * The arrays an allocation works in, kept from one call to the next: a cycle runs the allocation
 * again and again on the same microgrid (and reruns classes after every minimum-power drop), and
 * fresh typed arrays for each would cost more than the work done in them. Every call sets what it
 * reads; nothing carries over from one call to the next.
 */
export class AllocationWorkspace {
  k = { conNode: new Int32Array(0), R: new Float64Array(0), u: new Int32Array(0) };
  inQual = new Uint8Array(0);
  inKey = new Uint8Array(0);
  satClass = new Int8Array(0);
  touchStamp = new Int32Array(0);
  touched = new Int32Array(0);
  slotOf = new Int32Array(0);
  aggAt = new Int32Array(0);
  pre = new Int32Array(0);
  path = new Int32Array(0);
  byTin = new Int32Array(0);
  value = new Float64Array(0);
  frozen = new Uint8Array(0);
  groupOf = new Int32Array(0);
  dropped = new Uint8Array(0);
  euler = new Int32Array(0);
  classEuler = new Int32Array(0);
  classTin = new Int32Array(0);
  classOrder = new Int32Array(0);
  list = new Int32Array(0);
  scratch = new Int32Array(0);
  memberPos = new Int32Array(0);
  sortKeys = new Float64Array(0);
  radixTmp = new Int32Array(0);
  radixKey = new Uint32Array(0);
  radixTmpKey = new Uint32Array(0);
  readonly radixCount = new Int32Array(2049);
  /** Per class: rooms at its start, its chargers under each constraint, first take and first cap levels. */
  readonly perClass: {
    startRoom: Float64Array;
    classCount: Int32Array;
    firstTake: Float64Array;
    firstCap: Float64Array;
  }[] = [];
  readonly keyHeap = new MinHeap(64);
  readonly qualHeap = new MinHeap(64);
  readonly violators = new MinHeap(64);

  /** Sizes every array for N nodes, K constraints and m chargers. */
  size(N: number, K: number, m: number): void {
    const k = this.k;
    if (k.R.length < K) this.k = { conNode: new Int32Array(K), R: new Float64Array(K), u: new Int32Array(K) };
    this.inQual = u8(this.inQual, K);
    this.inKey = u8(this.inKey, K);
    if (this.satClass.length < K) this.satClass = new Int8Array(K);
    this.touchStamp = i32(this.touchStamp, K);
    this.touched = i32(this.touched, K);
    this.slotOf = i32(this.slotOf, K);
    this.aggAt = i32(this.aggAt, N);
    this.pre = i32(this.pre, N + 1);
    this.path = i32(this.path, N);
    this.byTin = i32(this.byTin, N + 1);
    this.value = f64(this.value, m);
    this.frozen = u8(this.frozen, m);
    this.groupOf = i32(this.groupOf, m);
    this.dropped = u8(this.dropped, m);
    this.euler = i32(this.euler, m);
    this.classEuler = i32(this.classEuler, m);
    this.classTin = i32(this.classTin, m);
    this.classOrder = i32(this.classOrder, m);
    this.list = i32(this.list, m);
    this.scratch = i32(this.scratch, m);
    this.memberPos = i32(this.memberPos, m);
  }

  classArrays(q: number, K: number) {
    let c = this.perClass[q];
    if (!c || c.startRoom.length < K)
      this.perClass[q] = c = {
        startRoom: new Float64Array(K),
        classCount: new Int32Array(K),
        firstTake: new Float64Array(K),
        firstCap: new Float64Array(K),
      };
    return c;
  }
}

export function allocate(
  p: AllocationProblem,
  ws: AllocationWorkspace = new AllocationWorkspace(),
): AllocationResult {
  const N = p.nodeCount;
  const A = p.aggNode.length;
  const K = N + A;
  const m = p.chargerCount;
  const { parent, depth, tin, tout, order, chargerNode, demandW, minW, priority } = p;
  ws.size(N, K, m);

  // Constraint X < N is the NODE constraint of node X; X = N + a the AGGREGATE scope a.
  const conNode = ws.k.conNode.subarray(0, K);
  for (let x = 0; x < N; x++) conNode[x] = x;
  const aggAt = ws.aggAt.subarray(0, N).fill(-1);
  for (let a = 0; a < A; a++) {
    conNode[N + a] = p.aggNode[a]!;
    aggAt[p.aggNode[a]!] = N + a;
  }
  const R = ws.k.R.subarray(0, K);
  R.set(p.nodeRoomW, 0);
  R.set(p.aggRoomW, N);
  const u = ws.k.u.subarray(0, K).fill(0);
  const inQual = ws.inQual.subarray(0, K).fill(0);
  const inKey = ws.inKey.subarray(0, K).fill(0);
  const satClass = ws.satClass.subarray(0, K).fill(-1);
  const touchStamp = ws.touchStamp.subarray(0, K).fill(0);
  let stamp = 0;
  const touched = ws.touched;
  let touchedCount = 0;

  const value = ws.value.subarray(0, m).fill(0);
  const frozen = ws.frozen.subarray(0, m).fill(0);
  /** The take that froze each charger (an index into groups), -1 when its demand did. */
  const groupOf = ws.groupOf.subarray(0, m).fill(-1);
  const groups: Group[] = [];
  const dropped = ws.dropped.subarray(0, m).fill(0);

  // Per class: its chargers in preorder of their node, then by id (a subtree is a contiguous
  // range), and the preorder position of each for binary search.
  const classes: number[] = [];
  const classEuler: Int32Array[] = [];
  const classTin: Int32Array[] = [];
  /**
   * A class's chargers by demand (ties in preorder) over the subtree at preorder position lo (key:
   * class · N + lo; lo 0 is the whole tree), sorted at the class's first run there.
   */
  const demandOrder = new Map<number, Int32Array>();
  {
    const byTin = ws.byTin.subarray(0, N + 1).fill(0);
    for (let c = 0; c < m; c++) byTin[tin[chargerNode[c]!]! + 1]!++;
    for (let k = 0; k < N; k++) byTin[k + 1]! += byTin[k]!;
    const euler = ws.euler;
    for (let c = 0; c < m; c++) euler[byTin[tin[chargerNode[c]!]!]!++] = c;
    const counts = new Int32Array(10);
    for (let c = 0; c < m; c++) counts[priority[c]!]!++;
    for (let q = 9; q >= 0; q--) if (counts[q]! > 0) classes.push(q);
    const fill = new Int32Array(10);
    for (let q = 0, at = 0; q < 10; q++) {
      fill[q] = at;
      classEuler.push(ws.classEuler.subarray(at, at + counts[q]!));
      classTin.push(ws.classTin.subarray(at, at + counts[q]!));
      at += counts[q]!;
    }
    for (let k = 0; k < m; k++) {
      const c = euler[k]!;
      const q = priority[c]!;
      const at = fill[q]!++;
      ws.classEuler[at] = c;
      ws.classTin[at] = tin[chargerNode[c]!]!;
    }
  }
  /** The next lower class present, or -1. */
  const lowerClass = new Int32Array(10).fill(-1);
  for (let i = 0; i + 1 < classes.length; i++) lowerClass[classes[i]!] = classes[i + 1]!;

  const keyHeap = ws.keyHeap;
  const qualHeap = ws.qualHeap;
  keyHeap.clear();
  qualHeap.clear();
  /** Rooms at the start of each class, and the number of (not dropped) class chargers under each constraint. */
  const startRoom: Float64Array[] = [];
  const classCount: Int32Array[] = [];
  /**
   * Per class, the first level at which each constraint was taken, and the first at which it capped
   * or marked another take as a holder (Infinity: never): when it first acted on anything.
   */
  const firstTake: Float64Array[] = [];
  const firstCap: Float64Array[] = [];
  const none = new Float64Array(0);
  for (let q = 0; q < 10; q++) {
    if (!classes.includes(q)) {
      startRoom.push(none);
      classCount.push(new Int32Array(0));
      firstTake.push(none);
      firstCap.push(none);
      continue;
    }
    const c = ws.classArrays(q, K);
    startRoom.push(c.startRoom.subarray(0, K).fill(0));
    classCount.push(c.classCount.subarray(0, K).fill(0));
    firstTake.push(c.firstTake.subarray(0, K).fill(Infinity));
    firstCap.push(c.firstCap.subarray(0, K).fill(Infinity));
  }
  const scratch = ws.scratch;
  const pre = ws.pre;
  // Demands sorted by a stable LSD radix sort on their integer watts: the order among equal
  // demands does not matter (step 2 freezes them together).
  let maxDemand = 0;
  for (let c = 0; c < m; c++) if (demandW[c]! > maxDemand) maxDemand = demandW[c]!;
  const radixPasses = Math.max(1, Math.ceil(Math.log2(maxDemand + 1) / 11));
  const radixCount = ws.radixCount;
  /**
   * The first n chargers of `list` by demand, ties in list order, into `out` (n long). Small
   * classes (the common case: a few hundred chargers split by priority) use a native sort of
   * demand·2^21 + position — exact below 2^53, so the same order as the radix sort — because the
   * radix sort's fixed cost of 2,048 buckets per pass dominates there.
   */
  function sortByDemand(list: Int32Array, n: number, out: Int32Array): Int32Array {
    if (n <= SMALL_SORT) {
      if (ws.sortKeys.length < n) ws.sortKeys = new Float64Array(Math.max(n, SMALL_SORT));
      const keyed = ws.sortKeys.subarray(0, n);
      for (let k = 0; k < n; k++) keyed[k] = demandW[list[k]!]! * POSITION_SPAN + k;
      keyed.sort();
      for (let k = 0; k < n; k++) {
        const key = keyed[k]!;
        out[k] = list[key - Math.floor(key / POSITION_SPAN) * POSITION_SPAN]!;
      }
      return out.subarray(0, n);
    }
    ws.radixTmp = i32(ws.radixTmp, n);
    if (ws.radixKey.length < n) ws.radixKey = new Uint32Array(n);
    if (ws.radixTmpKey.length < n) ws.radixTmpKey = new Uint32Array(n);
    let src: Int32Array = ws.radixTmp.subarray(0, n);
    src.set(list.subarray(0, n));
    let dst: Int32Array = out.subarray(0, n);
    let keys = ws.radixKey.subarray(0, n);
    for (let k = 0; k < n; k++) keys[k] = demandW[src[k]!]!;
    let tmpKeys = ws.radixTmpKey.subarray(0, n);
    for (let pass = 0; pass < radixPasses; pass++) {
      const shift = pass * 11;
      radixCount.fill(0);
      for (let k = 0; k < n; k++) radixCount[((keys[k]! >>> shift) & 2047) + 1]!++;
      for (let b = 0; b < 2048; b++) radixCount[b + 1]! += radixCount[b]!;
      for (let k = 0; k < n; k++) {
        const at = radixCount[(keys[k]! >>> shift) & 2047]!++;
        dst[at] = src[k]!;
        tmpKeys[at] = keys[k]!;
      }
      const s2 = src;
      src = dst;
      dst = s2;
      const k2 = keys;
      keys = tmpKeys;
      tmpKeys = k2;
    }
    if (src.buffer !== out.buffer) out.set(src);
    return out.subarray(0, n);
  }

  const qualKey = (x: number): number => (u[x]! * 2 + (x < N ? 0 : 1)) * N + conNode[x]!;
  const pushKey = (x: number): void => {
    inKey[x] = 1;
    keyHeap.push(floorDiv(R[x]!, u[x]!), x);
  };
  /** After u or R changed: a qualifying constraint moves up its queue; others wait (see the header). */
  const requeue = (x: number): void => {
    if (u[x]! === 0) inQual[x] = 0;
    else if (inQual[x]) qualHeap.push(qualKey(x), x);
  };
  const touch = (x: number): void => {
    if (inQual[x] && touchStamp[x] !== stamp) {
      touchStamp[x] = stamp;
      touched[touchedCount++] = x;
    }
  };

  /**
   * One class over the subtree occupying preorder positions [lo, hi): constraints above it (from
   * `stop` up) are left out, which is exact when none of them qualifies (see the header).
   */
  function fillClass(q: number, lo: number, hi: number, stop: number): void {
    const all = classEuler[q]!;
    const tins = classTin[q]!;
    const from = lo === 0 ? 0 : lowerBound(tins, lo);
    const to = hi === N ? all.length : lowerBound(tins, hi);
    const list = ws.list;
    let n = 0;
    for (let k = from; k < to; k++) {
      const c = all[k]!;
      value[c] = 0;
      if (dropped[c]) {
        // Frozen for good: the demand order below may still hold it.
        frozen[c] = 1;
        continue;
      }
      frozen[c] = 0;
      list[n++] = c;
    }
    const counts = classCount[q]!;
    const took = firstTake[q]!;
    const capped = firstCap[q]!;
    const width = hi - lo;
    pre.fill(0, 0, width + 1);
    for (let k = 0; k < n; k++) pre[tin[chargerNode[list[k]!]!]! - lo + 1]!++;
    for (let k = 0; k < width; k++) pre[k + 1]! += pre[k]!;
    keyHeap.clear();
    qualHeap.clear();
    for (let k = lo; k < hi; k++) {
      const node = order[k]!;
      const un = pre[tout[node]! - lo]! - pre[tin[node]! - lo]!;
      u[node] = un;
      counts[node] = un;
      took[node] = Infinity;
      capped[node] = Infinity;
      inQual[node] = 0;
      inKey[node] = 0;
      if (un > 0) pushKey(node);
      const g = aggAt[node]!;
      if (g >= 0) {
        u[g] = un;
        counts[g] = un;
        took[g] = Infinity;
        capped[g] = Infinity;
        inQual[g] = 0;
        inKey[g] = 0;
        if (un > 0) pushKey(g);
      }
    }
    if (n === 0) return;
    // The class's demand order over the whole tree, and over each subtree a drop reruns, is sorted
    // once per allocation (a subtree is often rerun for drop after drop); a charger dropped later
    // is frozen, so it is passed over exactly as if it had been left out of the sort.
    const key = q * N + lo;
    let byDemand = demandOrder.get(key);
    if (!byDemand) {
      // The whole tree's order goes into workspace memory (the next allocation reuses it).
      const base = all.byteOffset / 4;
      const out = lo === 0 ? ws.classOrder.subarray(base, base + n) : new Int32Array(n);
      byDemand = sortByDemand(list, n, out);
      demandOrder.set(key, byDemand);
    }
    const total = byDemand.length;
    let dp = 0;
    let level = 0;
    let remaining = n;
    let guard = 0;

    /** The top entry, re-keyed until it is current; dead entries dropped. */
    const validKeyTop = (): boolean => {
      while (keyHeap.size > 0) {
        const x = keyHeap.topVal();
        if (u[x]! > 0 && !inQual[x]) {
          const key = floorDiv(R[x]!, u[x]!);
          if (key === keyHeap.topKey()) return true;
          keyHeap.pop();
          keyHeap.push(key, x);
          continue;
        }
        inKey[x] = 0;
        keyHeap.pop();
      }
      return false;
    };

    while (remaining > 0) {
      if (++guard > n + 2)
        throw new Error('allocation made no progress (a bug: please report the cycle input)');
      // Step 1: the highest level every unfrozen demand and every constraint allows, never lower.
      let c0 = -1;
      while (dp < total) {
        c0 = byDemand[dp]!;
        if (!frozen[c0]) break;
        dp++;
      }
      let cand = dp < total ? demandW[c0]! : Infinity;
      if (validKeyTop() && keyHeap.topKey() < cand) cand = keyHeap.topKey();
      if (cand > level) level = cand;
      while (validKeyTop() && keyHeap.topKey() <= level) {
        const x = keyHeap.topVal();
        keyHeap.pop();
        inKey[x] = 0;
        inQual[x] = 1;
        qualHeap.push(qualKey(x), x);
      }
      // Step 2: freeze the chargers whose demand is the level.
      stamp++;
      touchedCount = 0;
      while (dp < total) {
        const c = byDemand[dp]!;
        if (frozen[c]) {
          dp++;
          continue;
        }
        if (demandW[c]! !== level) break;
        value[c] = level;
        frozen[c] = 1;
        groupOf[c] = -1;
        remaining--;
        dp++;
        for (let node = chargerNode[c]!; node !== stop; node = parent[node]!) {
          R[node]! -= level;
          u[node]!--;
          touch(node);
          const g = aggAt[node]!;
          if (g >= 0) {
            R[g]! -= level;
            u[g]!--;
            touch(g);
          }
        }
      }
      for (let k = 0; k < touchedCount; k++) requeue(touched[k]!);
      // Step 3: saturate, fewest unfrozen chargers first, then NODE before AGGREGATE, then node id.
      while (qualHeap.size > 0) {
        const x = qualHeap.topVal();
        const key = qualHeap.topKey();
        qualHeap.pop();
        if (!inQual[x] || u[x]! === 0 || key !== qualKey(x)) continue;
        const ux = u[x]!;
        const rx = R[x]! - ux * level;
        if (rx >= ux) {
          inQual[x] = 0;
          if (!inKey[x]) pushKey(x);
          continue;
        }
        takeConstraint(x, rx, q, level);
        remaining -= ux;
      }
    }

    function takeConstraint(x: number, rx: number, cls: number, lvl: number): void {
      const node = conNode[x]!;
      const clo = pre[tin[node]! - lo]!;
      const chi = pre[tout[node]! - lo]!;
      let cnt = 0;
      for (let k = clo; k < chi; k++) {
        const c = list[k]!;
        if (!frozen[c]) scratch[cnt++] = c;
      }
      // The constraints holding every one of these chargers: those on the path from their lowest
      // common ancestor up. The grant is the smallest room among them (docs/cycle.md, Decisions).
      let a = chargerNode[scratch[0]!]!;
      let b = chargerNode[scratch[cnt - 1]!]!;
      while (depth[a]! > depth[b]!) a = parent[a]!;
      while (depth[b]! > depth[a]!) b = parent[b]!;
      while (a !== b) {
        a = parent[a]!;
        b = parent[b]!;
      }
      const lca = a;
      let minRoom = rx;
      for (let v = lca; v !== stop; v = parent[v]!) {
        const rv = R[v]! - u[v]! * lvl;
        if (rv < minRoom) minRoom = rv;
        const g = aggAt[v]!;
        if (g >= 0) {
          const rg = R[g]! - u[g]! * lvl;
          if (rg < minRoom) minRoom = rg;
        }
      }
      const grant = minRoom > 0 ? minRoom : 0;
      if (satClass[x]! < 0) satClass[x] = cls;
      if (took[x] === Infinity) took[x] = lvl;
      for (let v = lca; v !== stop; v = parent[v]!) {
        const rv = R[v]! - u[v]! * lvl;
        if (rv < rx) {
          if (capped[v] === Infinity) capped[v] = lvl;
          if (rv - grant <= 0 && satClass[v]! < 0) satClass[v] = cls;
        }
        const g = aggAt[v]!;
        if (g >= 0) {
          const rg = R[g]! - u[g]! * lvl;
          if (rg < rx) {
            if (capped[g] === Infinity) capped[g] = lvl;
            if (rg - grant <= 0 && satClass[g]! < 0) satClass[g] = cls;
          }
        }
      }
      const chosen = scratch.subarray(0, cnt);
      if (grant > 0) chosen.sort();
      const group = groups.length;
      groups.push({
        x,
        cls,
        level: lvl,
        grant,
        total: cnt * lvl + grant,
        clean: minRoom === rx && rx >= 0,
        members: null,
        alive: cnt,
        inner: null,
        dirty: false,
      });
      for (let k = 0; k < cnt; k++) {
        const c = chosen[k]!;
        const v = k < grant ? lvl + 1 : lvl;
        value[c] = v;
        frozen[c] = 1;
        groupOf[c] = group;
        for (let w = chargerNode[c]!; w !== lca; w = parent[w]!) {
          R[w]! -= v;
          if (--u[w]! === 0) inQual[w] = 0;
          const g = aggAt[w]!;
          if (g >= 0) {
            R[g]! -= v;
            if (--u[g]! === 0) inQual[g] = 0;
          }
        }
      }
      const total = cnt * lvl + grant;
      for (let v = lca; v !== stop; v = parent[v]!) {
        R[v]! -= total;
        u[v]! -= cnt;
        requeue(v);
        const g = aggAt[v]!;
        if (g >= 0) {
          R[g]! -= total;
          u[g]! -= cnt;
          requeue(g);
        }
      }
    }
  }

  /** Allocates the classes from `top` down over preorder positions [lo, hi), from the rooms the higher classes left. */
  function runFrom(top: number, lo: number, hi: number, stop: number): void {
    for (let k = lo; k < hi; k++) {
      const node = order[k]!;
      if (satClass[node]! <= top) satClass[node] = -1;
      const g = aggAt[node]!;
      if (g >= 0 && satClass[g]! <= top) satClass[g] = -1;
    }
    for (const q of classes) {
      if (q > top) continue;
      const snap = startRoom[q]!;
      const restore = q === top;
      if (lo === 0 && hi === N) {
        if (restore) R.set(snap);
        else snap.set(R);
      } else {
        for (let k = lo; k < hi; k++) {
          const node = order[k]!;
          const g = aggAt[node]!;
          if (restore) {
            R[node] = snap[node]!;
            if (g >= 0) R[g] = snap[g]!;
          } else {
            snap[node] = R[node]!;
            if (g >= 0) snap[g] = R[g]!;
          }
        }
      }
      fillClass(q, lo, hi, stop);
    }
  }

  // Chargers under their minimum, lowest priority first, then greatest id (a lazy heap).
  const violators = ws.violators;
  violators.clear();
  const violatorKey = (c: number) => priority[c]! * m + (m - 1 - c);
  const isViolator = (c: number): boolean => {
    if (dropped[c]) return false;
    const v = valueOf(c);
    return v > 0 && v < minW[c]!;
  };
  const pushViolators = (lo: number, hi: number, top: number) => {
    for (const q of classes) {
      if (q > top) continue;
      const all = classEuler[q]!;
      const tins = classTin[q]!;
      const from = lo === 0 ? 0 : lowerBound(tins, lo);
      const to = hi === N ? all.length : lowerBound(tins, hi);
      for (let k = from; k < to; k++) if (isViolator(all[k]!)) violators.push(violatorKey(all[k]!), all[k]!);
    }
  };
  const endRoom = (q: number): Float64Array => (lowerClass[q]! >= 0 ? startRoom[lowerClass[q]!]! : R);
  const comfortable = (x: number, q: number): boolean => {
    const count = classCount[q]![x]!;
    return count === 0 || endRoom(q)[x]! >= count;
  };
  const stats = noDrops();
  const path = ws.path;
  const oldUse = new Float64Array(10);
  const newUse = new Float64Array(10);

  function classUse(q: number, lo: number, hi: number): number {
    const all = classEuler[q]!;
    const tins = classTin[q]!;
    let sum = 0;
    for (let k = lowerBound(tins, lo), to = lowerBound(tins, hi); k < to; k++) sum += value[all[k]!]!;
    return sum;
  }

  /** runFrom after a drop, counted in rerunChargers. */
  function rerunFrom(top: number, lo: number, hi: number, stop: number): void {
    for (const q of classes) {
      if (q > top) continue;
      const tins = classTin[q]!;
      stats.rerunChargers += lowerBound(tins, hi) - lowerBound(tins, lo);
    }
    runFrom(top, lo, hi, stop);
  }

  const fullRerun = (top: number): void => {
    stats.fullReruns++;
    rerunFrom(top, 0, N, -1);
    violators.clear();
    pushViolators(0, N, 9);
  };

  /** The constraints from `stop` up: rooms and counts after a region's totals changed by newUse − oldUse. */
  function settleAbove(stop: number, top: number): void {
    for (let n = stop; n >= 0; n = parent[n]!) {
      for (let pass = 0; pass < 2; pass++) {
        const x = pass === 0 ? n : aggAt[n]!;
        if (x < 0) continue;
        let extra = 0;
        for (const q of classes) {
          if (q > top) continue;
          if (q < top) startRoom[q]![x]! -= extra;
          extra += newUse[q]! - oldUse[q]!;
        }
        R[x]! -= extra;
        classCount[top]![x]!--;
      }
    }
  }

  /** Whether every constraint from `stop` up stays comfortably slack, in every rerun class, with the region's new totals. */
  function aboveUnchanged(stop: number, top: number): boolean {
    for (let n = stop; n >= 0; n = parent[n]!) {
      for (let pass = 0; pass < 2; pass++) {
        const x = pass === 0 ? n : aggAt[n]!;
        if (x < 0) continue;
        let extra = 0;
        for (const q of classes) {
          if (q > top) continue;
          extra += newUse[q]! - oldUse[q]!;
          const count = classCount[q]![x]! - (q === top ? 1 : 0);
          if (count > 0 && endRoom(q)[x]! - extra < count) return false;
        }
      }
    }
    return true;
  }

  const slotOf = ws.slotOf.subarray(0, K).fill(-1);
  /** Each member's position in its group's id-sorted member list. */
  const memberPos = ws.memberPos;
  let dirtyGroup: Group | null = null;

  /** A slot's highest allowed level: its members at level + 1 must leave it its lower-class margin. */
  const slotLimit = (ix: GroupIndex, slot: number): number =>
    floorDiv(ix.before[slot]! - ix.fixedMargin[slot]! - ix.lowerMax[slot]!, ix.count[slot]!) - 1;

  /** Indexes a group for re-levelling; false when its rooms do not allow the bounds relevel relies on. */
  function buildGroup(G: Group, v: number): boolean {
    const gi = groupOf[v]!;
    const xn = conNode[G.x]!;
    const all = classEuler[G.cls]!;
    const tins = classTin[G.cls]!;
    const found: number[] = [];
    for (let k = lowerBound(tins, tin[xn]!), to = lowerBound(tins, tout[xn]!); k < to; k++)
      if (groupOf[all[k]!] === gi) found.push(all[k]!);
    const members = Int32Array.from(found).sort();
    G.members = members;
    const size = members.length;
    const xNode = conNode[G.x]!;
    const partner = G.x < N ? aggAt[xNode]! : xNode;
    const top = G.cls;
    const end = endRoom(top);
    let ids = new Int32Array(16);
    let count = new Int32Array(16);
    let before = new Float64Array(16);
    let slots = 0;
    const slotStart = new Int32Array(size + 1);
    let memberSlots = new Int32Array(Math.max(16, size * 3));
    let used = 0;
    const fenwick = new Int32Array(size + 1);
    const inTree = new Uint8Array(size);
    let alive = 0;
    const visit = (y: number, c: number) => {
      let slot = slotOf[y]!;
      if (slot < 0) {
        if (slots === ids.length) {
          const grow = <T extends Int32Array | Float64Array>(a: T): T => {
            const b = new (a.constructor as new (n: number) => T)(a.length * 2);
            b.set(a);
            return b;
          };
          ids = grow(ids);
          count = grow(count);
          before = grow(before);
        }
        slot = slots++;
        slotOf[y] = slot;
        ids[slot] = y;
        before[slot] = end[y]!;
      }
      count[slot]!++;
      before[slot]! += value[c]!;
      if (used === memberSlots.length) {
        const b2 = new Int32Array(used * 2);
        b2.set(memberSlots);
        memberSlots = b2;
      }
      memberSlots[used++] = slot;
    };
    for (let i = 0; i < size; i++) {
      slotStart[i] = used;
      const c = members[i]!;
      memberPos[c] = i;
      if (dropped[c] && c !== v) continue;
      alive++;
      inTree[i] = 1;
      fenwickAdd(fenwick, i, 1);
      for (let w = chargerNode[c]!; w !== xNode; w = parent[w]!) {
        visit(w, c);
        if (aggAt[w]! >= 0) visit(aggAt[w]!, c);
      }
      if (partner >= 0) visit(partner, c);
    }
    slotStart[size] = used;
    for (let sl = 0; sl < slots; sl++) slotOf[ids[sl]!] = -1;
    // Lower classes under x all stand at 0 (x has no room left); a slot's room decides whether it
    // takes (and is marked) there. Re-levels keep every slot's room on the same side of those
    // counts: at least the largest of them. Slots holding every member keep their room exactly.
    const lowerMax = new Float64Array(slots);
    for (let sl = 0; sl < slots; sl++) {
      if (count[sl] === alive) continue;
      let most = 0;
      for (const q of classes) if (q < top) most = Math.max(most, classCount[q]![ids[sl]!]!);
      if (most > 0 && end[ids[sl]!]! < most) return false;
      lowerMax[sl] = most;
    }
    let mult = 1;
    while (mult <= size) mult *= 2;
    const keys = new Float64Array(size);
    for (let i = 0; i < size; i++) keys[i] = demandW[members[i]!]! * mult + i;
    keys.sort();
    const byDemand = new Int32Array(size);
    for (let i = 0; i < size; i++) byDemand[i] = keys[i]! - Math.floor(keys[i]! / mult) * mult;
    const ix: GroupIndex = {
      fenwick,
      inTree,
      byDemand,
      demandAt: 0,
      ids: ids.slice(0, slots),
      count: count.slice(0, slots),
      before: before.slice(0, slots),
      lowerMax,
      fixedMargin: new Float64Array(slots),
      memberSlots: memberSlots.slice(0, used),
      slotStart,
      limits: new MinHeap(Math.max(16, slots)),
    };
    for (let sl = 0; sl < slots; sl++) if (ix.count[sl]! > 0) ix.limits.push(slotLimit(ix, sl), sl);
    G.inner = ix;
    G.alive = alive;
    return true;
  }

  /** The value of a charger, reading a dirty group's members from its level and grant. */
  function valueOf(c: number): number {
    const gi = groupOf[c]!;
    if (gi < 0) return value[c]!;
    const G = groups[gi]!;
    if (!G.dirty || !G.inner!.inTree[memberPos[c]!]) return value[c]!;
    return fenwickPrefix(G.inner!.fenwick, memberPos[c]!) < G.grant ? G.level + 1 : G.level;
  }

  /** Writes a dirty group's values, freeze levels and the rooms of its slots back. */
  function materialize(G: Group): void {
    const ix = G.inner!;
    const { ids, before, memberSlots, slotStart, inTree } = ix;
    const members = G.members!;
    const after = Float64Array.from(before);
    let rank = 0;
    for (let i = 0; i < members.length; i++) {
      const c = members[i]!;
      let v: number;
      if (inTree[i]) {
        v = rank++ < G.grant ? G.level + 1 : G.level;
        value[c] = v;
      } else if (dropped[c]) continue;
      else v = value[c]!;
      for (let j = slotStart[i]!; j < slotStart[i + 1]!; j++) after[memberSlots[j]!]! -= v;
    }
    const top = G.cls;
    const end = endRoom(top);
    for (let sl = 0; sl < ids.length; sl++) {
      const y = ids[sl]!;
      const delta = after[sl]! - end[y]!;
      if (delta === 0) continue;
      for (const q of classes) if (q < top) startRoom[q]![y]! += delta;
      R[y]! += delta;
    }
    G.dirty = false;
    if (dirtyGroup === G) dirtyGroup = null;
  }

  const flush = (): void => {
    if (dirtyGroup) materialize(dirtyGroup);
  };

  /** A dropped charger v of class `top` leaves it: at 0, and no longer counted by the constraints holding it. */
  function leaveClass(v: number, top: number): void {
    value[v] = 0;
    const counts = classCount[top]!;
    for (let n = chargerNode[v]!; n >= 0; n = parent[n]!) {
      counts[n]!--;
      const g = aggAt[n]!;
      if (g >= 0) counts[g]!--;
    }
  }

  const precedes = (y: number, x: number): boolean => {
    const ty = y < N ? 0 : 1;
    const tx = x < N ? 0 : 1;
    return ty < tx || (ty === tx && conNode[y]! < conNode[x]!);
  };
  const leaving: number[] = [];

  /**
   * Drops v by re-levelling the group a clean take froze it in: its `total` watts shared by the
   * others — water-filled, so a member whose demand is reached leaves the group at its demand —
   * at level floor(rest / k), one more watt for the first (rest mod k) by id. That is exactly the
   * rerun when nothing else can happen in the meantime: no other constraint under the take's
   * qualifies up to the new level (each member that left counts demand + 1 there, the most it
   * weighs at the level it leaves), none above it can act before that level (comfortably slack,
   * or not acting until then and ordered after it), and the lower classes — all at 0 under a
   * constraint with no room left — see rooms that leave every step-3 decision unchanged. Below the
   * old level v's absence only leaves more room in the constraints holding it, which matters only
   * if one of them capped or marked an earlier take. Chargers under x that froze at the old level
   * too — by demand, or in a take under x ordered before x's — froze before x's take and
   * independently of v (v was unfrozen and not under such a take), so they stand as they are.
   * Otherwise returns false; the rerun that follows rebuilds the group.
   */
  function relevel(v: number): boolean {
    const gi = groupOf[v]!;
    if (gi < 0) return false;
    const G = groups[gi]!;
    if (!G.clean) return false;
    if (dirtyGroup && dirtyGroup !== G) flush();
    const top = G.cls;
    if (!G.inner && !buildGroup(G, v)) {
      G.clean = false;
      return false;
    }
    const ix = G.inner!;
    const members = G.members!;
    const at = memberPos[v]!;
    // Water-fill the rest: members whose demand is at or below the level leave at their demand.
    const { byDemand } = ix;
    let k = G.alive - 1;
    let rest = G.total;
    leaving.length = 0;
    let d = ix.demandAt;
    for (; d < byDemand.length && k > 0; d++) {
      const i = byDemand[d]!;
      if (!ix.inTree[i] || i === at) continue;
      const dem = demandW[members[i]!]!;
      if (dem > floorDiv(rest, k)) break;
      leaving.push(i);
      rest -= dem;
      k--;
    }
    if (k <= 0) return false;
    const lvl = floorDiv(rest, k);
    const grant = rest - k * lvl;
    const capped = firstCap[top]!;
    if (capped[G.x]! !== Infinity) return false;
    const { ids, count, memberSlots, slotStart, limits, fixedMargin } = ix;
    for (let j = slotStart[at]!; j < slotStart[at + 1]!; j++)
      if (capped[ids[memberSlots[j]!]!]! !== Infinity) return false;
    const xNode = conNode[G.x]!;
    for (let n = parent[xNode]!; n >= 0; n = parent[n]!) {
      for (let pass = 0; pass < 2; pass++) {
        const y = pass === 0 ? n : aggAt[n]!;
        if (y < 0 || comfortable(y, top)) continue;
        // It acts no earlier than before: not capped or marked up to the new level, not taken
        // below it. It cannot tie with x and go first either: if it was taken at or above the new
        // level, the chargers of that take are still unfrozen when x's turn comes.
        const took = firstTake[top]![y]!;
        if (!(lvl < firstCap[top]![y]!) || !(lvl <= took) || (took === Infinity && precedes(y, G.x)))
          return false;
      }
    }
    // Every slot allows the new level. Tentative from here on: when a check fails the group is
    // discarded by the rerun that follows (its take's subtree is always rerun), so nothing is undone.
    for (let j = slotStart[at]!; j < slotStart[at + 1]!; j++) count[memberSlots[j]!]!--;
    for (const i of leaving) {
      const weight = demandW[members[i]!]! + 1;
      for (let j = slotStart[i]!; j < slotStart[i + 1]!; j++) {
        count[memberSlots[j]!]!--;
        fixedMargin[memberSlots[j]!]! += weight;
      }
    }
    // A slot left without members keeps no level, but its room still decides lower classes.
    const emptied = (sl: number) => count[sl]! === 0 && ix.before[sl]! - fixedMargin[sl]! < ix.lowerMax[sl]!;
    for (let j = slotStart[at]!; j < slotStart[at + 1]!; j++) {
      if (emptied(memberSlots[j]!)) {
        G.clean = false;
        return false;
      }
    }
    for (const i of leaving) {
      for (let j = slotStart[i]!; j < slotStart[i + 1]!; j++) {
        if (emptied(memberSlots[j]!)) {
          G.clean = false;
          return false;
        }
      }
    }
    let allowed = Infinity;
    while (limits.size > 0) {
      const sl = limits.topVal();
      if (count[sl]! === 0) {
        limits.pop();
        continue;
      }
      const current = slotLimit(ix, sl);
      if (current !== limits.topKey()) {
        limits.pop();
        limits.push(current, sl);
        continue;
      }
      allowed = current;
      break;
    }
    if (allowed < lvl) {
      G.clean = false;
      return false;
    }
    // Commit: v and the satisfied members leave; values are read implicitly until written.
    const wasLevel = G.level;
    fenwickAdd(ix.fenwick, at, -1);
    ix.inTree[at] = 0;
    for (const i of leaving) {
      const c = members[i]!;
      fenwickAdd(ix.fenwick, i, -1);
      ix.inTree[i] = 0;
      value[c] = demandW[c]!;
      groupOf[c] = -1;
      if (isViolator(c)) violators.push(violatorKey(c), c);
    }
    ix.demandAt = d;
    G.alive = k;
    G.total = rest;
    G.level = lvl;
    G.grant = grant;
    G.dirty = true;
    dirtyGroup = G;
    leaveClass(v, top);
    // Values only rise; members rising from 0 can fall under their minimum: new violators. At
    // level 0 the grant (= total) stays and passes to the next member by id when v held it.
    if (wasLevel === 0 && lvl > 0) {
      for (let i = 0; i < members.length; i++)
        if (ix.inTree[i] && isViolator(members[i]!)) violators.push(violatorKey(members[i]!), members[i]!);
    } else if (wasLevel === 0 && grant > 0) {
      const i = fenwickSelect(ix.fenwick, grant - 1);
      if (i > at && isViolator(members[i]!)) violators.push(violatorKey(members[i]!), members[i]!);
    }
    return true;
  }

  /** Whether every constraint holding charger v is comfortably slack in class q. */
  function slackAlongPath(v: number, q: number): boolean {
    for (let n = chargerNode[v]!; n >= 0; n = parent[n]!) {
      const g = aggAt[n]!;
      if (!comfortable(n, q) || (g >= 0 && !comfortable(g, q))) return false;
    }
    return true;
  }

  /**
   * Drops v (of class `top`) keeping every class, from its own down, in which all the constraints
   * holding v are comfortably slack. Such a constraint never qualified in that class (see the top
   * of this file), so it never took, capped or marked; without v it has more room (and in v's class
   * one charger fewer), so it still never does, and the class's other values — made by their
   * demands and by takes of other constraints, whose rooms and chargers v is not part of — stand.
   * What changes is the room each kept class leaves (v's watts come back along its path); the
   * classes from the first one that is not slack down are rerun over the whole tree. False
   * (nothing changed) when v's own class is not slack.
   */
  function keepSlackClasses(v: number, top: number): boolean {
    let first = -1;
    for (const q of classes) {
      if (q > top) continue;
      if (!slackAlongPath(v, q)) {
        first = q;
        break;
      }
    }
    if (first === top) return false;
    const w = value[v]!;
    for (const q of classes) {
      if (q > top) continue;
      if (q === first) break;
      const room = endRoom(q);
      for (let n = chargerNode[v]!; n >= 0; n = parent[n]!) {
        room[n]! += w;
        const g = aggAt[n]!;
        if (g >= 0) room[g]! += w;
      }
    }
    leaveClass(v, top);
    stats.slackClassesKept++;
    if (first >= 0) rerunFrom(first, 0, N, -1);
    violators.clear();
    pushViolators(0, N, 9);
    return true;
  }

  /** Reruns classes `top` and below after dropping charger v: locally when provably equivalent. */
  function rerunAfterDrop(v: number, top: number): void {
    flush();
    // Z: the highest node on v's path with a constraint that is not comfortably slack in some
    // rerun class; every constraint strictly above Z then is.
    let len = 0;
    for (let n = chargerNode[v]!; n >= 0; n = parent[n]!) path[len++] = n;
    let z = path[0]!;
    for (let i = len - 1; i >= 0; i--) {
      const n = path[i]!;
      const g = aggAt[n]!;
      let calm = true;
      for (const q of classes) {
        if (q > top) continue;
        if (!comfortable(n, q) || (g >= 0 && !comfortable(g, q))) {
          calm = false;
          break;
        }
      }
      if (!calm) {
        z = n;
        break;
      }
    }
    const lo = tin[z]!;
    const hi = tout[z]!;
    for (const q of classes) if (q <= top) oldUse[q] = classUse(q, lo, hi);

    if (parent[z]! < 0) {
      if (!keepSlackClasses(v, top)) fullRerun(top);
      return;
    }
    const stop = parent[z]!;
    rerunFrom(top, lo, hi, stop);
    for (const q of classes) if (q <= top) newUse[q] = classUse(q, lo, hi);
    if (!aboveUnchanged(stop, top)) {
      fullRerun(top);
      return;
    }
    stats.localReruns++;
    settleAbove(stop, top);
    pushViolators(lo, hi, top);
  }

  if (classes.length > 0) {
    startRoom[classes[0]!]!.set(R);
    runFrom(classes[0]!, 0, N, -1);
    pushViolators(0, N, 9);
  }
  // Minimum power: drop the lowest-priority, then greatest-id charger under its minimum, rerun.
  while (violators.size > 0) {
    const c = violators.topVal();
    violators.pop();
    if (!isViolator(c)) continue;
    // Its old value (read before it leaves a dirty group) still counts in a rerun's "before" totals.
    value[c] = valueOf(c);
    dropped[c] = 1;
    stats.drops++;
    if (relevel(c)) stats.relevels++;
    else rerunAfterDrop(c, priority[c]!);
  }

  flush();
  const nodeSaturated = new Uint8Array(N);
  for (let x = 0; x < N; x++) nodeSaturated[x] = satClass[x]! >= 0 ? 1 : 0;
  const aggSaturated = new Uint8Array(A);
  for (let a = 0; a < A; a++) aggSaturated[a] = satClass[N + a]! >= 0 ? 1 : 0;
  return { valueW: value, dropped, nodeSaturated, aggSaturated, stats };
}
