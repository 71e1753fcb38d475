// Liveness and the OpenAPI document (generated from the route schemas by @fastify/swagger).
import { z } from 'zod';
import type { App } from './common.ts';

export function metaRoutes(app: App): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['meta'],
        summary: 'Liveness (no token needed)',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get('/openapi.json', { schema: { tags: ['meta'], summary: 'This OpenAPI 3.1 document' } }, async () =>
    app.swagger(),
  );
}
