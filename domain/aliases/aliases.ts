import { compareIds } from '../ids.ts';

// Legacy circuit aliases: a circuit id is resolvable when exactly one alias row exists for it
// across all microgrids and its node exists (domain.md "Legacy circuit aliases").

export interface AliasRow {
  microgrid_id: string;
  circuit_id: string;
  node_id: string;
}

export type AliasResolution =
  | { status: 'RESOLVED'; circuit_id: string; microgrid_id: string; node_id: string }
  | { status: 'NO_ALIAS'; circuit_id: string }
  | { status: 'NODE_MISSING'; circuit_id: string; microgrid_id: string; node_id: string }
  | { status: 'AMBIGUOUS'; circuit_id: string; rows: AliasRow[] };

export function resolveCircuitAlias(
  rows: readonly AliasRow[],
  circuitId: string,
  nodeExists: (microgridId: string, nodeId: string) => boolean,
): AliasResolution {
  const matches = rows.filter((r) => r.circuit_id === circuitId);
  if (matches.length === 0) return { status: 'NO_ALIAS', circuit_id: circuitId };
  if (matches.length > 1) {
    const sorted = [...matches].sort(
      (a, b) => compareIds(a.microgrid_id, b.microgrid_id) || compareIds(a.node_id, b.node_id),
    );
    return { status: 'AMBIGUOUS', circuit_id: circuitId, rows: sorted };
  }
  const row = matches[0]!;
  if (!nodeExists(row.microgrid_id, row.node_id)) {
    return {
      status: 'NODE_MISSING',
      circuit_id: circuitId,
      microgrid_id: row.microgrid_id,
      node_id: row.node_id,
    };
  }
  return { status: 'RESOLVED', circuit_id: circuitId, microgrid_id: row.microgrid_id, node_id: row.node_id };
}

export type LegacyPurpose = 'READ' | 'REBALANCE' | 'TOU';

/**
 * The failure code a legacy endpoint answers for an unresolved alias: a TOU read or write of an
 * ambiguous alias is an unsupported scope (422), everything else is not resolvable (409).
 */
export function aliasFailure(
  resolution: Exclude<AliasResolution, { status: 'RESOLVED' }>,
  purpose: LegacyPurpose,
): { code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE' | 'LEGACY_SCOPE_UNSUPPORTED'; status: 409 | 422; detail: string } {
  const id = resolution.circuit_id;
  if (resolution.status === 'AMBIGUOUS') {
    const where = resolution.rows.map((r) => `${r.microgrid_id}/${r.node_id}`).join(', ');
    if (purpose === 'TOU') {
      return {
        code: 'LEGACY_SCOPE_UNSUPPORTED',
        status: 422,
        detail: `circuit ${id} maps to ${resolution.rows.length} scopes (${where}); a TOU limit can only be read or written for a circuit with one scope`,
      };
    }
    return {
      code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE',
      status: 409,
      detail: `circuit ${id} is ambiguous: it maps to ${resolution.rows.length} scopes (${where})`,
    };
  }
  if (resolution.status === 'NODE_MISSING') {
    return {
      code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE',
      status: 409,
      detail: `circuit ${id} maps to node ${resolution.node_id} of ${resolution.microgrid_id}, which no longer exists`,
    };
  }
  return {
    code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE',
    status: 409,
    detail: `circuit ${id} has no alias to a microgrid scope`,
  };
}
