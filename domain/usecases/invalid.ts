// A refused edit answers one code for the whole request (TOPOLOGY_INVALID, LIMITS_INVALID, ...)
// with every error beside it; the first error's node and field are repeated at the top level so a
// client can point at the field without walking the list.
import { fail, type Outcome } from '../failure.ts';
import { LIMIT_ERROR_CODES, type ValidationIssue } from '../issues.ts';

export function invalid<T = never>(
  code: string,
  message: string,
  errors: readonly ValidationIssue[],
  extra: Record<string, unknown> = {},
): Outcome<T> {
  const first = errors[0];
  const about: Record<string, unknown> = {};
  if (first?.node_id !== undefined) about.node_id = first.node_id;
  if (first?.field !== undefined) about.field = first.field;
  if (first?.policy_id !== undefined) about.policy_id = first.policy_id;
  return fail('INVALID', code, message, { ...extra, ...about, errors });
}

const LIMIT_CODES: ReadonlySet<string> = new Set(LIMIT_ERROR_CODES);

/** The request-level code of a whole-document refusal: the category of its first error. */
export function documentFailureCode(
  errors: readonly ValidationIssue[],
): 'TOPOLOGY_INVALID' | 'LIMITS_INVALID' {
  return errors[0] && LIMIT_CODES.has(errors[0].code) ? 'LIMITS_INVALID' : 'TOPOLOGY_INVALID';
}

export function errorSentence(errors: readonly ValidationIssue[]): string {
  const first = errors[0];
  if (!first) return 'the change is invalid';
  const more =
    errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length === 2 ? '' : 's'})` : '';
  return `${first.code}: ${first.message}${more}`;
}
