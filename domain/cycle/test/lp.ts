// The independent check of cycle.md §4: with every min_kw at 0, the total a cycle allocates equals
// the optimum of "maximise Σ s_c subject to the node and aggregate constraints and 0 ≤ s_c ≤ d_c",
// negative rooms taken as 0. The linear program is written in CPLEX LP format for HiGHS (npm
// `highs`, tests and benchmarks only). Rooms come from the result's node table (limits, NC and
// fixed demand, which the reference comparison checks), aggregate caps from the domain's own
// limitsAt, membership from the input's tree.
import highsLoader from 'highs';
import { parseInstant } from '../../instant.ts';
import { limitsAt } from '../../limits/effective.ts';
import { kwToW } from '../../units.ts';
import type { CycleInput, CycleResult } from '../types.ts';

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let solver: Promise<Highs> | null = null;

export function loadHighs(): Promise<Highs> {
  solver ??= highsLoader();
  return solver;
}

/** The LP of a cycle's allocation, in CPLEX LP format, and how many variables it has. */
export function allocationLp(input: CycleInput, result: CycleResult): { lp: string; variables: number } {
  const doc = input.microgrid;
  const parentOf = new Map(doc.nodes.map((n) => [n.id, n.parent_id]));
  const dispatched = result.setpoints.filter((s) => s.state === 'DISPATCHED');
  const under = new Map<string, number[]>();
  dispatched.forEach((s, i) => {
    for (let n: string | null | undefined = s.node_id; n != null; n = parentOf.get(n)) {
      let list = under.get(n);
      if (!list) under.set(n, (list = []));
      list.push(i);
    }
  });
  const fixedOf = new Map(result.nodes.map((n) => [n.node_id, kwToW(n.fixed_kw)]));
  const out: string[] = ['Maximize', ' obj:'];
  const terms = (vars: number[]) => {
    // Short lines: the LP reader handles long ones, but nobody should have to read them.
    for (let i = 0; i < vars.length; i += 16)
      out.push(
        `  ${vars
          .slice(i, i + 16)
          .map((v) => `+ x${v}`)
          .join(' ')}`,
      );
  };
  terms(dispatched.map((_, i) => i));
  if (dispatched.length === 0) out.push('  0 x0');
  out.push('Subject To');
  for (const n of result.nodes) {
    const vars = under.get(n.node_id);
    if (!vars) continue;
    const room = Math.max(0, kwToW(n.effective_limit_kw) - kwToW(n.non_controllable_kw) - kwToW(n.fixed_kw));
    out.push(` n_${n.node_id.replace(/[^A-Za-z0-9_]/g, '_')}:`);
    terms(vars);
    out.push(`  <= ${room}`);
  }
  const limits = limitsAt(doc, [], parseInstant(input.at));
  for (const [nodeId, agg] of limits.aggregates) {
    const vars = under.get(nodeId);
    if (!vars) continue;
    const room = Math.max(0, agg.cap.capW - (fixedOf.get(nodeId) ?? 0));
    out.push(` a_${nodeId.replace(/[^A-Za-z0-9_]/g, '_')}:`);
    terms(vars);
    out.push(`  <= ${room}`);
  }
  out.push('Bounds');
  dispatched.forEach((s, i) => out.push(` 0 <= x${i} <= ${kwToW(s.requested_kw)}`));
  out.push('End');
  return { lp: `${out.join('\n')}\n`, variables: dispatched.length };
}

/** The LP optimum in whole watts (the constraint matrix is a nested family: the optimum is integral). */
export async function lpTotalW(input: CycleInput, result: CycleResult): Promise<number> {
  const { lp, variables } = allocationLp(input, result);
  if (variables === 0) return 0;
  const highs = await loadHighs();
  const solved = highs.solve(lp);
  if (solved.Status !== 'Optimal') throw new Error(`HiGHS: ${solved.Status}`);
  return Math.round(solved.ObjectiveValue);
}

/** What the cycle allocated to dispatched chargers, in watts. */
export function allocatedTotalW(result: CycleResult): number {
  let total = 0;
  for (const s of result.setpoints) if (s.state === 'DISPATCHED') total += kwToW(s.setpoint_kw ?? 0);
  return total;
}
