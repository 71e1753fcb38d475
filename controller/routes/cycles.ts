// Cycles on request, the cycle history, breaches and the canonical status surface.
import {
  getCycle,
  listBreaches,
  listCycles,
  microgridStatus,
  runStoredCycle,
  type RunCycleInput,
} from '../../domain/usecases/index.ts';
import { answer, instantMs } from '../http.ts';
import {
  breachListSchema,
  breachQuery,
  cycleListQuery,
  cycleListSchema,
  cycleParams,
  cycleResultSchema,
  microgridParams,
  runCycleBody,
  statusSchema,
} from '../schemas.ts';
import { problems, type App, type RouteContext } from './common.ts';

export function cycleRoutes(app: App, { ports, write }: RouteContext): void {
  app.post(
    '/api/v1/microgrids/:id/cycles',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Run a cycle now (trigger CANONICAL_REQUEST); the cycle result of cycle.md',
        params: microgridParams,
        body: runCycleBody,
        response: { 200: cycleResultSchema, ...problems(404, 422) },
      },
    },
    async (request, reply) => {
      const input: RunCycleInput = { microgridId: request.params.id, trigger: 'CANONICAL_REQUEST' };
      if (request.body?.scope_node_id !== undefined) input.scopeNodeId = request.body.scope_node_id;
      const at = instantMs(request.body?.at);
      if (at !== undefined) input.at = at;
      return answer(reply, await write(() => runStoredCycle(ports, input)));
    },
  );

  app.get(
    '/api/v1/microgrids/:id/cycles',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Recent cycles, newest first',
        params: microgridParams,
        querystring: cycleListQuery,
        response: { 200: cycleListSchema, ...problems(404) },
      },
    },
    async (request, reply) =>
      answer(reply, listCycles(ports, { microgridId: request.params.id, limit: request.query.limit })),
  );

  app.get(
    '/api/v1/microgrids/:id/cycles/:cid',
    {
      schema: {
        tags: ['cycles'],
        summary: 'One cycle result',
        params: cycleParams,
        response: { 200: cycleResultSchema, ...problems(404) },
      },
    },
    async (request, reply) =>
      answer(reply, getCycle(ports, { microgridId: request.params.id, cycleId: request.params.cid })),
  );

  app.get(
    '/api/v1/microgrids/:id/breaches',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Breaches with their cycle, newest first; ?since= keeps cycles at or after it',
        params: microgridParams,
        querystring: breachQuery,
        response: { 200: breachListSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const input: Parameters<typeof listBreaches>[1] = {
        microgridId: request.params.id,
        limit: request.query.limit,
      };
      const since = instantMs(request.query.since);
      if (since !== undefined) input.since = since;
      return answer(reply, listBreaches(ports, input));
    },
  );

  app.get(
    '/api/v1/microgrids/:id/status',
    {
      schema: {
        tags: ['cycles'],
        summary: 'Latest cycle, active envelopes, capability status by scope, open breaches, config version',
        params: microgridParams,
        response: { 200: statusSchema, ...problems(404) },
      },
    },
    async (request, reply) => answer(reply, microgridStatus(ports, { microgridId: request.params.id })),
  );
}
