// Small translations between HTTP and the use cases: who is asking (X-Actor), which version a write
// is based on (If-Match or base_version), and an Outcome turned into a response.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS } from '../domain/usecases/index.ts';
import type { Outcome } from '../domain/index.ts';
import { failureProblem, problem, ProblemError, sendProblem } from './problem.ts';

const MAX_ACTOR = 200;

export function actorOf(request: FastifyRequest): string {
  const raw = request.headers['x-actor'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return ANONYMOUS;
  if (value.length > MAX_ACTOR) {
    throw new ProblemError(
      problem(400, 'REQUEST_INVALID', `the X-Actor header is longer than ${MAX_ACTOR} characters`, {
        errors: [{ in: 'headers', path: 'x-actor', message: 'too long' }],
      }),
    );
  }
  return value;
}

/** `"3"`, `W/"3"` or a bare `3` → 3. Anything else is a bad request, not a missing precondition. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) {
    throw new ProblemError(
      problem(
        400,
        'REQUEST_INVALID',
        `If-Match must be one configuration version such as "3" (got ${JSON.stringify(header.slice(0, 40))})`,
        {
          errors: [{ in: 'headers', path: 'if-match', message: 'not a version' }],
        },
      ),
    );
  }
  return Number(m[1]);
}

/** The version a write is based on: If-Match or base_version (they must agree when both are sent). */
export function baseVersionOf(request: FastifyRequest, bodyVersion: number | undefined): number | undefined {
  const header = parseIfMatch(request.headers['if-match'] as string | undefined);
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion) {
    throw new ProblemError(
      problem(
        400,
        'REQUEST_INVALID',
        `If-Match says version ${header} but base_version says ${bodyVersion}; send one`,
        { errors: [{ in: 'body', path: 'base_version', message: 'disagrees with If-Match' }] },
      ),
    );
  }
  return header ?? bodyVersion;
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** Sends the value with `status`, or the failure as problem+json. */
export function answer<T>(
  reply: FastifyReply,
  outcome: Outcome<T>,
  status = 200,
  headers: (value: T) => Record<string, string> = () => ({}),
): FastifyReply {
  if (!outcome.ok) return sendProblem(reply, failureProblem(outcome.failure));
  reply.headers(headers(outcome.value));
  return reply.code(status).send(outcome.value);
}

export function instantMs(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}
