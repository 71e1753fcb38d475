// Topology, revisions, limits and aliases over HTTP: versions, ETag/If-Match, problem+json codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  depot,
  MICROGRID_READ_PATHS,
  PROBLEM,
  startTestController,
  testClock,
  type TestController,
} from './helpers.ts';

let c: TestController;
const clock = testClock('2026-03-01T23:00:00Z'); // Monday 10:00 in Melbourne
beforeEach(async () => {
  clock.set('2026-03-01T23:00:00Z');
  c = await startTestController({ clock });
});
afterEach(() => c.stop());

describe('topology', () => {
  it('answers microgrid and depot identity, version and updated time in one response, with an ETag', async () => {
    await c.create();
    const r = await c.call('GET', '/api/v1/microgrids/mg-north/topology');
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body).toMatchObject({
      microgrid: {
        id: 'mg-north',
        depot_id: 'depot-north',
        name: 'North Depot',
        timezone: 'Australia/Melbourne',
        root_node_id: 'grid',
      },
      version: 1,
      updated_at: '2026-03-01T23:00:00Z',
      updated_by: 'ana',
      warnings: [],
    });
    expect(r.body.nodes).toHaveLength(7);
    expect(r.body.assets).toHaveLength(5);
    const list = await c.call('GET', '/api/v1/microgrids');
    expect(list.body).toEqual({
      microgrids: [
        {
          id: 'mg-north',
          depot_id: 'depot-north',
          name: 'North Depot',
          version: 1,
          updated_at: '2026-03-01T23:00:00Z',
          updated_by: 'ana',
        },
      ],
    });
  });

  it('answers 404 MICROGRID_NOT_FOUND as problem+json for an unknown microgrid', async () => {
    for (const path of MICROGRID_READ_PATHS) {
      const r = await c.call('GET', `/api/v1/microgrids/mg-ghost${path}`);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toMatch(PROBLEM);
      expect(r.body).toMatchObject({ status: 404, code: 'MICROGRID_NOT_FOUND', microgrid_id: 'mg-ghost' });
    }
  });

  it('refuses cycle and orphan edits with 422 and their codes, and changes nothing', async () => {
    await c.create();
    const cyc = depot().nodes.map((n) => (n.id === 'tx-1' ? { ...n, parent_id: 'sb-b' } : n));
    const r1 = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/topology',
      { nodes: cyc, assets: depot().assets },
      { 'if-match': '"1"' },
    );
    expect(r1.status).toBe(422);
    expect(r1.body.code).toBe('TOPOLOGY_INVALID');
    expect(r1.body.errors).toEqual([
      expect.objectContaining({ code: 'TOPOLOGY_CYCLE', node_ids: ['sb-b', 'tx-1'] }),
    ]);
    const orphan = [
      ...depot().nodes,
      {
        id: 'fd-x',
        parent_id: 'nowhere',
        name: 'Feeder X',
        kind: 'FEEDER',
        physical_rating_kw: 50,
        metered: false,
      },
    ];
    const r2 = await c.call('PUT', '/api/v1/microgrids/mg-north/topology', {
      nodes: orphan,
      assets: depot().assets,
      base_version: 1,
    });
    expect(r2.status).toBe(422);
    expect(r2.body).toMatchObject({
      code: 'TOPOLOGY_INVALID',
      node_id: 'fd-x',
      field: 'parent_id',
      errors: [{ code: 'TOPOLOGY_ORPHAN_NODE', node_id: 'fd-x', field: 'parent_id' }],
    });
    const after = await c.call('GET', '/api/v1/microgrids/mg-north/topology');
    expect(after.body.version).toBe(1);
    expect(after.body.nodes).toEqual(depot().nodes);
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/revisions')).body.revisions).toHaveLength(1);
  });

  it('accepts a valid edit as a new version, refuses a stale If-Match with the detail, and a re-read resubmit succeeds', async () => {
    await c.create();
    clock.set('2026-03-01T23:05:00Z');
    const renamed = depot().nodes.map((n) => (n.id === 'sb-a' ? { ...n, name: 'Switchboard A (west)' } : n));
    const ok = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/topology',
      { nodes: renamed, assets: depot().assets },
      { 'if-match': '"1"', 'x-actor': 'ben' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(ok.body).toMatchObject({ version: 2, updated_by: 'ben', updated_at: '2026-03-01T23:05:00Z' });
    const reread = await c.call('GET', '/api/v1/microgrids/mg-north/topology');
    expect(reread.body.version).toBe(2);
    expect(reread.body.nodes.find((n: { id: string }) => n.id === 'sb-a').name).toBe('Switchboard A (west)');

    // A second client still holding version 1.
    const fewer = depot().assets.slice(0, 4);
    const stale = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/topology',
      { nodes: depot().nodes, assets: fewer },
      { 'if-match': '"1"', 'x-actor': 'cleo' },
    );
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(PROBLEM);
    expect(stale.body).toMatchObject({
      code: 'CONFIG_VERSION_CONFLICT',
      expected_version: 1,
      current_version: 2,
      updated_at: '2026-03-01T23:05:00Z',
      updated_by: 'ben',
      changed_kinds: ['TOPOLOGY'],
    });
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/topology')).body.assets).toHaveLength(5);

    const latest = await c.call('GET', '/api/v1/microgrids/mg-north/topology');
    const retry = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/topology',
      { nodes: latest.body.nodes, assets: fewer },
      { 'if-match': latest.headers.get('etag')!, 'x-actor': 'cleo' },
    );
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ version: 3, updated_by: 'cleo' });
    expect(retry.body.nodes.find((n: { id: string }) => n.id === 'sb-a').name).toBe('Switchboard A (west)');
  });

  it('asks for a version (428) when a write sends none, and refuses an unreadable If-Match (400)', async () => {
    await c.create();
    const none = await c.call('PUT', '/api/v1/microgrids/mg-north/limits', { policies: [] });
    expect(none.status).toBe(428);
    expect(none.body).toMatchObject({ code: 'PRECONDITION_REQUIRED', current_version: 1 });
    const bad = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies: [] },
      { 'if-match': 'yesterday' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('REQUEST_INVALID');
    const disagree = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies: [], base_version: 2 },
      { 'if-match': '"1"' },
    );
    expect(disagree.status).toBe(400);
  });

  it('lists every revision and reads an old version with ?version=N', async () => {
    await c.create();
    clock.set('2026-03-01T23:10:00Z');
    await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies: depot().limits.slice(0, 1) },
      { 'if-match': '"1"', 'x-actor': 'ben' },
    );
    await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/circuit-aliases',
      { circuit_aliases: [] },
      { 'if-match': '"2"', 'x-actor': 'cleo' },
    );
    const revs = await c.call('GET', '/api/v1/microgrids/mg-north/revisions');
    expect(
      revs.body.revisions.map((r: { version: number; kind: string; by: string }) => [
        r.version,
        r.kind,
        r.by,
      ]),
    ).toEqual([
      [1, 'CREATED', 'ana'],
      [2, 'LIMITS', 'ben'],
      [3, 'ALIASES', 'cleo'],
    ]);
    const v1 = await c.call('GET', '/api/v1/microgrids/mg-north/topology?version=1');
    expect(v1.status).toBe(200);
    expect(v1.body.version).toBe(1);
    expect(v1.headers.get('etag')).toBe('"1"');
    // The whole document of an old version, limits and aliases included (a sync diffs against it).
    const doc1 = await c.call('GET', '/api/v1/microgrids/mg-north/document?version=1');
    expect(doc1.body).toEqual({
      ...depot(),
      version: 1,
      updated_at: '2026-03-01T23:00:00Z',
      updated_by: 'ana',
    });
    const doc3 = await c.call('GET', '/api/v1/microgrids/mg-north/document');
    expect(doc3.headers.get('etag')).toBe('"3"');
    expect(doc3.body).toMatchObject({
      version: 3,
      limits: depot().limits.slice(0, 1),
      circuit_aliases: [],
      updated_by: 'cleo',
    });
    const missing = await c.call('GET', '/api/v1/microgrids/mg-north/topology?version=9');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'VERSION_NOT_FOUND', current_version: 3 });
  });

  it('refuses to create a microgrid twice and answers 422 with every error for an invalid document', async () => {
    await c.create();
    expect((await c.call('POST', '/api/v1/microgrids', depot())).body.code).toBe('MICROGRID_EXISTS');
    const bad = depot('mg-bad');
    bad.limits[0]!.hard_cap_kw = 900;
    const r = await c.call('POST', '/api/v1/microgrids', bad);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'LIMITS_INVALID', node_id: 'grid', field: 'hard_cap_kw' });
    expect((await c.call('GET', '/api/v1/microgrids/mg-bad/topology')).status).toBe(404);
  });
});

describe('limits', () => {
  it('creates and updates node and aggregate policies; above-rating is 422 naming node and field; equal reads back exactly', async () => {
    await c.create();
    const policies = [
      {
        id: 'lim-grid',
        scope: 'NODE',
        node_id: 'grid',
        hard_cap_kw: 800,
        schedule: [
          { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '15:00', end: '21:00', cap_kw: 450.125 },
        ],
      },
      { id: 'lim-cb-a1', scope: 'NODE', node_id: 'cb-a1', hard_cap_kw: 120, schedule: [] },
      {
        id: 'agg-a',
        scope: 'AGGREGATE',
        node_id: 'sb-a',
        hard_cap_kw: 300.5,
        schedule: [{ days: ['SAT', 'SUN'], start: '00:00', end: '24:00', cap_kw: 200 }],
      },
    ];
    const put = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies },
      { 'if-match': '"1"' },
    );
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"2"');
    const read = await c.call('GET', '/api/v1/microgrids/mg-north/limits');
    expect(read.body).toMatchObject({ version: 2, policies });
    expect(read.text).toContain('"cap_kw":450.125');

    const above = policies.map((p) => (p.id === 'lim-cb-a1' ? { ...p, hard_cap_kw: 160.001 } : p));
    const refused = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies: above },
      { 'if-match': '"2"' },
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'LIMITS_INVALID', node_id: 'cb-a1', field: 'hard_cap_kw' });
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        code: 'LIMIT_EXCEEDS_PHYSICAL_RATING',
        node_id: 'cb-a1',
        field: 'hard_cap_kw',
        policy_id: 'lim-cb-a1',
      }),
    ]);
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/limits')).body.version).toBe(2);

    const updated = policies.map((p) => (p.id === 'agg-a' ? { ...p, hard_cap_kw: 250 } : p));
    const put2 = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies: updated },
      { 'if-match': '"2"' },
    );
    expect(put2.body).toMatchObject({ version: 3, policies: updated });
  });

  it('reports every limit error with code, node and exact field', async () => {
    await c.create();
    const policies = [
      {
        id: 'p1',
        scope: 'NODE',
        node_id: 'sb-a',
        hard_cap_kw: 100,
        schedule: [
          { days: ['MON'], start: '10:00', end: '09:00', cap_kw: 90 },
          { days: ['MON'], start: '08:00', end: '12:00', cap_kw: 500 },
        ],
      },
      { id: 'p2', scope: 'NODE', node_id: 'nope', hard_cap_kw: 1, schedule: [] },
    ];
    const r = await c.call('PUT', '/api/v1/microgrids/mg-north/limits', { policies }, { 'if-match': '"1"' });
    expect(r.status).toBe(422);
    expect(
      r.body.errors.map((e: { code: string; node_id: string; field: string }) => [
        e.code,
        e.node_id,
        e.field,
      ]),
    ).toEqual([
      ['LIMIT_TARGET_MISSING', 'nope', 'node_id'],
      ['LIMIT_EXCEEDS_PHYSICAL_RATING', 'sb-a', 'schedule[1].cap_kw'],
      ['SCHEDULE_WINDOW_INVALID', 'sb-a', 'schedule[0].end'],
    ]);
  });

  it('shows the TOU cap inside its window and the hard cap outside it at ?at=', async () => {
    await c.create();
    const inside = await c.call('GET', '/api/v1/microgrids/mg-north/limits/active?at=2026-03-02T05:00:00Z'); // Monday 16:00 local
    const outside = await c.call('GET', '/api/v1/microgrids/mg-north/limits/active?at=2026-03-02T11:00:00Z'); // Monday 22:00 local
    const grid = (r: { body: { nodes: { node_id: string }[] } }) =>
      r.body.nodes.find((n) => n.node_id === 'grid');
    expect(inside.body).toMatchObject({
      at: '2026-03-02T05:00:00Z',
      local_time: { day: 'MON', time: '16:00' },
    });
    expect(grid(inside)).toMatchObject({
      physical_rating_kw: 800,
      policy_id: 'lim-grid',
      policy_cap_kw: 450,
      policy_cap_source: 'TOU_SCHEDULED_CAP',
      tou_window: { index: 0, start: '15:00', end: '21:00', cap_kw: 450 },
      envelope_id: null,
      effective_limit_kw: 450,
      binding_source: 'TOU_SCHEDULED_CAP',
    });
    expect(grid(outside)).toMatchObject({
      policy_cap_kw: 700,
      policy_cap_source: 'NODE_HARD_CAP',
      tou_window: null,
      effective_limit_kw: 700,
      binding_source: 'NODE_HARD_CAP',
    });
    expect(outside.body.aggregates).toEqual([
      {
        policy_id: 'agg-site',
        node_id: 'grid',
        active_cap_kw: 600,
        source: 'AGGREGATE_LIMIT',
        tou_window: null,
      },
    ]);
    const bad = await c.call('GET', '/api/v1/microgrids/mg-north/limits/active?at=tomorrow');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ in: 'querystring', path: 'at' });
  });
});

describe('circuit aliases', () => {
  it('reads and writes the alias table with If-Match', async () => {
    await c.create();
    const read = await c.call('GET', '/api/v1/microgrids/mg-north/circuit-aliases');
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body).toMatchObject({ version: 1, circuit_aliases: depot().circuit_aliases });
    const put = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/circuit-aliases',
      { circuit_aliases: [{ circuit_id: '5000', node_id: 'sb-b' }] },
      { 'if-match': '"1"' },
    );
    expect(put.body).toMatchObject({
      version: 2,
      circuit_aliases: [{ circuit_id: '5000', node_id: 'sb-b' }],
    });
    const bad = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/circuit-aliases',
      { circuit_aliases: [{ circuit_id: '5001', node_id: 'ghost' }] },
      { 'if-match': '"2"' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'ALIASES_INVALID', node_id: 'ghost' });
  });
});
