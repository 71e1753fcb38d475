// Live validation while editing: the domain's own topology rules over the draft, indexed by the
// node and asset each error is about so that every card can mark itself. The save is judged again
// in main by the putTopology use case (which also knows the limits and references).
import { validateTopology } from '../../../../domain/validation/topology.ts';
import type { ValidationIssue } from '../../../../domain/issues.ts';
import type { Draft } from './draft.ts';

export interface LiveIssues {
  errors: readonly ValidationIssue[];
  warnings: readonly ValidationIssue[];
  byNode: ReadonlyMap<string, readonly ValidationIssue[]>;
  byAsset: ReadonlyMap<string, readonly ValidationIssue[]>;
}

export const NO_ISSUES: readonly ValidationIssue[] = [];

function sameIssues(a: readonly ValidationIssue[] | undefined, b: readonly ValidationIssue[]): boolean {
  return !!a && a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** The nodes an error marks: its node, or every node of a cycle. */
export function nodesNamed(issue: ValidationIssue): string[] {
  if (issue.node_ids?.length) return issue.node_ids;
  return issue.node_id !== undefined && issue.asset_id === undefined ? [issue.node_id] : [];
}

/** Unchanged per-node lists keep the previous array, so cards whose issues did not change stay put. */
export function liveIssues(rootNodeId: string, draft: Draft, previous?: LiveIssues): LiveIssues {
  const report = validateTopology({ root_node_id: rootNodeId, nodes: draft.nodes, assets: draft.assets });
  const byNode = new Map<string, ValidationIssue[]>();
  const byAsset = new Map<string, ValidationIssue[]>();
  const add = (map: Map<string, ValidationIssue[]>, id: string, i: ValidationIssue) => {
    const list = map.get(id);
    if (list) list.push(i);
    else map.set(id, [i]);
  };
  for (const e of report.errors) {
    for (const id of nodesNamed(e)) add(byNode, id, e);
    if (e.asset_id !== undefined) add(byAsset, e.asset_id, e);
  }
  const stable = (
    map: Map<string, ValidationIssue[]>,
    before?: ReadonlyMap<string, readonly ValidationIssue[]>,
  ) => {
    const out = new Map<string, readonly ValidationIssue[]>();
    for (const [id, list] of map) {
      const old = before?.get(id);
      out.set(id, old && sameIssues(old, list) ? old : list);
    }
    return out;
  };
  return {
    errors: report.errors,
    warnings: report.warnings,
    byNode: stable(byNode, previous?.byNode),
    byAsset: stable(byAsset, previous?.byAsset),
  };
}
