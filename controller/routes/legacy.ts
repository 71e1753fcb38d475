// The legacy circuit surface, in its fixed shapes, and the audit of its use.
import {
  legacyReadCircuit,
  legacyReadTou,
  legacyRebalance,
  legacyWriteTou,
  listAliasUsage,
} from '../../domain/usecases/index.ts';
import { actorOf, answer, instantMs } from '../http.ts';
import {
  actorHeaders,
  aliasUsageQuery,
  aliasUsageSchema,
  circuitParams,
  legacyCircuitSchema,
  legacyRebalanceSchema,
  legacyTouBody,
  legacyTouSchema,
  rebalanceBody,
} from '../schemas.ts';
import { problem, sendProblem } from '../problem.ts';
import { problems, type App, type RouteContext } from './common.ts';

export function legacyRoutes(app: App, { ports, write }: RouteContext): void {
  app.get(
    '/api/circuit/:circuit_id',
    {
      schema: {
        tags: ['legacy'],
        summary: 'A circuit: physical rating (max_power_kw) and effective limit now (available_capacity_kw)',
        params: circuitParams,
        headers: actorHeaders,
        response: { 200: legacyCircuitSchema, ...problems(409) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          legacyReadCircuit(ports, { circuitId: request.params.circuit_id, client: actorOf(request) }),
        ),
      ),
  );

  app.post(
    '/api/circuit/:circuit_id/rebalance_load',
    {
      schema: {
        tags: ['legacy'],
        summary:
          'Run exactly one cycle on the circuit’s scope (trigger LEGACY_ALIAS); 409 CIRCUIT_ALIAS_NOT_RESOLVABLE and no cycle otherwise',
        params: circuitParams,
        headers: actorHeaders,
        body: rebalanceBody,
        response: { 200: legacyRebalanceSchema, ...problems(409, 422) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          legacyRebalance(ports, { circuitId: request.params.circuit_id, client: actorOf(request) }),
        ),
      ),
  );

  app.get(
    '/api/circuit/:circuit_id/tou_limits',
    {
      schema: {
        tags: ['legacy'],
        summary:
          'The NODE policy of the mapped node in the legacy TOU shape; 422 LEGACY_SCOPE_UNSUPPORTED for an ambiguous alias',
        params: circuitParams,
        headers: actorHeaders,
        response: { 200: legacyTouSchema, ...problems(409, 422) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          legacyReadTou(ports, { circuitId: request.params.circuit_id, client: actorOf(request) }),
        ),
      ),
  );

  app.post(
    '/api/circuit/:circuit_id/tou_limits',
    {
      schema: {
        tags: ['legacy'],
        summary: 'Write the mapped node’s NODE policy (hard cap and schedule); a LEGACY_TOU version',
        params: circuitParams,
        headers: actorHeaders,
        body: legacyTouBody,
        response: { 200: legacyTouSchema, ...problems(409, 413, 422) },
      },
    },
    async (request, reply) => {
      const id = request.params.circuit_id;
      if (request.body.circuit_id !== undefined && request.body.circuit_id !== id) {
        return sendProblem(
          reply,
          problem(
            400,
            'REQUEST_INVALID',
            `body circuit_id ${request.body.circuit_id} does not match the path (${id})`,
            {
              circuit_id: id,
              errors: [{ in: 'body', path: 'circuit_id', message: 'does not match the path' }],
            },
          ),
        );
      }
      return answer(
        reply,
        await write(() =>
          legacyWriteTou(ports, { circuitId: id, client: actorOf(request), body: request.body }),
        ),
      );
    },
  );

  app.get(
    '/api/v1/legacy/alias-usage',
    {
      schema: {
        tags: ['legacy'],
        summary: 'The audit of legacy alias use, newest first',
        querystring: aliasUsageQuery,
        response: { 200: aliasUsageSchema, ...problems() },
      },
    },
    async (request) => {
      const input: Parameters<typeof listAliasUsage>[1] = { limit: request.query.limit };
      if (request.query.circuit_id !== undefined) input.circuitId = request.query.circuit_id;
      const since = instantMs(request.query.since);
      if (since !== undefined) input.since = since;
      return listAliasUsage(ports, input);
    },
  );
}
