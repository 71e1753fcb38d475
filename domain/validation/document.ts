// Whole-document validation: topology errors first in their table's order, then limit errors in
// theirs, each then by id; warnings beside them. Same input, same bytes.
import { parseMicrogridDocument } from '../document.ts';
import {
  issue,
  sortIssues,
  type ValidationError,
  type ValidationIssue,
  type ValidationWarning,
} from '../issues.ts';
import type { CircuitAlias, LimitPolicy, MicrogridDocument } from '../model.ts';
import { validateLimits } from './limits.ts';
import { validateTopology, type TopologyIndex } from './topology.ts';

export interface ValidationReport {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationWarning[];
}

/** A charger with no NODE policy on any node between it and the root is limited only by ratings. */
function unprotectedChargers(doc: MicrogridDocument, index: TopologyIndex): ValidationWarning[] {
  const out: ValidationWarning[] = [];
  if (!doc.assets.some((a) => a.kind === 'CHARGER')) return out;
  // 0 = unknown, 1 = a NODE policy on the path to the root, 2 = none.
  const covered = new Uint8Array(index.nodes.length);
  for (const l of doc.limits) {
    const i = l.scope === 'NODE' ? index.indexOf.get(l.node_id) : undefined;
    if (i !== undefined) covered[i] = 1;
  }
  const path: number[] = [];
  const isCovered = (start: number): boolean => {
    path.length = 0;
    let i = start;
    let answer = 2;
    while (i >= 0) {
      if (covered[i] !== 0) {
        answer = covered[i]!;
        break;
      }
      path.push(i);
      i = index.parentIdx[i]!;
      if (path.length > index.nodes.length) break; // a cycle, reported as an error already
    }
    for (const p of path) covered[p] = answer;
    return answer === 1;
  };
  for (const a of doc.assets) {
    const at = a.kind === 'CHARGER' ? index.indexOf.get(a.node_id) : undefined;
    if (at !== undefined && !isCovered(at)) {
      out.push(
        issue(
          'CHARGER_WITHOUT_NODE_POLICY',
          `charger ${a.id} has no NODE limit policy on any node between it and the root`,
          { asset_id: a.id, node_id: a.node_id },
        ),
      );
    }
  }
  return out;
}

/** A circuit alias must point at a node of the microgrid it belongs to. */
export function aliasTargetErrors(
  aliases: readonly CircuitAlias[],
  hasNode: (id: string) => boolean,
): ValidationError[] {
  const out: ValidationError[] = [];
  for (const a of aliases) {
    if (!hasNode(a.node_id)) {
      out.push(
        issue(
          'NODE_REFERENCED',
          `circuit alias ${a.circuit_id} targets node ${a.node_id}, which is not a node`,
          { node_id: a.node_id, circuit_id: a.circuit_id, field: 'node_id' },
        ),
      );
    }
  }
  return out;
}

export function validateDocumentModel(doc: MicrogridDocument): ValidationReport {
  const topology = validateTopology({
    root_node_id: doc.microgrid.root_node_id,
    nodes: doc.nodes,
    assets: doc.assets,
  });
  const hasNode = topology.index.hasNode;
  const errors = [
    ...topology.errors,
    ...aliasTargetErrors(doc.circuit_aliases, hasNode),
    ...validateLimits(doc.limits, topology.index),
  ];
  const warnings = [...topology.warnings, ...unprotectedChargers(doc, topology.index)];
  const sorted = sortIssues(errors);
  return { valid: sorted.length === 0, errors: sorted, warnings: sortIssues(warnings) };
}

/** Validates anything: a structural problem is reported as DOCUMENT_INVALID with its path. */
export function validateDocument(input: unknown): ValidationReport & { document?: MicrogridDocument } {
  const parsed = parseMicrogridDocument(input);
  if (!parsed.ok) return { valid: false, errors: parsed.errors, warnings: [] };
  return { ...validateDocumentModel(parsed.value), document: parsed.value };
}

export interface NodeReferences {
  limits: readonly Pick<LimitPolicy, 'id' | 'node_id'>[];
  circuit_aliases: readonly CircuitAlias[];
  /** Live (PENDING or ACTIVE) envelopes only: history never blocks an edit. */
  envelopes: readonly { id: string; target_node_id: string }[];
  /** ACTIVE bindings only. */
  bindings: readonly { id: string; scope_node_id: string }[];
}

/** NODE_REFERENCED: an edit may not remove a node that something still targets. */
export function removedNodeReferences(
  remaining: (id: string) => boolean,
  refs: NodeReferences,
): ValidationError[] {
  const out: ValidationError[] = [];
  const check = (node: string, what: string, about: Partial<ValidationIssue>) => {
    if (!remaining(node))
      out.push(
        issue('NODE_REFERENCED', `node ${node} is still targeted by ${what}; change or remove that first`, {
          node_id: node,
          ...about,
        }),
      );
  };
  for (const l of refs.limits) check(l.node_id, `limit policy ${l.id}`, { policy_id: l.id });
  for (const a of refs.circuit_aliases)
    check(a.node_id, `circuit alias ${a.circuit_id}`, { circuit_id: a.circuit_id });
  for (const e of refs.envelopes) check(e.target_node_id, `operating envelope ${e.id}`, {});
  for (const b of refs.bindings) check(b.scope_node_id, `capability binding ${b.id}`, {});
  return out;
}
