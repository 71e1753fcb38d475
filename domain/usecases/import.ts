// Import a whole microgrid document (the desktop app's import, `microgrid app --import`, a pull of
// a controller microgrid not yet on this computer): a new id is created by createMicrogrid; an
// existing id is replaced — only when asked — by one new version holding the imported configuration,
// judged by the same rules as every other write: whole-document validation and the node references
// of live envelopes and active bindings.
import { parseMicrogridDocument } from '../document.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import { sortIssues } from '../issues.ts';
import type { MicrogridDocument } from '../model.ts';
import type { Ports, RevisionKind } from '../ports.ts';
import { removedNodeReferences, validateDocumentModel } from '../validation/document.ts';
import { appendVersion, describeDiff, diffCounts, liveNodeTargeters } from './common.ts';
import { documentFailureCode, errorSentence, invalid } from './invalid.ts';
import { createMicrogrid } from './microgrids.ts';

export interface ImportResult {
  microgrid_id: string;
  /** `created` for a new local microgrid, `replaced` when one of that id existed. */
  outcome: 'created' | 'replaced';
  version: number;
}

export interface ImportInput {
  document: unknown;
  replace: boolean;
  actor: string;
}

/** The revision kind of a replacement: the first part that changed (topology, limits, aliases). */
function replacementKind(changed: { topology: boolean; limits: boolean; aliases: boolean }): RevisionKind {
  if (changed.topology) return 'TOPOLOGY';
  if (changed.limits) return 'LIMITS';
  return 'ALIASES';
}

export function importMicrogrid(ports: Ports, input: ImportInput): Outcome<ImportResult> {
  const parsed = parseMicrogridDocument(input.document);
  if (!parsed.ok)
    return invalid(
      'DOCUMENT_INVALID',
      `the file is not a microgrid document: ${errorSentence(parsed.errors)}`,
      parsed.errors,
    );
  const doc: MicrogridDocument = parsed.value;
  const id = doc.microgrid.id;
  return ports.store.transaction(() => {
    const current = ports.store.document(id);
    if (!current) {
      const created = createMicrogrid(ports, { document: doc, actor: input.actor });
      return created.ok
        ? succeed({ microgrid_id: id, outcome: 'created' as const, version: created.value.version })
        : created;
    }
    if (!input.replace) {
      return fail(
        'CONFLICT',
        'MICROGRID_EXISTS',
        `a local microgrid with id ${id} already exists (version ${current.version}); import it again choosing to replace it`,
        {
          microgrid_id: id,
          current_version: current.version,
        },
      );
    }
    if (doc.microgrid.depot_id !== current.microgrid.depot_id) {
      return fail(
        'INVALID',
        'MICROGRID_IDENTITY_IMMUTABLE',
        `microgrid ${id} belongs to depot ${current.microgrid.depot_id}; the file says ${doc.microgrid.depot_id}`,
        {
          microgrid_id: id,
          field: 'microgrid.depot_id',
        },
      );
    }
    const report = validateDocumentModel(doc);
    const nodeIds = new Set(doc.nodes.map((n) => n.id));
    const references = removedNodeReferences((n) => nodeIds.has(n), {
      limits: [],
      circuit_aliases: [],
      ...liveNodeTargeters(ports, id),
    });
    const errors = sortIssues([...report.errors, ...references]);
    if (errors.length) {
      return invalid(
        documentFailureCode(errors),
        `microgrid ${id} is invalid: ${errorSentence(errors)}`,
        errors,
        { microgrid_id: id },
      );
    }
    const diffs = [
      describeDiff(
        'nodes',
        diffCounts(current.nodes, doc.nodes, (n) => n.id),
      ),
      describeDiff(
        'assets',
        diffCounts(current.assets, doc.assets, (a) => a.id),
      ),
      describeDiff(
        'policies',
        diffCounts(current.limits, doc.limits, (p) => p.id),
      ),
      describeDiff(
        'circuit aliases',
        diffCounts(current.circuit_aliases, doc.circuit_aliases, (a) => a.circuit_id),
      ),
    ].filter(Boolean);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const changed = {
      topology:
        !same(current.microgrid, doc.microgrid) ||
        !same(current.nodes, doc.nodes) ||
        !same(current.assets, doc.assets),
      limits: !same(current.limits, doc.limits),
      aliases: !same(current.circuit_aliases, doc.circuit_aliases),
    };
    if (!changed.topology && !changed.limits && !changed.aliases) {
      return succeed({ microgrid_id: id, outcome: 'replaced' as const, version: current.version });
    }
    const stored = appendVersion(
      ports,
      current,
      doc,
      replacementKind(changed),
      `imported: ${diffs.length ? diffs.join(', ') : 'identity or order changed'}`,
      input.actor,
    );
    return succeed({ microgrid_id: id, outcome: 'replaced' as const, version: stored.version });
  });
}
