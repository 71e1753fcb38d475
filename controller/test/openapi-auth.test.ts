// The OpenAPI 3.1 document (generated from the route schemas) and the optional bearer token.
import { afterEach, describe, expect, it } from 'vitest';
import { startController } from '../server.ts';
import { startTestController, type TestController } from './helpers.ts';

let c: TestController | null = null;
afterEach(async () => {
  await c?.stop();
  c = null;
});

describe('GET /openapi.json', () => {
  it('documents every canonical and legacy route in OpenAPI 3.1 with the zod schemas', async () => {
    c = await startTestController();
    const r = await c.call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'GET /healthz',
        'GET /openapi.json',
        'GET /api/v1/microgrids',
        'POST /api/v1/microgrids',
        'GET /api/v1/microgrids/{id}/topology',
        'PUT /api/v1/microgrids/{id}/topology',
        'GET /api/v1/microgrids/{id}/revisions',
        'GET /api/v1/microgrids/{id}/document',
        'GET /api/v1/microgrids/{id}/limits',
        'PUT /api/v1/microgrids/{id}/limits',
        'GET /api/v1/microgrids/{id}/limits/active',
        'GET /api/v1/microgrids/{id}/circuit-aliases',
        'PUT /api/v1/microgrids/{id}/circuit-aliases',
        'POST /api/v1/microgrids/{id}/envelopes',
        'GET /api/v1/microgrids/{id}/envelopes',
        'GET /api/v1/microgrids/{id}/envelopes/{eid}',
        'POST /api/v1/microgrids/{id}/envelopes/{eid}/withdraw',
        'GET /api/v1/microgrids/{id}/capability-bindings',
        'POST /api/v1/microgrids/{id}/capability-bindings',
        'POST /api/v1/microgrids/{id}/capability-bindings/{bid}/release',
        'POST /api/v1/microgrids/{id}/capability-events',
        'GET /api/v1/microgrids/{id}/capability-status',
        'POST /api/v1/microgrids/{id}/telemetry',
        'POST /api/v1/microgrids/{id}/cycles',
        'GET /api/v1/microgrids/{id}/cycles',
        'GET /api/v1/microgrids/{id}/cycles/{cid}',
        'GET /api/v1/microgrids/{id}/breaches',
        'GET /api/v1/microgrids/{id}/status',
        'GET /api/v1/legacy/alias-usage',
        'GET /api/circuit/{circuit_id}',
        'POST /api/circuit/{circuit_id}/rebalance_load',
        'GET /api/circuit/{circuit_id}/tou_limits',
        'POST /api/circuit/{circuit_id}/tou_limits',
      ].sort(),
    );
    // The request schema of PUT /limits is the zod schema: policies of NODE or AGGREGATE scope.
    const put = doc.paths['/api/v1/microgrids/{id}/limits'].put;
    const body = put.requestBody.content['application/json'].schema;
    expect(body.required).toContain('policies');
    expect(JSON.stringify(body)).toContain('AGGREGATE');
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '409', '422', '428']));
    expect(put.responses['409'].content['application/problem+json']).toBeDefined();
    expect(doc.components.schemas.CycleResult.properties.setpoints).toBeDefined();
    expect(
      doc.paths['/api/circuit/{circuit_id}'].get.responses['200'].content['application/json'].schema.required,
    ).toEqual(['circuit_id', 'name', 'max_power_kw', 'available_capacity_kw', 'microgrid_id', 'node_id']);
  });
});

describe('bearer token', () => {
  it('refuses requests without the token (401 UNAUTHENTICATED) except /healthz', async () => {
    c = await startTestController({ token: 's3cret-token' });
    const none = await c.call('GET', '/api/v1/microgrids');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(
      (await c.call('GET', '/api/v1/microgrids', undefined, { authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    expect(
      (await c.call('GET', '/api/circuit/1042', undefined, { authorization: 'Basic s3cret-token' })).status,
    ).toBe(401);
    expect(
      (await c.call('GET', '/api/v1/microgrids', undefined, { authorization: 'Bearer s3cret-token' })).status,
    ).toBe(200);
    expect((await c.call('GET', '/healthz')).status).toBe(200);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    await expect(
      startController({ host: '0.0.0.0', port: 0, dataFile: '/nonexistent/never-opened.sqlite' }),
    ).rejects.toThrow(/refusing to listen on 0.0.0.0 without a token/);
  });
});
