// Every error on the wire is RFC 9457 problem+json: {type, title, status, detail, code, ...}
// with the machine code of the spec and its details as extra members. Never an HTML page,
// never a stack trace — including fastify's own errors (bad JSON, body too large, no route).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HTTP_STATUS_OF_FAILURE, type Failure } from '../domain/index.ts';

export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code', 'instance']);

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [member: string]: unknown;
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  const out: Problem = {
    type: `urn:microgrid-studio:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
  for (const [k, v] of Object.entries(extra)) if (!RESERVED.has(k) && v !== undefined) out[k] = v;
  return out;
}

export function failureProblem(f: Failure): Problem {
  return problem(HTTP_STATUS_OF_FAILURE[f.kind], f.code, f.message, f.details);
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type(PROBLEM_TYPE).send(p);
}

/** `/nodes/3/kind` → `nodes[3].kind`, the path notation the domain's errors use. */
export function pointerToPath(pointer: string): string {
  let out = '';
  for (const part of pointer.split('/').filter(Boolean)) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'REQUEST_INVALID'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'REQUEST_INVALID'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'REQUEST_INVALID'],
  FST_ERR_BAD_URL: [400, 'REQUEST_INVALID'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'REQUEST_INVALID'],
};

/** Turns any error a request can meet into its problem. Unknown failures are 500 without internals. */
export function errorProblem(err: FastifyError, _request: FastifyRequest): Problem {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const errors = err.validation.map((v) => ({
      in: where,
      path: pointerToPath(v.instancePath),
      message: v.message ?? 'invalid',
    }));
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return problem(
      400,
      'REQUEST_INVALID',
      `${where}${first.path ? ` ${first.path}` : ''}: ${first.message}${more}`,
      { errors },
    );
  }
  if (err instanceof ProblemError) return err.problem;
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) {
    const [status, code] = known;
    const detail = status === 413 ? 'the request body is larger than the 5 MiB limit' : err.message;
    return problem(
      status,
      code,
      detail,
      status === 400 ? { errors: [{ in: 'body', path: '', message: err.message }] } : {},
    );
  }
  if (err instanceof SyntaxError) {
    return problem(400, 'REQUEST_INVALID', `the body is not valid JSON: ${err.message}`, {
      errors: [{ in: 'body', path: '', message: err.message }],
    });
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500)
    return problem(status, status === 404 ? 'ROUTE_NOT_FOUND' : 'REQUEST_INVALID', err.message);
  return problem(
    500,
    'INTERNAL_ERROR',
    'the controller failed to handle this request; the failure is logged on the controller',
  );
}

/** A thrown error that carries its problem (for checks made outside the schema, e.g. headers). */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export function installProblemHandlers(
  app: FastifyInstance,
  log: (line: string) => void,
  onRejected: (request: FastifyRequest, p: Problem) => void = () => {},
): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const p = errorProblem(err, request);
    if (p.status >= 500) log(`${request.method} ${request.url} failed: ${err.stack ?? err.message}`);
    try {
      onRejected(request, p);
    } catch (e) {
      log(`recording the rejection of ${request.method} ${request.url} failed: ${(e as Error).message}`);
    }
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = METHODS.filter(
      (m) => m !== request.method && app.findRoute({ method: m, url: path }) !== null,
    );
    if (allowed.length) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        problem(
          405,
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
          { allow: allowed },
        ),
      );
    }
    return sendProblem(reply, problem(404, 'ROUTE_NOT_FOUND', `no route ${request.method} ${path}`));
  });
}
