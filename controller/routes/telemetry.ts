// Telemetry batches: stored whole or refused whole.
import { ingestTelemetry } from '../../domain/usecases/index.ts';
import { answer } from '../http.ts';
import { microgridParams, telemetryBody, telemetryResultSchema } from '../schemas.ts';
import { problems, type App, type RouteContext } from './common.ts';

export function telemetryRoutes(app: App, { ports, write }: RouteContext): void {
  app.post(
    '/api/v1/microgrids/:id/telemetry',
    {
      schema: {
        tags: ['telemetry'],
        summary:
          'A batch of samples; an unknown node or asset id refuses the whole batch (422 TELEMETRY_UNKNOWN_POINT)',
        params: microgridParams,
        body: telemetryBody,
        response: { 200: telemetryResultSchema, ...problems(404, 413, 422) },
      },
    },
    async (request, reply) =>
      answer(
        reply,
        await write(() =>
          ingestTelemetry(ports, { microgridId: request.params.id, samples: request.body.samples }),
        ),
      ),
  );
}
