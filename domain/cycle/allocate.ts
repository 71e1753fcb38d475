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
  stats: { drops: number; relevels: number; localReruns: number; fullReruns: number };
}

/**
 * The chargers one take froze together: constraint x in class cls at `level`, the first `grant` by
 * id one watt more, `total` watts in all. A drop from a clean group can often be applied by
 * re-levelling it alone (see relevel in allocate).
 */
interface Group {
  x: number;
  cls: number;
  level: number;
  grant: number;
  total: number;
  clean: boolean;
  members: Int32Array;
  alive: number;
  /** Built on first use: the other constraints under x holding members, their members and room before the take. */
  inner: { ids: Int32Array; count: Int32Array; before: Float64Array; memberSlots: Int32Array; slotStart: Int32Array } | null;
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

export function allocate(p: AllocationProblem): AllocationResult {
  const N = p.nodeCount;
  const A = p.aggNode.length;
  const K = N + A;
  const m = p.chargerCount;
  const { parent, depth, tin, tout, order, chargerNode, demandW, minW, priority } = p;

  // Constraint X < N is the NODE constraint of node X; X = N + a the AGGREGATE scope a.
  const conNode = new Int32Array(K);
  for (let x = 0; x < N; x++) conNode[x] = x;
  const aggAt = new Int32Array(N).fill(-1);
  for (let a = 0; a < A; a++) {
    conNode[N + a] = p.aggNode[a]!;
    aggAt[p.aggNode[a]!] = N + a;
  }
  const R = new Float64Array(K);
  R.set(p.nodeRoomW, 0);
  R.set(p.aggRoomW, N);
  const u = new Int32Array(K);
  const inQual = new Uint8Array(K);
  const inKey = new Uint8Array(K);
  const satClass = new Int8Array(K).fill(-1);
  const touchStamp = new Int32Array(K);
  let stamp = 0;
  const touched = new Int32Array(K);
  let touchedCount = 0;

  const value = new Float64Array(m);
  const frozen = new Uint8Array(m);
  /** The level at which each charger froze, and the node of the constraint that froze it (-1: its demand). */
  const freezeLevel = new Float64Array(m);
  const takenNode = new Int32Array(m).fill(-1);
  /** The take that froze each charger (an index into groups), -1 when its demand did. */
  const groupOf = new Int32Array(m).fill(-1);
  const groups: Group[] = [];
  const dropped = new Uint8Array(m);

  // Per class: its chargers in preorder of their node, then by id (a subtree is a contiguous
  // range), and the preorder position of each for binary search.
  const classes: number[] = [];
  const classEuler: Int32Array[] = [];
  const classTin: Int32Array[] = [];
  {
    const byTin = new Int32Array(N + 1);
    for (let c = 0; c < m; c++) byTin[tin[chargerNode[c]!]! + 1]!++;
    for (let k = 0; k < N; k++) byTin[k + 1]! += byTin[k]!;
    const euler = new Int32Array(m);
    for (let c = 0; c < m; c++) euler[byTin[tin[chargerNode[c]!]!]!++] = c;
    const counts = new Int32Array(10);
    for (let c = 0; c < m; c++) counts[priority[c]!]!++;
    for (let q = 9; q >= 0; q--) if (counts[q]! > 0) classes.push(q);
    const fill = new Int32Array(10);
    for (let q = 0; q < 10; q++) {
      classEuler.push(new Int32Array(counts[q]!));
      classTin.push(new Int32Array(counts[q]!));
    }
    for (let k = 0; k < m; k++) {
      const c = euler[k]!;
      const q = priority[c]!;
      const at = fill[q]!++;
      classEuler[q]![at] = c;
      classTin[q]![at] = tin[chargerNode[c]!]!;
    }
  }
  /** The next lower class present, or -1. */
  const lowerClass = new Int32Array(10).fill(-1);
  for (let i = 0; i + 1 < classes.length; i++) lowerClass[classes[i]!] = classes[i + 1]!;

  const keyHeap = new MinHeap(Math.max(64, K * 2));
  const qualHeap = new MinHeap(Math.max(64, K));
  /** Rooms at the start of each class, and the number of (not dropped) class chargers under each constraint. */
  const startRoom: Float64Array[] = [];
  const classCount: Int32Array[] = [];
  /**
   * Per class, the first level at which each constraint was taken, and the first at which it capped
   * or marked another take as a holder (Infinity: never): when it first acted on anything.
   */
  const firstTake: Float64Array[] = [];
  const firstCap: Float64Array[] = [];
  for (let q = 0; q < 10; q++) {
    const present = classes.includes(q);
    startRoom.push(new Float64Array(present ? K : 0));
    classCount.push(new Int32Array(present ? K : 0));
    firstTake.push(new Float64Array(present ? K : 0).fill(Infinity));
    firstCap.push(new Float64Array(present ? K : 0).fill(Infinity));
  }
  const scratch = new Int32Array(m);
  const pre = new Int32Array(N + 1);
  let mult = 1;
  while (mult <= m) mult *= 2;

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
    const list = new Int32Array(to - from);
    let n = 0;
    for (let k = from; k < to; k++) {
      const c = all[k]!;
      value[c] = 0;
      if (dropped[c]) continue;
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
    const byDemand = new Float64Array(n);
    for (let k = 0; k < n; k++) byDemand[k] = demandW[list[k]!]! * mult + list[k]!;
    byDemand.sort();
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
      if (++guard > n + 2) throw new Error('allocation made no progress (a bug: please report the cycle input)');
      // Step 1: the highest level every unfrozen demand and every constraint allows, never lower.
      let c0 = -1;
      while (dp < n) {
        const key = byDemand[dp]!;
        c0 = key - Math.floor(key / mult) * mult;
        if (!frozen[c0]) break;
        dp++;
      }
      let cand = dp < n ? demandW[c0]! : Infinity;
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
      while (dp < n) {
        const key = byDemand[dp]!;
        const c = key - Math.floor(key / mult) * mult;
        if (frozen[c]) {
          dp++;
          continue;
        }
        if (demandW[c]! !== level) break;
        value[c] = level;
        frozen[c] = 1;
        freezeLevel[c] = level;
        takenNode[c] = -1;
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
      // Clean: nothing else in this subtree froze at this level (needed by the fast re-level).
      let clean = true;
      for (let k = clo; k < chi; k++) {
        const c = list[k]!;
        if (!frozen[c]) scratch[cnt++] = c;
        else if (freezeLevel[c] === lvl) clean = false;
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
      groups.push({ x, cls, level: lvl, grant, total: cnt * lvl + grant, clean: clean && minRoom === rx && rx >= 0, members: chosen.slice(), alive: cnt, inner: null });
      for (let k = 0; k < cnt; k++) {
        const c = chosen[k]!;
        const v = k < grant ? lvl + 1 : lvl;
        value[c] = v;
        frozen[c] = 1;
        freezeLevel[c] = lvl;
        takenNode[c] = node;
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
  const violators = new MinHeap(64);
  const violatorKey = (c: number) => priority[c]! * m + (m - 1 - c);
  const isViolator = (c: number) => !dropped[c] && value[c]! > 0 && value[c]! < minW[c]!;
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
  const stats = { drops: 0, relevels: 0, localReruns: 0, fullReruns: 0 };
  const path = new Int32Array(N);
  const oldUse = new Float64Array(10);
  const newUse = new Float64Array(10);

  function classUse(q: number, lo: number, hi: number): number {
    const all = classEuler[q]!;
    const tins = classTin[q]!;
    let sum = 0;
    for (let k = lowerBound(tins, lo), to = lowerBound(tins, hi); k < to; k++) sum += value[all[k]!]!;
    return sum;
  }

  const fullRerun = (top: number): void => {
    stats.fullReruns++;
    runFrom(top, 0, N, -1);
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

  const slotOf = new Int32Array(K).fill(-1);

  /** Indexes a group's members by id and the constraints under its own that hold them. */
  function buildInner(G: Group, v: number): void {
    const members = G.members.sort();
    const xNode = conNode[G.x]!;
    const partner = G.x < N ? aggAt[xNode]! : xNode;
    const end = endRoom(G.cls);
    const ids: number[] = [];
    const count: number[] = [];
    const before: number[] = [];
    const slotStart = new Int32Array(members.length + 1);
    const memberSlots: number[] = [];
    const visit = (y: number, c: number) => {
      let slot = slotOf[y]!;
      if (slot < 0) {
        slot = ids.length;
        slotOf[y] = slot;
        ids.push(y);
        count.push(0);
        before.push(end[y]!);
      }
      count[slot]!++;
      before[slot]! += value[c]!;
      memberSlots.push(slot);
    };
    for (let i = 0; i < members.length; i++) {
      slotStart[i] = memberSlots.length;
      const c = members[i]!;
      if (dropped[c] && c !== v) continue;
      for (let w = chargerNode[c]!; w !== xNode; w = parent[w]!) {
        visit(w, c);
        if (aggAt[w]! >= 0) visit(aggAt[w]!, c);
      }
      if (partner >= 0) visit(partner, c);
    }
    slotStart[members.length] = memberSlots.length;
    for (const y of ids) slotOf[y] = -1;
    G.inner = { ids: Int32Array.from(ids), count: Int32Array.from(count), before: Float64Array.from(before), memberSlots: Int32Array.from(memberSlots), slotStart };
  }

  const precedes = (y: number, x: number): boolean => {
    const ty = y < N ? 0 : 1;
    const tx = x < N ? 0 : 1;
    return ty < tx || (ty === tx && conNode[y]! < conNode[x]!);
  };
  const newValues = new Float64Array(m);

  /**
   * Drops v by re-levelling the group a clean take froze it in: the group's `total` watts shared by
   * one charger fewer, level floor(total / k) and one more watt for the first (total mod k) by id.
   * That is exactly the rerun when nothing else can happen in the meantime: no remaining member
   * reaches its demand, no other constraint under the take's qualifies up to the new level, none
   * above it can act before that level (comfortably slack, or first queued later and ordered after
   * it), and the lower classes — all at 0 under a constraint with no room left — see rooms that
   * leave every step-3 decision unchanged. Otherwise returns false and changes nothing.
   */
  function relevel(v: number): boolean {
    const gi = groupOf[v]!;
    if (gi < 0) return false;
    const G = groups[gi]!;
    if (!G.clean) return false;
    const top = G.cls;
    if (!G.inner) buildInner(G, v);
    const inner = G.inner!;
    const members = G.members;
    const k = G.alive - 1;
    if (k <= 0) return false;
    const lvl = floorDiv(G.total, k);
    const grant = G.total - k * lvl;
    let at = -1;
    let rank = 0;
    for (let i = 0; i < members.length; i++) {
      const c = members[i]!;
      if (c === v) {
        at = i;
        continue;
      }
      if (dropped[c]) continue;
      if (demandW[c]! <= lvl) return false;
      newValues[c] = rank++ < grant ? lvl + 1 : lvl;
    }
    const { ids, count, before, memberSlots, slotStart } = inner;
    // Below the old level, v's absence leaves more room in every constraint holding it: none of
    // them may have capped or marked an earlier take (those above are checked further down).
    const capped = firstCap[top]!;
    if (capped[G.x]! !== Infinity) return false;
    for (let j = slotStart[at]!; j < slotStart[at + 1]!; j++) if (capped[ids[memberSlots[j]!]!]! !== Infinity) return false;
    for (let j = slotStart[at]!; j < slotStart[at + 1]!; j++) count[memberSlots[j]!]!--;
    const restore = () => {
      for (let j = slotStart[at]!; j < slotStart[at + 1]!; j++) count[memberSlots[j]!]!++;
    };
    for (let s = 0; s < ids.length; s++) {
      if (count[s]! > 0 && before[s]! < count[s]! * (lvl + 1)) {
        restore();
        return false;
      }
    }
    const xNode = conNode[G.x]!;
    for (let n = parent[xNode]!; n >= 0; n = parent[n]!) {
      for (let pass = 0; pass < 2; pass++) {
        const y = pass === 0 ? n : aggAt[n]!;
        if (y < 0 || comfortable(y, top)) continue;
        // It acts no earlier than before: not capped or marked up to the new level, not taken
        // below it. It cannot tie with x and go first either: if it was taken at or above the new
        // level, the chargers of that take are still unfrozen when x's turn comes.
        const took = firstTake[top]![y]!;
        if (!(lvl < firstCap[top]![y]!) || !(lvl <= took) || (took === Infinity && precedes(y, G.x))) {
          restore();
          return false;
        }
      }
    }
    // Rooms after the take of every constraint under it, old and new.
    const after = new Float64Array(ids.length);
    for (let s = 0; s < ids.length; s++) after[s] = before[s]!;
    for (let i = 0; i < members.length; i++) {
      const c = members[i]!;
      if (dropped[c]) continue;
      for (let j = slotStart[i]!; j < slotStart[i + 1]!; j++) after[memberSlots[j]!]! -= newValues[c]!;
    }
    const end = endRoom(top);
    for (const q of classes) {
      if (q >= top || classCount[q]![G.x]! === 0) continue;
      for (let s = 0; s < ids.length; s++) {
        const lower = classCount[q]![ids[s]!]!;
        const was = end[ids[s]!]!;
        if (lower > 0 && was !== after[s]! && Math.min(was, after[s]!) < lower) {
          restore();
          return false;
        }
      }
    }
    for (let s = 0; s < ids.length; s++) {
      const y = ids[s]!;
      const delta = after[s]! - end[y]!;
      if (delta === 0) continue;
      for (const q of classes) if (q < top) startRoom[q]![y]! += delta;
      R[y]! += delta;
    }
    for (let i = 0; i < members.length; i++) {
      const c = members[i]!;
      if (dropped[c]) continue;
      // Values only rise here; one rising from 0 can fall under its minimum: a new violator.
      const was = value[c]!;
      value[c] = newValues[c]!;
      freezeLevel[c] = lvl;
      if (was === 0 && isViolator(c)) violators.push(violatorKey(c), c);
    }
    value[v] = 0;
    G.alive = k;
    G.level = lvl;
    G.grant = grant;
    for (let n = chargerNode[v]!; n >= 0; n = parent[n]!) {
      classCount[top]![n]!--;
      if (aggAt[n]! >= 0) classCount[top]![aggAt[n]!]!--;
    }
    return true;
  }

  /** Reruns classes `top` and below after dropping charger v: locally when provably equivalent. */
  function rerunAfterDrop(v: number, top: number): void {
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
      fullRerun(top);
      return;
    }
    const stop = parent[z]!;
    runFrom(top, lo, hi, stop);
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
    // Its old value still counts in the rerun's "before" totals; the rerun sets it to 0.
    dropped[c] = 1;
    stats.drops++;
    if (relevel(c)) stats.relevels++;
    else rerunAfterDrop(c, priority[c]!);
  }

  const nodeSaturated = new Uint8Array(N);
  for (let x = 0; x < N; x++) nodeSaturated[x] = satClass[x]! >= 0 ? 1 : 0;
  const aggSaturated = new Uint8Array(A);
  for (let a = 0; a < A; a++) aggSaturated[a] = satClass[N + a]! >= 0 ? 1 : 0;
  return { valueW: value, dropped, nodeSaturated, aggSaturated, stats };
}
