// The circuit alias table of a microgrid: legacy circuit ids mapped to Microgrid Nodes. Part of the
// versioned configuration (If-Match on write).
import { succeed, type Outcome } from '../failure.ts';
import { sortIssues } from '../issues.ts';
import type { CircuitAlias } from '../model.ts';
import type { Ports, StoredDocument } from '../ports.ts';
import { aliasTargetErrors } from '../validation/document.ts';
import { appendVersion, checkBaseVersion, currentDocument, describeDiff, diffCounts } from './common.ts';
import { errorSentence, invalid } from './invalid.ts';

export interface AliasesView {
  microgrid_id: string;
  version: number;
  updated_at: string;
  updated_by: string;
  circuit_aliases: CircuitAlias[];
}

function aliasesView(doc: StoredDocument): AliasesView {
  return {
    microgrid_id: doc.microgrid.id,
    version: doc.version,
    updated_at: doc.updated_at,
    updated_by: doc.updated_by,
    circuit_aliases: doc.circuit_aliases,
  };
}

export function readAliases(ports: Ports, input: { microgridId: string }): Outcome<AliasesView> {
  const doc = currentDocument(ports, input.microgridId);
  return doc.ok ? succeed(aliasesView(doc.value)) : doc;
}

/**
 * Replaces the alias table. A circuit id may appear more than once (in one microgrid or across
 * several): it is then ambiguous for the legacy API, which is the point of recording it.
 */
export function putAliases(
  ports: Ports,
  input: { microgridId: string; baseVersion?: number; actor: string; circuit_aliases: CircuitAlias[] },
): Outcome<AliasesView> {
  return ports.store.transaction(() => {
    const base = checkBaseVersion(ports, input.microgridId, input.baseVersion);
    if (!base.ok) return base;
    const current = base.value;
    const nodes = new Set(current.nodes.map((n) => n.id));
    const errors = sortIssues(aliasTargetErrors(input.circuit_aliases, (id) => nodes.has(id)));
    if (errors.length) {
      return invalid(
        'ALIASES_INVALID',
        `the circuit aliases of ${input.microgridId} are invalid: ${errorSentence(errors)}`,
        errors,
        { microgrid_id: input.microgridId },
      );
    }
    if (JSON.stringify(current.circuit_aliases) === JSON.stringify(input.circuit_aliases))
      return succeed(aliasesView(current));
    const diff =
      describeDiff(
        'circuit aliases',
        diffCounts(
          current.circuit_aliases,
          input.circuit_aliases,
          (a) => `${a.circuit_id}\u0000${a.node_id}`,
        ),
      ) ?? 'circuit aliases reordered';
    return succeed(
      aliasesView(
        appendVersion(
          ports,
          current,
          { ...current, circuit_aliases: input.circuit_aliases },
          'ALIASES',
          `aliases: ${diff}`,
          input.actor,
        ),
      ),
    );
  });
}
