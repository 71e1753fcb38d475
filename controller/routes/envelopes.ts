// Operating envelopes: receive, list at an instant, read one, withdraw.
import {
  getEnvelope,
  listEnvelopes,
  receiveEnvelope,
  withdrawEnvelope,
} from '../../domain/usecases/index.ts';
import type { EnvelopeFilter } from '../../domain/index.ts';
import { answer, instantMs } from '../http.ts';
import {
  envelopeBody,
  envelopeListSchema,
  envelopeParams,
  envelopeQuery,
  envelopeSchema,
  atQuery,
  microgridParams,
  withdrawBody,
} from '../schemas.ts';
import { problems, type App, type RouteContext } from './common.ts';

export function envelopeRoutes(app: App, { ports, write }: RouteContext): void {
  app.post(
    '/api/v1/microgrids/:id/envelopes',
    {
      schema: {
        tags: ['envelopes'],
        summary: 'Receive an operating envelope: 201 new, 200 duplicate (same source_id and external_ref)',
        params: microgridParams,
        body: envelopeBody,
        response: { 200: envelopeSchema, 201: envelopeSchema, ...problems(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const out = await write(() =>
        receiveEnvelope(ports, { microgridId: request.params.id, envelope: request.body }),
      );
      if (!out.ok) return answer(reply, out);
      reply.header(
        'location',
        `/api/v1/microgrids/${encodeURIComponent(request.params.id)}/envelopes/${encodeURIComponent(out.value.envelope.id)}`,
      );
      return answer(reply, { ok: true, value: out.value.envelope }, out.value.kind === 'CREATED' ? 201 : 200);
    },
  );

  app.get(
    '/api/v1/microgrids/:id/envelopes',
    {
      schema: {
        tags: ['envelopes'],
        summary: 'Current and historical envelopes with their status at ?at=',
        params: microgridParams,
        querystring: envelopeQuery,
        response: { 200: envelopeListSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const filter: EnvelopeFilter = {};
      if (request.query.status !== undefined) filter.status = request.query.status;
      if (request.query.target_node_id !== undefined) filter.target_node_id = request.query.target_node_id;
      const input: Parameters<typeof listEnvelopes>[1] = { microgridId: request.params.id, filter };
      const at = instantMs(request.query.at);
      if (at !== undefined) input.at = at;
      return answer(reply, listEnvelopes(ports, input));
    },
  );

  app.get(
    '/api/v1/microgrids/:id/envelopes/:eid',
    {
      schema: {
        tags: ['envelopes'],
        summary: 'One envelope with its events and source metadata',
        params: envelopeParams,
        querystring: atQuery,
        response: { 200: envelopeSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const input: Parameters<typeof getEnvelope>[1] = {
        microgridId: request.params.id,
        envelopeId: request.params.eid,
      };
      const at = instantMs(request.query.at);
      if (at !== undefined) input.at = at;
      return answer(reply, getEnvelope(ports, input));
    },
  );

  app.post(
    '/api/v1/microgrids/:id/envelopes/:eid/withdraw',
    {
      schema: {
        tags: ['envelopes'],
        summary: 'Withdraw a live envelope; ENVELOPE_NOT_LIVE if terminal or expired',
        params: envelopeParams,
        body: withdrawBody,
        response: { 200: envelopeSchema, ...problems(404, 409) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          withdrawEnvelope(ports, {
            microgridId: request.params.id,
            envelopeId: request.params.eid,
            reason: request.body.reason,
          }),
        ),
      ),
  );
}
