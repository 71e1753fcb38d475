// What every route module shares: the typed fastify instance, the ports, and the OpenAPI
// description of error answers (problem+json).
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ports } from '../../domain/index.ts';
import { problemSchema } from '../schemas.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteContext {
  ports: Ports;
  /** Runs a write in the group-commit queue; resolves once it is on disk. */
  write<T>(fn: () => T): Promise<T>;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'REQUEST_INVALID: malformed JSON or a body, query or header that fails the schema (errors[] names the paths)',
  401: 'UNAUTHENTICATED: a token is configured and the request lacks it',
  404: 'not found (MICROGRID_NOT_FOUND, <THING>_NOT_FOUND)',
  409: 'conflict (CONFIG_VERSION_CONFLICT, CAPABILITY_SOURCE_CONFLICT, ...)',
  413: 'PAYLOAD_TOO_LARGE: body over 5 MiB',
  422: 'a domain rule is broken; the code names it and errors[] lists every error',
  428: 'PRECONDITION_REQUIRED: the write named no base version',
};

/** OpenAPI entries for error answers, each application/problem+json. */
export function problems(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: Record<string, { schema: typeof problemSchema }> }
  > = {};
  for (const s of [400, 401, ...statuses])
    out[s] = {
      description: DESCRIPTIONS[s] ?? 'error',
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  return out;
}
