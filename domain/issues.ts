// Validation results: each error or warning carries a machine code and a human sentence, plus the
// ids and the exact field it is about. Lists are ordered by the code's rank in domain.md, then by id.

export const TOPOLOGY_ERROR_CODES = [
  'TOPOLOGY_EMPTY',
  'TOPOLOGY_DUPLICATE_ID',
  'TOPOLOGY_ROOT_INVALID',
  'TOPOLOGY_ORPHAN_NODE',
  'TOPOLOGY_CYCLE',
  'ASSET_NODE_MISSING',
  'RATING_INVALID',
  'NODE_REFERENCED',
] as const;

export const LIMIT_ERROR_CODES = [
  'LIMIT_TARGET_MISSING',
  'LIMIT_DUPLICATE_POLICY',
  'LIMIT_VALUE_INVALID',
  'LIMIT_EXCEEDS_PHYSICAL_RATING',
  'SCHEDULE_WINDOW_INVALID',
  'SCHEDULE_WINDOW_OVERLAP',
] as const;

/** Structural problems found before any domain rule can be checked (wrong type, bad id, ...). */
export const DOCUMENT_ERROR_CODES = ['DOCUMENT_INVALID'] as const;

export const WARNING_CODES = [
  'ROOT_NOT_GRID_CONNECTION',
  'CHILD_RATING_ABOVE_PARENT',
  'CHARGER_WITHOUT_NODE_POLICY',
] as const;

export type TopologyErrorCode = (typeof TOPOLOGY_ERROR_CODES)[number];
export type LimitErrorCode = (typeof LIMIT_ERROR_CODES)[number];
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];
export type ValidationErrorCode = DocumentErrorCode | TopologyErrorCode | LimitErrorCode;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface ValidationIssue<C extends string = string> {
  code: C;
  message: string;
  node_id?: string;
  asset_id?: string;
  policy_id?: string;
  circuit_id?: string;
  field?: string;
  node_ids?: string[];
}

export type ValidationError = ValidationIssue<ValidationErrorCode>;
export type ValidationWarning = ValidationIssue<WarningCode>;

const RANK: ReadonlyMap<string, number> = new Map(
  [...DOCUMENT_ERROR_CODES, ...TOPOLOGY_ERROR_CODES, ...LIMIT_ERROR_CODES, ...WARNING_CODES].map(
    (code, i) => [code, i],
  ),
);

/** Builds an issue with its members always in the same order, so its JSON is stable byte for byte. */
export function issue<C extends string>(
  code: C,
  message: string,
  about: Omit<ValidationIssue<C>, 'code' | 'message'> = {},
): ValidationIssue<C> {
  const out: ValidationIssue<C> = { code, message };
  if (about.node_id !== undefined) out.node_id = about.node_id;
  if (about.asset_id !== undefined) out.asset_id = about.asset_id;
  if (about.policy_id !== undefined) out.policy_id = about.policy_id;
  if (about.circuit_id !== undefined) out.circuit_id = about.circuit_id;
  if (about.field !== undefined) out.field = about.field;
  if (about.node_ids !== undefined) out.node_ids = about.node_ids;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function subjectId(i: ValidationIssue): string {
  return i.node_id ?? i.asset_id ?? i.policy_id ?? i.circuit_id ?? '';
}

/**
 * Rank of the code, then the id the issue is about, then the remaining members: the order never
 * depends on the order of the input arrays. Identical issues (e.g. from two identical duplicate
 * nodes) are reported once.
 */
export function sortIssues<I extends ValidationIssue>(issues: I[]): I[] {
  const keyed = issues.map((i) => ({ i, json: JSON.stringify(i) }));
  keyed.sort(
    (a, b) =>
      (RANK.get(a.i.code) ?? 999) - (RANK.get(b.i.code) ?? 999) ||
      cmp(subjectId(a.i), subjectId(b.i)) ||
      cmp(a.i.policy_id ?? '', b.i.policy_id ?? '') ||
      cmp(a.i.field ?? '', b.i.field ?? '') ||
      cmp(a.json, b.json),
  );
  const out: I[] = [];
  let last = '';
  for (const k of keyed) {
    if (k.json !== last) out.push(k.i);
    last = k.json;
  }
  return out;
}
