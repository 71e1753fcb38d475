// Microgrids and their versioned configuration: topology, revisions, limits, active limits and the
// circuit alias table.
import {
  activeLimits,
  createMicrogrid,
  listMicrogrids,
  listRevisions,
  readDocument,
  putAliases,
  putLimits,
  putTopology,
  readAliases,
  readLimits,
  readTopology,
} from '../../domain/usecases/index.ts';
import type { MicrogridDocument } from '../../domain/index.ts';
import { actorOf, answer, baseVersionOf, etag, instantMs } from '../http.ts';
import {
  activeLimitsSchema,
  aliasesSchema,
  atQuery,
  createMicrogridBody,
  limitsSchema,
  microgridListSchema,
  microgridParams,
  putAliasesBody,
  putLimitsBody,
  putTopologyBody,
  revisionsSchema,
  storedDocumentSchema,
  topologyQuery,
  topologySchema,
  versionHeaders,
  actorHeaders,
} from '../schemas.ts';
import { problems, type App, type RouteContext } from './common.ts';

const versioned = (v: { version: number }) => ({ etag: etag(v.version) });

export function configRoutes(app: App, { ports, write }: RouteContext): void {
  app.get(
    '/api/v1/microgrids',
    {
      schema: {
        tags: ['microgrids'],
        summary: 'List microgrids',
        response: { 200: microgridListSchema, ...problems() },
      },
    },
    async () => listMicrogrids(ports),
  );

  app.post(
    '/api/v1/microgrids',
    {
      schema: {
        tags: ['microgrids'],
        summary: 'Create a microgrid from a whole document',
        headers: actorHeaders,
        body: createMicrogridBody,
        response: { 201: storedDocumentSchema, ...problems(409, 413, 422) },
      },
    },
    async (request, reply) => {
      const document = request.body as MicrogridDocument;
      return answer(
        reply,
        await write(() => createMicrogrid(ports, { document, actor: actorOf(request) })),
        201,
        (d) => ({
          ...versioned(d),
          location: `/api/v1/microgrids/${encodeURIComponent(d.microgrid.id)}/topology`,
        }),
      );
    },
  );

  app.get(
    '/api/v1/microgrids/:id/topology',
    {
      schema: {
        tags: ['topology'],
        summary: 'The topology in one response; ?version=N reads an earlier version',
        params: microgridParams,
        querystring: topologyQuery,
        response: { 200: topologySchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const input: { microgridId: string; version?: number } = { microgridId: request.params.id };
      if (request.query.version !== undefined) input.version = request.query.version;
      return answer(reply, readTopology(ports, input), 200, versioned);
    },
  );

  app.put(
    '/api/v1/microgrids/:id/topology',
    {
      schema: {
        tags: ['topology'],
        summary: 'Replace nodes and assets (If-Match)',
        params: microgridParams,
        headers: versionHeaders,
        body: putTopologyBody,
        response: { 200: topologySchema, ...problems(404, 409, 413, 422, 428) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const input: Parameters<typeof putTopology>[1] = {
        microgridId: request.params.id,
        baseVersion: baseVersionOf(request, b.base_version),
        actor: actorOf(request),
        nodes: b.nodes,
        assets: b.assets,
      };
      if (b.microgrid) input.microgrid = b.microgrid;
      return answer(reply, await write(() => putTopology(ports, input)), 200, versioned);
    },
  );

  app.get(
    '/api/v1/microgrids/:id/document',
    {
      schema: {
        tags: ['topology'],
        summary:
          'The whole microgrid document of the current version, or of ?version=N (what a sync diffs against)',
        params: microgridParams,
        querystring: topologyQuery,
        response: { 200: storedDocumentSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const input: { microgridId: string; version?: number } = { microgridId: request.params.id };
      if (request.query.version !== undefined) input.version = request.query.version;
      return answer(reply, readDocument(ports, input), 200, versioned);
    },
  );

  app.get(
    '/api/v1/microgrids/:id/revisions',
    {
      schema: {
        tags: ['topology'],
        summary: 'Every accepted version',
        params: microgridParams,
        response: { 200: revisionsSchema, ...problems(404) },
      },
    },
    async (request, reply) => answer(reply, listRevisions(ports, { microgridId: request.params.id })),
  );

  app.get(
    '/api/v1/microgrids/:id/limits',
    {
      schema: {
        tags: ['limits'],
        summary: 'The limit policy set',
        params: microgridParams,
        response: { 200: limitsSchema, ...problems(404) },
      },
    },
    async (request, reply) =>
      answer(reply, readLimits(ports, { microgridId: request.params.id }), 200, versioned),
  );

  app.put(
    '/api/v1/microgrids/:id/limits',
    {
      schema: {
        tags: ['limits'],
        summary: 'Replace the limit policy set (If-Match)',
        params: microgridParams,
        headers: versionHeaders,
        body: putLimitsBody,
        response: { 200: limitsSchema, ...problems(404, 409, 413, 422, 428) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          putLimits(ports, {
            microgridId: request.params.id,
            baseVersion: baseVersionOf(request, request.body.base_version),
            actor: actorOf(request),
            policies: request.body.policies,
          }),
        ),
        200,
        versioned,
      ),
  );

  app.get(
    '/api/v1/microgrids/:id/limits/active',
    {
      schema: {
        tags: ['limits'],
        summary: 'The limits in force at ?at= (default now)',
        params: microgridParams,
        querystring: atQuery,
        response: { 200: activeLimitsSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const input: { microgridId: string; at?: number } = { microgridId: request.params.id };
      const at = instantMs(request.query.at);
      if (at !== undefined) input.at = at;
      return answer(reply, activeLimits(ports, input));
    },
  );

  app.get(
    '/api/v1/microgrids/:id/circuit-aliases',
    {
      schema: {
        tags: ['aliases'],
        summary: 'The circuit alias table',
        params: microgridParams,
        response: { 200: aliasesSchema, ...problems(404) },
      },
    },
    async (request, reply) =>
      answer(reply, readAliases(ports, { microgridId: request.params.id }), 200, versioned),
  );

  app.put(
    '/api/v1/microgrids/:id/circuit-aliases',
    {
      schema: {
        tags: ['aliases'],
        summary: 'Replace the circuit alias table (If-Match)',
        params: microgridParams,
        headers: versionHeaders,
        body: putAliasesBody,
        response: { 200: aliasesSchema, ...problems(404, 409, 422, 428) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          putAliases(ports, {
            microgridId: request.params.id,
            baseVersion: baseVersionOf(request, request.body.base_version),
            actor: actorOf(request),
            circuit_aliases: request.body.circuit_aliases,
          }),
        ),
        200,
        versioned,
      ),
  );
}
