// Profile text to a plain value: JSON, or YAML through the `yaml` library (YAML 1.2 core schema,
// so instants stay strings). A syntax error is a profile error like any other, not a crash.
import { parseDocument } from 'yaml';
import { issue, type ValidationIssue } from '../../domain/index.ts';

export type ProfileFormat = 'json' | 'yaml';

export type ReadResult = { ok: true; value: unknown } | { ok: false; errors: ValidationIssue[] };

/** `.json` is JSON, `.yaml`/`.yml` YAML; anything else is tried as JSON first, then YAML. */
export function formatOf(fileName: string): ProfileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

function readJson(text: string): ReadResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return {
      ok: false,
      errors: [issue('PROFILE_INVALID', `the profile is not valid JSON: ${(e as Error).message}`)],
    };
  }
}

function readYaml(text: string): ReadResult {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return issue(
          'PROFILE_INVALID',
          `the profile is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ''}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        );
      }),
    };
  }
  return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

export function readProfileText(text: string, format?: ProfileFormat): ReadResult {
  if (format === 'json') return readJson(text);
  if (format === 'yaml') return readYaml(text);
  const json = readJson(text);
  return json.ok ? json : readYaml(text);
}
