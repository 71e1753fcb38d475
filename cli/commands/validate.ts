// `microgrid validate FILE [--json]`: {valid, errors, warnings} of a microgrid document.
import {
  issue,
  validateDocument,
  type MicrogridDocument,
  type ValidationIssue,
  type ValidationReport,
} from '../../domain/index.ts';
import { EXIT_INVALID, EXIT_OK, jsonText, parseJsonText, readText, type Io } from '../io.ts';

export function describeIssue(kind: 'error' | 'warning', i: ValidationIssue): string {
  const about = [
    i.node_id !== undefined ? `node ${i.node_id}` : '',
    i.asset_id !== undefined ? `asset ${i.asset_id}` : '',
    i.policy_id !== undefined ? `policy ${i.policy_id}` : '',
    i.field !== undefined ? `field ${i.field}` : '',
  ].filter(Boolean);
  return `  ${kind} ${i.code}${about.length ? ` (${about.join(', ')})` : ''}: ${i.message}`;
}

export async function validateCommand(file: string, opts: { json?: boolean }, io: Io): Promise<number> {
  const read = parseJsonText(await readText(file));
  const report: ValidationReport & { document?: MicrogridDocument } = read.ok
    ? validateDocument(read.value)
    : { valid: false, errors: [issue('DOCUMENT_INVALID', read.message)], warnings: [] };
  const result = { valid: report.valid, errors: report.errors, warnings: report.warnings };
  if (opts.json) {
    io.out(jsonText(result));
  } else {
    const doc = report.document;
    const what = doc
      ? `microgrid ${doc.microgrid.id}: ${doc.nodes.length} nodes, ${doc.assets.length} assets, ${doc.limits.length} limit policies, ${doc.circuit_aliases.length} circuit aliases`
      : file;
    const counts = `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}`;
    const lines = [`${result.valid ? 'valid' : 'INVALID'} — ${what} (${counts})`];
    for (const e of result.errors) lines.push(describeIssue('error', e));
    for (const w of result.warnings) lines.push(describeIssue('warning', w));
    io.out(`${lines.join('\n')}\n`);
  }
  return result.valid ? EXIT_OK : EXIT_INVALID;
}
