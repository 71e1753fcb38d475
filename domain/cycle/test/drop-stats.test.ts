// How the minimum-power drop loop reports its work (DropStats), on hand-built allocation problems
// whose path through the loop is worked out in the comments. The benchmarks print these figures
// to explain how a cycle's cost grows, so they must count what they say they count.
import { describe, expect, it } from 'vitest';
import { allocate, type AllocationProblem } from '../allocate.ts';

interface Charger {
  node: number;
  priority: number;
  demandW: number;
  minW: number;
}

/** Nodes in preorder (index = preorder position), each given by its parent; no aggregate limits. */
function problem(parents: number[], roomW: number[], chargers: Charger[]): AllocationProblem {
  const N = parents.length;
  const depth = new Int32Array(N);
  const tout = new Int32Array(N);
  for (let n = 0; n < N; n++) depth[n] = n === 0 ? 0 : depth[parents[n]!]! + 1;
  for (let n = N - 1; n >= 0; n--) {
    let end = n + 1;
    while (end < N && depth[end]! > depth[n]!) end++;
    tout[n] = end;
  }
  return {
    nodeCount: N,
    parent: Int32Array.from(parents),
    depth,
    tin: Int32Array.from(parents, (_, n) => n),
    tout,
    order: Int32Array.from(parents, (_, n) => n),
    nodeRoomW: Float64Array.from(roomW),
    aggNode: new Int32Array(0),
    aggRoomW: new Float64Array(0),
    chargerCount: chargers.length,
    chargerNode: Int32Array.from(chargers, (c) => c.node),
    demandW: Float64Array.from(chargers, (c) => c.demandW),
    minW: Float64Array.from(chargers, (c) => c.minW),
    priority: Int32Array.from(chargers, (c) => c.priority),
  };
}

describe('drop statistics', () => {
  it('count a whole-tree rerun as the chargers of the dropped class and the classes below', () => {
    // One node, 90 W once the priority-9 charger has its 10 W. Priority 5: a (80 W, min 60) and
    // b (100 W, min 60) share it at 45 W each, both under their minimum; b (greater id) is
    // dropped. Re-levelling cannot apply (a then leaves at its demand and nobody is left at the
    // level), and the node is saturated, so classes 5 and 3 are rerun over the tree: a, b and c —
    // not the priority-9 charger, whose class is not rerun.
    const result = allocate(
      problem(
        [-1],
        [100],
        [
          { node: 0, priority: 9, demandW: 10, minW: 0 },
          { node: 0, priority: 5, demandW: 80, minW: 60 },
          { node: 0, priority: 5, demandW: 100, minW: 60 },
          { node: 0, priority: 3, demandW: 10, minW: 0 },
        ],
      ),
    );
    expect([...result.valueW]).toEqual([10, 80, 0, 10]);
    expect(result.stats).toMatchObject({ drops: 1, relevels: 0, fullReruns: 1, localReruns: 0 });
    expect(result.stats.rerunChargers).toBe(3);
  });

  it('count a local rerun as the chargers of the rerun classes under the rerun node only', () => {
    // Root (1,000 W) over X (90 W) and Y. Under X: a (80 W, min 60), b (100 W, min 60) at
    // priority 5 and g at priority 3; under Y: e at priority 5 and f at priority 3. X levels a
    // and b at 45 W; b is dropped, cannot be re-levelled (as above), and the root stays
    // comfortably slack, so classes 5 and 3 are rerun under X alone: a, b and g.
    const result = allocate(
      problem(
        [-1, 0, 0],
        [1000, 90, 1000],
        [
          { node: 1, priority: 5, demandW: 80, minW: 60 },
          { node: 1, priority: 5, demandW: 100, minW: 60 },
          { node: 2, priority: 5, demandW: 10, minW: 0 },
          { node: 2, priority: 3, demandW: 10, minW: 0 },
          { node: 1, priority: 3, demandW: 10, minW: 0 },
        ],
      ),
    );
    expect([...result.valueW]).toEqual([80, 0, 10, 10, 10]);
    expect(result.stats).toMatchObject({ drops: 1, relevels: 0, fullReruns: 0, localReruns: 1 });
    expect(result.stats.rerunChargers).toBe(3);
  });

  it('re-level a group although another take under its constraint froze at the same level', () => {
    // Root X (52 W) over C (21 W). c1, c2 under C; a, b, v under X itself; one class. At level 10
    // both qualify; C goes first (fewer chargers): c1 11, c2 10 (its 1 W left). Then X takes a, b
    // and v with the 31 W left: a 11, b 10, v 10. v (minimum 12 W) is dropped; its group is
    // re-levelled alone — 31 W for a and b: 16 and 15 — and nothing is rerun. The literal
    // procedure reruns without v: C still takes at 10 with the same 21 W, X then at 15.
    const chargers: Charger[] = [
      { node: 1, priority: 5, demandW: 1000, minW: 0 },
      { node: 1, priority: 5, demandW: 1000, minW: 0 },
      { node: 0, priority: 5, demandW: 1000, minW: 0 },
      { node: 0, priority: 5, demandW: 1000, minW: 0 },
      { node: 0, priority: 5, demandW: 1000, minW: 12 },
    ];
    const result = allocate(problem([-1, 0], [52, 21], chargers));
    const withoutV = allocate(problem([-1, 0], [52, 21], chargers.slice(0, 4)));
    expect([...withoutV.valueW]).toEqual([11, 10, 16, 15]);
    expect([...result.valueW]).toEqual([...withoutV.valueW, 0]);
    expect([...result.nodeSaturated]).toEqual([...withoutV.nodeSaturated]);
    expect(result.stats).toMatchObject({ drops: 1, relevels: 1, fullReruns: 0, localReruns: 0 });
    expect(result.stats.rerunChargers).toBe(0);
  });
});
