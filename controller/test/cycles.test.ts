// Cycles over HTTP: on request, listed, read, in the status surface; telemetry staleness drives
// the source mode; breaches; scheduled cycles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestController, testClock, type TestController } from './helpers.ts';

const T0 = '2026-03-01T23:00:00Z'; // Monday 10:00 in Melbourne
const BEFORE = '2026-03-01T22:59:50Z';
let c: TestController;
const clock = testClock(T0);
beforeEach(async () => {
  clock.set(T0);
  c = await startTestController({ clock });
  await c.create();
});
afterEach(() => c.stop());

const telemetry = (samples: unknown[]) =>
  c.call('POST', '/api/v1/microgrids/mg-north/telemetry', { samples });
const runCycle = (body?: unknown) => c.call('POST', '/api/v1/microgrids/mg-north/cycles', body);
const freshSamples = [
  { asset_id: 'load-office', at: BEFORE, power_kw: 30 },
  { asset_id: 'pv-roof', at: BEFORE, power_kw: -20 },
  { asset_id: 'ch-01', at: BEFORE, power_kw: 0, connected: true, requested_kw: 50 },
  { asset_id: 'ch-02', at: BEFORE, power_kw: 0, connected: true },
  { asset_id: 'ch-03', at: BEFORE, power_kw: 0, connected: false },
];

describe('cycles', () => {
  it('returns the cycle result, listed by /cycles, /cycles/{id} and /status', async () => {
    expect((await telemetry(freshSamples)).body).toEqual({ microgrid_id: 'mg-north', accepted: 5 });
    const r = await runCycle();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      microgrid_id: 'mg-north',
      scope_node_id: 'grid',
      trigger: 'CANONICAL_REQUEST',
      legacy_circuit_id: null,
      at: T0,
      config_version: 1,
      source_mode: 'MEASURED',
      outcome: 'APPLIED',
    });
    expect(
      r.body.setpoints.map((s: { asset_id: string; state: string; setpoint_kw: number }) => [
        s.asset_id,
        s.state,
        s.setpoint_kw,
      ]),
    ).toEqual([
      ['ch-01', 'DISPATCHED', 50],
      ['ch-02', 'DISPATCHED', 80],
      ['ch-03', 'DISCONNECTED', 0],
    ]);
    expect(r.body.nodes.map((n: { node_id: string }) => n.node_id)).toEqual([
      'cb-a1',
      'cb-b1',
      'db-office',
      'grid',
      'sb-a',
      'sb-b',
      'tx-1',
    ]);

    const list = await c.call('GET', '/api/v1/microgrids/mg-north/cycles');
    expect(list.body.cycles).toEqual([
      expect.objectContaining({
        cycle_id: r.body.cycle_id,
        trigger: 'CANONICAL_REQUEST',
        source_mode: 'MEASURED',
        outcome: 'APPLIED',
        breach_count: 0,
      }),
    ]);
    expect((await c.call('GET', `/api/v1/microgrids/mg-north/cycles/${r.body.cycle_id}`)).body).toEqual(
      r.body,
    );
    const status = await c.call('GET', '/api/v1/microgrids/mg-north/status');
    expect(status.body).toMatchObject({
      microgrid_id: 'mg-north',
      config_version: 1,
      latest_cycle: {
        cycle_id: r.body.cycle_id,
        trigger: 'CANONICAL_REQUEST',
        at: T0,
        source_mode: 'MEASURED',
        outcome: 'APPLIED',
        reason_codes: [],
      },
      active_envelopes: [],
      capability_status: [],
      open_breaches: [],
    });
    const missing = await c.call('GET', '/api/v1/microgrids/mg-north/cycles/cyc-nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CYCLE_NOT_FOUND');
  });

  it('lists cycles newest first and honours ?limit=', async () => {
    const ids: string[] = [];
    for (const at of ['2026-03-01T23:00:00Z', '2026-03-01T23:01:00Z', '2026-03-01T23:02:00Z']) {
      clock.set(at);
      ids.push((await runCycle()).body.cycle_id);
    }
    const all = await c.call('GET', '/api/v1/microgrids/mg-north/cycles');
    expect(all.body.cycles.map((x: { cycle_id: string }) => x.cycle_id)).toEqual([...ids].reverse());
    expect(
      (await c.call('GET', '/api/v1/microgrids/mg-north/cycles?limit=1')).body.cycles.map(
        (x: { cycle_id: string }) => x.cycle_id,
      ),
    ).toEqual([ids[2]]);
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/cycles?limit=0')).status).toBe(400);
  });

  it('runs MEASURED with fresh telemetry, FALLBACK_DERIVED when stale, FAIL_SAFE when too old to fall back', async () => {
    await telemetry(freshSamples);
    expect((await runCycle()).body).toMatchObject({ source_mode: 'MEASURED', outcome: 'APPLIED' });

    clock.set('2026-03-01T23:02:00Z'); // samples 130 s old: stale, fallback allowed
    const stale = await runCycle();
    expect(stale.body).toMatchObject({ source_mode: 'FALLBACK_DERIVED', outcome: 'APPLIED' });
    expect(stale.body.fallback).toMatchObject({ stale_after_s: 90, fail_safe_after_s: 900 });
    expect(stale.body.fallback.inputs).toEqual([
      expect.objectContaining({
        asset_id: 'load-office',
        reason: 'STALE',
        fallback_source: 'FALLBACK_KW',
        fallback_kw: 60,
        age_s: 130,
      }),
      expect.objectContaining({ asset_id: 'pv-roof', reason: 'STALE', fallback_source: 'PV_ZERO' }),
    ]);

    clock.set('2026-03-01T23:20:00Z'); // 1,210 s old: past fail_safe_after_s
    const failSafe = await runCycle();
    expect(failSafe.body).toMatchObject({ outcome: 'FAIL_SAFE' });
    expect(failSafe.body.reason_codes[0].code).toBe('FAIL_SAFE_FALLBACK_UNAVAILABLE');
    expect(
      failSafe.body.setpoints
        .filter((s: { state: string }) => s.state === 'DISPATCHED')
        .every((s: { setpoint_kw: number }) => s.setpoint_kw === 0),
    ).toBe(true);
    const status = await c.call('GET', '/api/v1/microgrids/mg-north/status');
    expect(status.body.latest_cycle).toMatchObject({
      cycle_id: failSafe.body.cycle_id,
      outcome: 'FAIL_SAFE',
    });
  });

  it('refuses a telemetry batch with an unknown point whole', async () => {
    const r = await telemetry([
      { asset_id: 'load-office', at: BEFORE, power_kw: 30 },
      { asset_id: 'ghost', at: BEFORE, power_kw: 1 },
      { node_id: 'nowhere', at: BEFORE, demand_kw: 1 },
    ]);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      code: 'TELEMETRY_UNKNOWN_POINT',
      unknown_points: [
        { index: 1, asset_id: 'ghost' },
        { index: 2, node_id: 'nowhere' },
      ],
    });
    // load-office's good sample was not stored either.
    const cycle = await runCycle();
    expect(
      cycle.body.fallback.inputs.find((i: { asset_id: string }) => i.asset_id === 'load-office'),
    ).toMatchObject({ reason: 'MISSING' });
  });

  it('refuses a reading finer than a watt, naming the sample and the field, and stores nothing of the batch', async () => {
    const r = await telemetry([
      { asset_id: 'load-office', at: BEFORE, power_kw: 30 },
      { node_id: 'sb-a', at: BEFORE, demand_kw: 12.3456 },
    ]);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('REQUEST_INVALID');
    expect(JSON.stringify(r.body.errors)).toContain('samples[1].demand_kw');
    expect(JSON.stringify(r.body.errors)).toContain('at most 3 decimals');
    const cycle = await runCycle();
    expect(
      cycle.body.fallback.inputs.find((i: { asset_id: string }) => i.asset_id === 'load-office'),
    ).toMatchObject({ reason: 'MISSING' });
    // Three decimals are a whole watt: accepted.
    expect((await telemetry([{ node_id: 'sb-a', at: BEFORE, demand_kw: 12.345 }])).status).toBe(200);
  });

  it('a cycle for a past instant sees the capability status of that instant, not a later one', async () => {
    const EARLY = '2026-03-01T22:57:00Z';
    const ACTIVE_AT = '2026-03-01T22:59:00Z';
    await telemetry([...freshSamples.map((x) => ({ ...x, at: EARLY })), ...freshSamples]);
    expect(
      (
        await c.call('POST', '/api/v1/microgrids/mg-north/capability-bindings', {
          capability: 'LOAD_CONTROL',
          scope_node_id: 'sb-a',
          source_id: 'ems',
        })
      ).status,
    ).toBe(201);
    const event = await c.call('POST', '/api/v1/microgrids/mg-north/capability-events', {
      event_ref: 'ev-1',
      source_id: 'ems',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      state: 'ACTIVE',
      observed_at: ACTIVE_AT,
    });
    expect(event.status).toBe(200);
    const stateOf = (r: { body: { setpoints: { asset_id: string; state: string }[] } }) =>
      r.body.setpoints.find((p) => p.asset_id === 'ch-01')!.state;

    const now = await runCycle();
    expect(stateOf(now)).toBe('EXTERNAL');
    expect(JSON.stringify(now.body.setpoints)).toContain('EXTERNAL_CONTROL_ACTIVE');
    // Before the status was observed, sb-a's chargers were ours to dispatch.
    const before = await runCycle({ at: '2026-03-01T22:58:00Z' });
    expect(before.status).toBe(200);
    expect(stateOf(before)).toBe('DISPATCHED');
    expect(JSON.stringify(before.body.setpoints)).not.toContain('EXTERNAL_CONTROL_ACTIVE');
  });

  it('stores breaches with their cycle and shows the latest cycle’s as open', async () => {
    await telemetry([...freshSamples, { node_id: 'sb-a', at: BEFORE, demand_kw: 400 }]);
    const r = await runCycle();
    expect(r.body.breaches).toEqual([
      expect.objectContaining({
        node_id: 'sb-a',
        measured_kw: 400,
        limit_kw: 380,
        excess_kw: 20,
        binding_source: 'NODE_HARD_CAP',
        primary_reason_code: 'NODE_HARD_CAP',
      }),
    ]);
    const breaches = await c.call('GET', '/api/v1/microgrids/mg-north/breaches');
    expect(breaches.body.breaches).toEqual([
      expect.objectContaining({ cycle_id: r.body.cycle_id, at: T0, node_id: 'sb-a', excess_kw: 20 }),
    ]);
    expect(
      (await c.call('GET', '/api/v1/microgrids/mg-north/breaches?since=2026-03-02T00:00:00Z')).body.breaches,
    ).toEqual([]);
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/status')).body.open_breaches).toEqual([
      expect.objectContaining({ cycle_id: r.body.cycle_id, node_id: 'sb-a' }),
    ]);
  });

  it('runs a scoped cycle at a given instant and refuses an unknown scope node', async () => {
    const scoped = await runCycle({ scope_node_id: 'sb-a', at: '2026-03-01T22:00:00Z' });
    expect(scoped.body).toMatchObject({ scope_node_id: 'sb-a', at: '2026-03-01T22:00:00Z' });
    const bad = await runCycle({ scope_node_id: 'ghost' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'SCOPE_NODE_MISSING', field: 'scope_node_id' });
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/cycles')).body.cycles).toHaveLength(1);
  });
});

describe('scheduled cycles', () => {
  it('runs a SCHEDULED cycle for every microgrid every cycle_interval_s', async () => {
    const s = await startTestController({ clock, cycleIntervalS: 1 });
    try {
      await s.create();
      let cycles: { trigger: string }[] = [];
      for (let i = 0; i < 40 && cycles.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        cycles = (await s.call('GET', '/api/v1/microgrids/mg-north/cycles')).body.cycles;
      }
      expect(cycles[0]).toMatchObject({ trigger: 'SCHEDULED', microgrid_id: 'mg-north' });
    } finally {
      await s.stop();
    }
  });
});
