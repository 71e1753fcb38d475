// Create a microgrid from a whole document, and list the microgrids.
import { succeed, fail, type Outcome } from '../failure.ts';
import type { MicrogridDocument } from '../model.ts';
import type { MicrogridSummary, Ports, StoredDocument } from '../ports.ts';
import { validateDocumentModel } from '../validation/document.ts';
import { appendVersion, plural } from './common.ts';
import { documentFailureCode, errorSentence, invalid } from './invalid.ts';

export function listMicrogrids(ports: Ports): { microgrids: MicrogridSummary[] } {
  return { microgrids: ports.store.listMicrogrids() };
}

export interface CreateMicrogridInput {
  document: MicrogridDocument;
  actor: string;
}

/** Version 1 of a new microgrid; every rule of domain.md is checked first and nothing is stored on failure. */
export function createMicrogrid(ports: Ports, input: CreateMicrogridInput): Outcome<StoredDocument> {
  const doc = input.document;
  const id = doc.microgrid.id;
  return ports.store.transaction(() => {
    const existing = ports.store.currentVersion(id);
    if (existing !== undefined) {
      return fail(
        'CONFLICT',
        'MICROGRID_EXISTS',
        `a microgrid with id ${id} already exists (version ${existing}); change it with PUT instead`,
        { microgrid_id: id, current_version: existing },
      );
    }
    const report = validateDocumentModel(doc);
    if (!report.valid) {
      return invalid(
        documentFailureCode(report.errors),
        `microgrid ${id} is invalid: ${errorSentence(report.errors)}`,
        report.errors,
        { microgrid_id: id },
      );
    }
    const summary = `created: ${plural(doc.nodes.length, 'node')}, ${plural(doc.assets.length, 'asset')}, ${plural(doc.limits.length, 'limit policy', 'limit policies')}, ${plural(doc.circuit_aliases.length, 'circuit alias', 'circuit aliases')}`;
    return succeed(appendVersion(ports, null, doc, 'CREATED', summary, input.actor));
  });
}
