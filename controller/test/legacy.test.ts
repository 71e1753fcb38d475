// The legacy circuit surface over HTTP: exact shapes, one LEGACY_ALIAS cycle per rebalance, TOU
// read/write agreeing with the canonical limits, ambiguous and unresolvable aliases, the audit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { depot, startTestController, testClock, type TestController } from './helpers.ts';

const T0 = '2026-03-01T23:00:00Z'; // Monday 10:00 in Melbourne
let c: TestController;
const clock = testClock(T0);
beforeEach(async () => {
  clock.set(T0);
  c = await startTestController({ clock });
  await c.create();
});
afterEach(() => c.stop());

const cycleCount = async () => (await c.call('GET', '/api/v1/microgrids/mg-north/cycles')).body.cycles.length;
const usage = async (circuit: string) =>
  (await c.call('GET', `/api/v1/legacy/alias-usage?circuit_id=${circuit}`)).body.usage;

/** A second microgrid that also maps circuit 1042: the id becomes ambiguous. */
async function makeAmbiguous() {
  const south = depot('mg-south');
  south.circuit_aliases = [{ circuit_id: '1042', node_id: 'sb-a' }];
  await c.create(south);
}

describe('GET /api/circuit/{id}', () => {
  it('answers the legacy shape exactly', async () => {
    const r = await c.call('GET', '/api/circuit/2001', undefined, { 'x-actor': 'erp-7' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      circuit_id: '2001',
      name: 'Switchboard B',
      max_power_kw: 400,
      available_capacity_kw: 400,
      microgrid_id: 'mg-north',
      node_id: 'sb-b',
    });
    expect(Object.keys(r.body)).toEqual([
      'circuit_id',
      'name',
      'max_power_kw',
      'available_capacity_kw',
      'microgrid_id',
      'node_id',
    ]);
    expect(await usage('2001')).toEqual([
      {
        at: T0,
        endpoint: 'GET /api/circuit/{circuit_id}',
        circuit_id: '2001',
        microgrid_id: 'mg-north',
        node_id: 'sb-b',
        outcome: 'RESOLVED',
        client: 'erp-7',
      },
    ]);
  });

  it('answers 409 CIRCUIT_ALIAS_NOT_RESOLVABLE for no alias and for an ambiguous one', async () => {
    const none = await c.call('GET', '/api/circuit/9999');
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE', circuit_id: '9999' });
    await makeAmbiguous();
    const ambiguous = await c.call('GET', '/api/circuit/1042');
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body).toMatchObject({
      code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE',
      circuit_id: '1042',
      scopes: [
        { microgrid_id: 'mg-north', node_id: 'cb-a1' },
        { microgrid_id: 'mg-south', node_id: 'sb-a' },
      ],
    });
  });
});

describe('POST /api/circuit/{id}/rebalance_load', () => {
  it('runs exactly one LEGACY_ALIAS cycle, visible in the canonical surfaces', async () => {
    const r = await c.call('POST', '/api/circuit/1042/rebalance_load');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual([
      'circuit_id',
      'microgrid_id',
      'node_id',
      'cycle_id',
      'status',
      'source_mode',
      'outcome',
    ]);
    expect(r.body).toMatchObject({
      circuit_id: '1042',
      microgrid_id: 'mg-north',
      node_id: 'cb-a1',
      status: 'COMPLETED',
    });
    expect(await cycleCount()).toBe(1);
    const cycle = await c.call('GET', `/api/v1/microgrids/mg-north/cycles/${r.body.cycle_id}`);
    expect(cycle.body).toMatchObject({
      trigger: 'LEGACY_ALIAS',
      legacy_circuit_id: '1042',
      scope_node_id: 'cb-a1',
      source_mode: r.body.source_mode,
      outcome: r.body.outcome,
    });
    const status = await c.call('GET', '/api/v1/microgrids/mg-north/status');
    expect(status.body.latest_cycle).toMatchObject({
      cycle_id: r.body.cycle_id,
      trigger: 'LEGACY_ALIAS',
      legacy_circuit_id: '1042',
    });
    // `{}` is accepted as well as no body.
    const withBody = await c.call('POST', '/api/circuit/1042/rebalance_load', {});
    expect(withBody.status).toBe(200);
    expect(await cycleCount()).toBe(2);
  });

  it('answers 409 CIRCUIT_ALIAS_NOT_RESOLVABLE and runs no cycle when unresolvable; every call is audited', async () => {
    const none = await c.call('POST', '/api/circuit/9999/rebalance_load', {}, { 'x-actor': 'erp-7' });
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE', circuit_id: '9999' });
    await makeAmbiguous();
    const ambiguous = await c.call('POST', '/api/circuit/1042/rebalance_load');
    expect(ambiguous.status).toBe(409);
    expect(await cycleCount()).toBe(0);
    expect((await c.call('GET', '/api/v1/microgrids/mg-south/cycles')).body.cycles).toEqual([]);
    // A malformed body is refused, and audited too.
    const malformed = await c.call('POST', '/api/circuit/2001/rebalance_load', '{"force":', {
      'x-actor': 'erp-8',
    });
    expect(malformed.status).toBe(400);
    expect(await cycleCount()).toBe(0);
    expect(await usage('9999')).toEqual([
      expect.objectContaining({
        endpoint: 'POST /api/circuit/{circuit_id}/rebalance_load',
        outcome: 'CIRCUIT_ALIAS_NOT_RESOLVABLE',
        microgrid_id: null,
        client: 'erp-7',
      }),
    ]);
    expect(await usage('1042')).toEqual([
      expect.objectContaining({ outcome: 'CIRCUIT_ALIAS_NOT_RESOLVABLE' }),
    ]);
    expect(await usage('2001')).toEqual([
      expect.objectContaining({ outcome: 'REQUEST_INVALID', client: 'erp-8' }),
    ]);
  });
});

describe('/api/circuit/{id}/tou_limits', () => {
  it('reads the mapped node policy in the legacy shape (rating when there is none)', async () => {
    const none = await c.call('GET', '/api/circuit/1042/tou_limits');
    expect(none.body).toEqual({ circuit_id: '1042', default_max_power_kw: 160, tou_limits: [] });
    const north = depot();
    north.microgrid.id = 'mg-west';
    north.circuit_aliases = [{ circuit_id: 'W-1', node_id: 'grid' }];
    await c.create(north);
    const grid = await c.call('GET', '/api/circuit/W-1/tou_limits');
    expect(grid.body).toEqual({
      circuit_id: 'W-1',
      default_max_power_kw: 700,
      tou_limits: [
        { day_of_week: [1, 2, 3, 4, 5], start_time: '15:00', end_time: '21:00', max_power_kw: 450 },
      ],
    });
  });

  it('writes the node policy as a LEGACY_TOU version; legacy, canonical limits and active limit agree', async () => {
    const body = {
      default_max_power_kw: 150,
      tou_limits: [
        { day_of_week: [0, 6], start_time: '00:00', end_time: '24:00', max_power_kw: 100 },
        { day_of_week: [1], start_time: '09:00', end_time: '11:00', max_power_kw: 60.5 },
      ],
    };
    const w = await c.call('POST', '/api/circuit/1042/tou_limits', body, { 'x-actor': 'erp-7' });
    expect(w.status).toBe(200);
    expect(w.body).toEqual({ circuit_id: '1042', ...body });
    expect((await c.call('GET', '/api/circuit/1042/tou_limits')).body).toEqual(w.body);
    const limits = await c.call('GET', '/api/v1/microgrids/mg-north/limits');
    expect(limits.body.version).toBe(2);
    expect(
      limits.body.policies.find(
        (p: { node_id: string; scope: string }) => p.node_id === 'cb-a1' && p.scope === 'NODE',
      ),
    ).toEqual({
      id: 'lim-cb-a1',
      scope: 'NODE',
      node_id: 'cb-a1',
      hard_cap_kw: 150,
      schedule: [
        { days: ['SUN', 'SAT'], start: '00:00', end: '24:00', cap_kw: 100 },
        { days: ['MON'], start: '09:00', end: '11:00', cap_kw: 60.5 },
      ],
    });
    const revs = (await c.call('GET', '/api/v1/microgrids/mg-north/revisions')).body.revisions;
    expect(revs[1]).toMatchObject({ version: 2, kind: 'LEGACY_TOU', by: 'erp-7' });
    // Monday 10:00 local is inside the 09:00–11:00 window.
    const active = await c.call('GET', '/api/v1/microgrids/mg-north/limits/active');
    expect(active.body.nodes.find((n: { node_id: string }) => n.node_id === 'cb-a1')).toMatchObject({
      policy_id: 'lim-cb-a1',
      policy_cap_kw: 60.5,
      effective_limit_kw: 60.5,
      binding_source: 'TOU_SCHEDULED_CAP',
    });
    expect((await c.call('GET', '/api/circuit/1042')).body.available_capacity_kw).toBe(60.5);
    // A client holding version 1 now gets a conflict naming limits.
    const stale = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/limits',
      { policies: [] },
      { 'if-match': '"1"' },
    );
    expect(stale.body).toMatchObject({ code: 'CONFIG_VERSION_CONFLICT', changed_kinds: ['LIMITS'] });
  });

  it('updates an existing node policy in place', async () => {
    const w = await c.call('POST', '/api/circuit/1042/tou_limits', {
      default_max_power_kw: 100,
      tou_limits: [],
    });
    expect(w.status).toBe(200);
    const again = await c.call('POST', '/api/circuit/1042/tou_limits', {
      circuit_id: '1042',
      default_max_power_kw: 90,
      tou_limits: [],
    });
    expect(again.body).toEqual({ circuit_id: '1042', default_max_power_kw: 90, tou_limits: [] });
    const policies = (await c.call('GET', '/api/v1/microgrids/mg-north/limits')).body.policies.filter(
      (p: { node_id: string }) => p.node_id === 'cb-a1',
    );
    expect(policies).toEqual([
      { id: 'lim-cb-a1', scope: 'NODE', node_id: 'cb-a1', hard_cap_kw: 90, schedule: [] },
    ]);
  });

  it('applies the canonical validation: above the rating is 422 LIMIT_EXCEEDS_PHYSICAL_RATING and nothing changes', async () => {
    const r = await c.call('POST', '/api/circuit/1042/tou_limits', {
      default_max_power_kw: 100,
      tou_limits: [{ day_of_week: [1], start_time: '09:00', end_time: '11:00', max_power_kw: 170 }],
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      code: 'LIMIT_EXCEEDS_PHYSICAL_RATING',
      circuit_id: '1042',
      node_id: 'cb-a1',
      field: 'tou_limits[0].max_power_kw',
    });
    const badDay = await c.call('POST', '/api/circuit/1042/tou_limits', {
      default_max_power_kw: 100,
      tou_limits: [{ day_of_week: [7], start_time: '09:00', end_time: '11:00', max_power_kw: 10 }],
    });
    expect(badDay.body).toMatchObject({
      code: 'SCHEDULE_WINDOW_INVALID',
      field: 'tou_limits[0].day_of_week',
    });
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/limits')).body.version).toBe(1);
    const mismatch = await c.call('POST', '/api/circuit/1042/tou_limits', {
      circuit_id: '2001',
      default_max_power_kw: 100,
      tou_limits: [],
    });
    expect(mismatch.status).toBe(400);
  });

  it('answers 422 LEGACY_SCOPE_UNSUPPORTED for an ambiguous alias, read or write, changing nothing; 409 when unresolvable', async () => {
    await makeAmbiguous();
    const read = await c.call('GET', '/api/circuit/1042/tou_limits');
    expect(read.status).toBe(422);
    expect(read.body).toMatchObject({ code: 'LEGACY_SCOPE_UNSUPPORTED', circuit_id: '1042' });
    const write = await c.call('POST', '/api/circuit/1042/tou_limits', {
      default_max_power_kw: 10,
      tou_limits: [],
    });
    expect(write.status).toBe(422);
    expect(write.body).toMatchObject({ code: 'LEGACY_SCOPE_UNSUPPORTED', circuit_id: '1042' });
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/limits')).body.version).toBe(1);
    expect((await c.call('GET', '/api/v1/microgrids/mg-south/limits')).body.version).toBe(1);
    const none = await c.call('POST', '/api/circuit/7777/tou_limits', {
      default_max_power_kw: 10,
      tou_limits: [],
    });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('CIRCUIT_ALIAS_NOT_RESOLVABLE');
    const outcomes = (await usage('1042')).map((u: { endpoint: string; outcome: string }) => [
      u.endpoint,
      u.outcome,
    ]);
    expect(outcomes).toEqual([
      ['POST /api/circuit/{circuit_id}/tou_limits', 'LEGACY_SCOPE_UNSUPPORTED'],
      ['GET /api/circuit/{circuit_id}/tou_limits', 'LEGACY_SCOPE_UNSUPPORTED'],
    ]);
  });
});

describe('alias-usage audit', () => {
  it('adds one row per legacy call, resolved or not, filterable by circuit and time', async () => {
    await c.call('GET', '/api/circuit/1042');
    clock.set('2026-03-01T23:01:00Z');
    await c.call('GET', '/api/circuit/1042/tou_limits');
    await c.call('GET', '/api/circuit/nope');
    const all = (await c.call('GET', '/api/v1/legacy/alias-usage')).body.usage;
    expect(all.map((u: { circuit_id: string; outcome: string }) => [u.circuit_id, u.outcome])).toEqual([
      ['nope', 'CIRCUIT_ALIAS_NOT_RESOLVABLE'],
      ['1042', 'RESOLVED'],
      ['1042', 'RESOLVED'],
    ]);
    expect(
      (await c.call('GET', '/api/v1/legacy/alias-usage?circuit_id=1042&since=2026-03-01T23:00:30Z')).body
        .usage,
    ).toEqual([
      {
        at: '2026-03-01T23:01:00Z',
        endpoint: 'GET /api/circuit/{circuit_id}/tou_limits',
        circuit_id: '1042',
        microgrid_id: 'mg-north',
        node_id: 'cb-a1',
        outcome: 'RESOLVED',
        client: 'anonymous',
      },
    ]);
  });
});
