// Capability bindings, status events and the status by scope.
import {
  acceptCapabilityEvent,
  bindCapability,
  capabilityStatus,
  listBindings,
  releaseBinding,
} from '../../domain/usecases/index.ts';
import { answer } from '../http.ts';
import {
  bindBody,
  bindingListSchema,
  bindingParams,
  bindingSchema,
  eventBody,
  eventResultSchema,
  microgridParams,
  statusListSchema,
  statusQuery,
} from '../schemas.ts';
import { problems, type App, type RouteContext } from './common.ts';

export function capabilityRoutes(app: App, { ports, write }: RouteContext): void {
  app.get(
    '/api/v1/microgrids/:id/capability-bindings',
    {
      schema: {
        tags: ['capabilities'],
        summary: 'Capability bindings, active and released',
        params: microgridParams,
        response: { 200: bindingListSchema, ...problems(404) },
      },
    },
    async (request, reply) => answer(reply, listBindings(ports, { microgridId: request.params.id })),
  );

  app.post(
    '/api/v1/microgrids/:id/capability-bindings',
    {
      schema: {
        tags: ['capabilities'],
        summary:
          'Bind a source to a capability for a scope: 201 new, 200 the same binding again; 409 CAPABILITY_SOURCE_CONFLICT',
        params: microgridParams,
        body: bindBody,
        response: { 200: bindingSchema, 201: bindingSchema, ...problems(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const out = await write(() =>
        bindCapability(ports, { microgridId: request.params.id, binding: request.body }),
      );
      if (!out.ok) return answer(reply, out);
      return answer(reply, { ok: true, value: out.value.binding }, out.value.kind === 'CREATED' ? 201 : 200);
    },
  );

  app.post(
    '/api/v1/microgrids/:id/capability-bindings/:bid/release',
    {
      schema: {
        tags: ['capabilities'],
        summary: 'Release a binding (releasing twice is harmless)',
        params: bindingParams,
        response: { 200: bindingSchema, ...problems(404) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          releaseBinding(ports, { microgridId: request.params.id, bindingId: request.params.bid }),
        ),
      ),
  );

  app.post(
    '/api/v1/microgrids/:id/capability-events',
    {
      schema: {
        tags: ['capabilities'],
        summary:
          'A capability status event from the bound source; {duplicate: true} for a repeat; 409 CAPABILITY_SOURCE_NOT_BOUND',
        params: microgridParams,
        body: eventBody,
        response: { 200: eventResultSchema, ...problems(404, 409) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          acceptCapabilityEvent(ports, { microgridId: request.params.id, event: request.body }),
        ),
      ),
  );

  app.get(
    '/api/v1/microgrids/:id/capability-status',
    {
      schema: {
        tags: ['capabilities'],
        summary: 'Latest state per (capability, scope); ?history=1 adds the history',
        params: microgridParams,
        querystring: statusQuery,
        response: { 200: statusListSchema, ...problems(404) },
      },
    },
    async (request, reply) => {
      const history = request.query.history === '1' || request.query.history === 'true';
      return answer(reply, capabilityStatus(ports, { microgridId: request.params.id, history }));
    },
  );
}
