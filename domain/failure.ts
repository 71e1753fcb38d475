// A use case either succeeds or fails with a machine code, a human sentence and the details a
// client needs to act. `kind` lets each transport choose its status (HTTP 404/409/422, exit 2, ...).

export type FailureKind = 'INVALID' | 'CONFLICT' | 'NOT_FOUND' | 'PRECONDITION_REQUIRED';

/**
 * The HTTP status of each kind: the controller answers with it, and the simulator's in-process
 * delivery reports the same status an HTTP delivery would have seen.
 */
export const HTTP_STATUS_OF_FAILURE: Readonly<Record<FailureKind, number>> = {
  INVALID: 422,
  CONFLICT: 409,
  NOT_FOUND: 404,
  PRECONDITION_REQUIRED: 428,
};

export interface Failure {
  code: string;
  message: string;
  kind: FailureKind;
  details?: Record<string, unknown>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  kind: FailureKind,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): Outcome<T> {
  return { ok: false, failure: details ? { code, message, kind, details } : { code, message, kind } };
}
