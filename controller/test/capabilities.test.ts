// Capability bindings and status over HTTP: scoped bindings, conflicts with their full payload,
// release then bind, status by scope, duplicates and late events, unbound sources.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestController, testClock, type TestController } from './helpers.ts';

let c: TestController;
const clock = testClock('2026-03-01T23:00:00Z');
beforeEach(async () => {
  c = await startTestController({ clock });
  await c.create();
});
afterEach(() => c.stop());

const bind = (capability: string, scope: string, source: string) =>
  c.call('POST', '/api/v1/microgrids/mg-north/capability-bindings', {
    capability,
    scope_node_id: scope,
    source_id: source,
  });
const event = (
  ref: string,
  source: string,
  scope: string,
  state: string,
  at: string,
  capability = 'LOAD_CONTROL',
) =>
  c.call('POST', '/api/v1/microgrids/mg-north/capability-events', {
    event_ref: ref,
    source_id: source,
    capability,
    scope_node_id: scope,
    state,
    observed_at: at,
  });

describe('capability bindings', () => {
  it('lets disjoint subtrees have different sources and refuses an overlapping competitor with the full payload', async () => {
    const a = await bind('LOAD_CONTROL', 'sb-a', 'ems-a');
    const b = await bind('LOAD_CONTROL', 'sb-b', 'ems-b');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toMatchObject({
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      source_id: 'ems-a',
      status: 'ACTIVE',
      released_at: null,
    });

    const conflict = await bind('LOAD_CONTROL', 'cb-a1', 'ems-c');
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toMatch(/problem\+json/);
    expect(conflict.body).toMatchObject({
      code: 'CAPABILITY_SOURCE_CONFLICT',
      microgrid_id: 'mg-north',
      capability: 'LOAD_CONTROL',
      existing_binding: { id: a.body.id, source_id: 'ems-a', scope_node_id: 'sb-a', whole_microgrid: false },
      incoming: { source_id: 'ems-c', scope_node_id: 'cb-a1', whole_microgrid: false },
      remediation: { action: 'RELEASE_EXISTING_BINDING', binding_id: a.body.id },
    });
    expect(conflict.body.detail).toContain('release');
    const list = await c.call('GET', '/api/v1/microgrids/mg-north/capability-bindings');
    expect(list.body.bindings).toEqual([a.body, b.body]);

    // The same source on the same scope again is the existing binding.
    const same = await bind('LOAD_CONTROL', 'sb-a', 'ems-a');
    expect(same.status).toBe(200);
    expect(same.body).toEqual(a.body);
    // Another capability on the same scope is independent.
    expect((await bind('DEMAND_RESPONSE', 'sb-a', 'ems-c')).status).toBe(201);
  });

  it('binds after the existing binding is released', async () => {
    const a = await bind('LOAD_CONTROL', 'sb-a', 'ems-a');
    clock.set('2026-03-01T23:30:00Z');
    const released = await c.call(
      'POST',
      `/api/v1/microgrids/mg-north/capability-bindings/${a.body.id}/release`,
    );
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({
      id: a.body.id,
      status: 'RELEASED',
      released_at: '2026-03-01T23:30:00Z',
    });
    const c2 = await bind('LOAD_CONTROL', 'cb-a1', 'ems-c');
    expect(c2.status).toBe(201);
    const unknown = await c.call('POST', '/api/v1/microgrids/mg-north/capability-bindings/bind-nope/release');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CAPABILITY_BINDING_NOT_FOUND');
  });

  it('refuses a scope that is not a node', async () => {
    const r = await bind('LOAD_CONTROL', 'ghost', 'ems-a');
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'CAPABILITY_SCOPE_MISSING', field: 'scope_node_id' });
  });
});

describe('capability status', () => {
  it('names the scope of each status; a repeated event reference never changes the latest; a late older event goes to history only', async () => {
    await bind('LOAD_CONTROL', 'sb-a', 'ems-a');
    await bind('DEMAND_RESPONSE', 'grid', 'dr-1');
    expect((await event('e-1', 'ems-a', 'sb-a', 'AVAILABLE', '2026-03-01T22:50:00Z')).body.duplicate).toBe(
      false,
    );
    expect((await event('e-2', 'ems-a', 'sb-a', 'ACTIVE', '2026-03-01T22:55:00Z')).body.duplicate).toBe(
      false,
    );
    await event('d-1', 'dr-1', 'grid', 'DEGRADED', '2026-03-01T22:40:00Z', 'DEMAND_RESPONSE');

    const repeat = await event('e-1', 'ems-a', 'sb-a', 'UNAVAILABLE', '2026-03-01T23:59:00Z');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ duplicate: true, event: { event_ref: 'e-1', state: 'AVAILABLE' } });
    const late = await event('e-0', 'ems-a', 'sb-a', 'UNAVAILABLE', '2026-03-01T22:00:00Z');
    expect(late.body.duplicate).toBe(false);

    const status = await c.call('GET', '/api/v1/microgrids/mg-north/capability-status');
    expect(status.body.statuses).toEqual([
      expect.objectContaining({
        capability: 'DEMAND_RESPONSE',
        scope_node_id: 'grid',
        scope_node_name: 'Grid connection',
        whole_microgrid: true,
        state: 'DEGRADED',
      }),
      expect.objectContaining({
        capability: 'LOAD_CONTROL',
        scope_node_id: 'sb-a',
        scope_node_name: 'Switchboard A',
        whole_microgrid: false,
        state: 'ACTIVE',
        event_ref: 'e-2',
        source_id: 'ems-a',
      }),
    ]);
    const history = await c.call('GET', '/api/v1/microgrids/mg-north/capability-status?history=1');
    const lc = history.body.statuses.find((s: { capability: string }) => s.capability === 'LOAD_CONTROL');
    expect(lc.history.map((e: { event_ref: string }) => e.event_ref)).toEqual(['e-2', 'e-1', 'e-0']);
  });

  it('refuses an event from a source with no ACTIVE binding for that scope (409 CAPABILITY_SOURCE_NOT_BOUND)', async () => {
    await bind('LOAD_CONTROL', 'sb-a', 'ems-a');
    const stranger = await event('x-1', 'ems-x', 'sb-a', 'ACTIVE', '2026-03-01T22:50:00Z');
    expect(stranger.status).toBe(409);
    expect(stranger.body).toMatchObject({
      code: 'CAPABILITY_SOURCE_NOT_BOUND',
      source_id: 'ems-x',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
    });
    // Bound, but for another scope: still not bound for this one.
    const otherScope = await event('x-2', 'ems-a', 'cb-a1', 'ACTIVE', '2026-03-01T22:50:00Z');
    expect(otherScope.body.code).toBe('CAPABILITY_SOURCE_NOT_BOUND');
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/capability-status')).body.statuses).toEqual([]);
  });
});
