// Operating envelopes over HTTP: every status readable with source metadata and events,
// idempotent receive, supersede, withdraw, time travel, and the legacy view of the same limit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestController, testClock, type TestController } from './helpers.ts';

const T0 = '2026-03-01T23:00:00Z'; // Monday 10:00 in Melbourne, outside every TOU window
let c: TestController;
const clock = testClock(T0);
beforeEach(async () => {
  clock.set(T0);
  c = await startTestController({ clock });
  await c.create();
});
afterEach(() => c.stop());

function envelope(
  ref: string,
  source_id: string,
  target: string,
  capacity: number,
  from: string,
  to: string,
  type = 'OSCP',
) {
  return {
    target_node_id: target,
    capacity_kw: capacity,
    valid_from: from,
    valid_to: to,
    source: { type, source_id, external_ref: ref },
  };
}
const post = (body: unknown) => c.call('POST', '/api/v1/microgrids/mg-north/envelopes', body);

describe('operating envelopes', () => {
  it('keeps active, pending, expired, withdrawn and superseded envelopes readable with source metadata and events', async () => {
    const active = await post(
      envelope('a-1', 'dso-a', 'sb-a', 250, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'),
    );
    expect(active.status).toBe(201);
    expect(active.body).toMatchObject({
      status: 'ACTIVE',
      source: { type: 'OSCP', source_id: 'dso-a', external_ref: 'a-1', received_at: T0 },
      events: [{ type: 'RECEIVED', at: T0 }],
    });
    expect(active.headers.get('location')).toBe(`/api/v1/microgrids/mg-north/envelopes/${active.body.id}`);
    const pending = await post(
      envelope('p-1', 'dso-a', 'sb-b', 300, '2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z'),
    );
    expect(pending.body.status).toBe('PENDING');
    const expired = await post(
      envelope('e-1', 'dso-a', 'db-office', 50, '2026-03-01T20:00:00Z', '2026-03-01T21:00:00Z'),
    );
    expect(expired.body.status).toBe('EXPIRED');
    const toWithdraw = await post(
      envelope('w-1', 'ops', 'tx-1', 500, '2026-03-01T22:00:00Z', '2026-03-02T03:00:00Z', 'MANUAL'),
    );
    const old = await post(
      envelope('s-1', 'csip-1', 'grid', 600, '2026-03-01T22:00:00Z', '2026-03-02T04:00:00Z', 'CSIP_AUS'),
    );

    clock.set('2026-03-01T23:10:00Z');
    const withdrawn = await c.call(
      'POST',
      `/api/v1/microgrids/mg-north/envelopes/${toWithdraw.body.id}/withdraw`,
      { reason: 'network restored' },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'WITHDRAWN',
      withdrawn_at: '2026-03-01T23:10:00Z',
      withdraw_reason: 'network restored',
    });
    const again = await c.call(
      'POST',
      `/api/v1/microgrids/mg-north/envelopes/${toWithdraw.body.id}/withdraw`,
      { reason: 'twice' },
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ENVELOPE_NOT_LIVE', status: 409 });
    const expiredWithdraw = await c.call(
      'POST',
      `/api/v1/microgrids/mg-north/envelopes/${expired.body.id}/withdraw`,
      { reason: 'late' },
    );
    expect(expiredWithdraw.body.code).toBe('ENVELOPE_NOT_LIVE');

    const newer = await post(
      envelope('s-2', 'csip-1', 'grid', 550, '2026-03-02T00:00:00Z', '2026-03-02T06:00:00Z', 'CSIP_AUS'),
    );
    expect(newer.status).toBe(201);

    const list = await c.call('GET', '/api/v1/microgrids/mg-north/envelopes');
    const byRef = Object.fromEntries(
      list.body.envelopes.map((e: { source: { external_ref: string }; status: string }) => [
        e.source.external_ref,
        e.status,
      ]),
    );
    expect(byRef).toEqual({
      'a-1': 'ACTIVE',
      'p-1': 'PENDING',
      'e-1': 'EXPIRED',
      'w-1': 'WITHDRAWN',
      's-1': 'SUPERSEDED',
      's-2': 'PENDING',
    });

    const superseded = await c.call('GET', `/api/v1/microgrids/mg-north/envelopes/${old.body.id}`);
    expect(superseded.body).toMatchObject({
      status: 'SUPERSEDED',
      superseded_by: newer.body.id,
      source: { type: 'CSIP_AUS', source_id: 'csip-1', external_ref: 's-1' },
      events: [
        { type: 'RECEIVED' },
        { type: 'SUPERSEDED', superseded_by: newer.body.id, at: '2026-03-01T23:10:00Z' },
      ],
    });
    const filtered = await c.call('GET', '/api/v1/microgrids/mg-north/envelopes?status=ACTIVE');
    expect(
      filtered.body.envelopes.map((e: { source: { external_ref: string } }) => e.source.external_ref),
    ).toEqual(['a-1']);
    const onNode = await c.call('GET', '/api/v1/microgrids/mg-north/envelopes?target_node_id=grid');
    expect(onNode.body.envelopes).toHaveLength(2);
    // Time travel: before the withdrawal, the withdrawn one was ACTIVE.
    const before = await c.call(
      'GET',
      `/api/v1/microgrids/mg-north/envelopes/${toWithdraw.body.id}?at=2026-03-01T23:05:00Z`,
    );
    expect(before.body.status).toBe('ACTIVE');
    const unknown = await c.call('GET', '/api/v1/microgrids/mg-north/envelopes/env-nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ENVELOPE_NOT_FOUND');
  });

  it('answers a repeated (source_id, external_ref) with 200 and the stored envelope, adding nothing', async () => {
    const first = await post(
      envelope('r-1', 'dso-a', 'sb-a', 250, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'),
    );
    clock.set('2026-03-01T23:30:00Z');
    const repeat = await post(
      envelope('r-1', 'dso-a', 'sb-a', 999, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'),
    );
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ ...first.body });
    expect((await c.call('GET', '/api/v1/microgrids/mg-north/envelopes')).body.envelopes).toHaveLength(1);
  });

  it('refuses an envelope on an unknown node or with a bad window, and requires source metadata', async () => {
    const ghost = await post(
      envelope('g-1', 'dso-a', 'ghost', 10, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'),
    );
    expect(ghost.status).toBe(422);
    expect(ghost.body).toMatchObject({ code: 'ENVELOPE_TARGET_MISSING', field: 'target_node_id' });
    const backwards = await post(
      envelope('b-1', 'dso-a', 'sb-a', 10, '2026-03-02T00:00:00Z', '2026-03-01T22:00:00Z'),
    );
    expect(backwards.body.code).toBe('ENVELOPE_WINDOW_INVALID');
    const noSource = await post({
      target_node_id: 'sb-a',
      capacity_kw: 10,
      valid_from: '2026-03-01T22:00:00Z',
      valid_to: '2026-03-02T00:00:00Z',
    });
    expect(noSource.status).toBe(400);
    expect(noSource.body.errors[0]).toMatchObject({ in: 'body', path: 'source' });
  });

  it('shows an active envelope as the effective limit, and the legacy available_capacity_kw equals it', async () => {
    const before = await c.call('GET', '/api/circuit/1042');
    expect(before.body.available_capacity_kw).toBe(160);
    await post(envelope('c-1', 'dso-a', 'cb-a1', 95.5, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'));
    await post(envelope('c-2', 'dso-b', 'cb-a1', 120, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'));
    const active = await c.call('GET', '/api/v1/microgrids/mg-north/limits/active');
    const node = active.body.nodes.find((n: { node_id: string }) => n.node_id === 'cb-a1');
    expect(node).toMatchObject({
      envelope_cap_kw: 95.5,
      effective_limit_kw: 95.5,
      binding_source: 'OPERATING_ENVELOPE',
    });
    const legacy = await c.call('GET', '/api/circuit/1042');
    expect(legacy.body).toEqual({
      circuit_id: '1042',
      name: 'Charger feeder A1',
      max_power_kw: 160,
      available_capacity_kw: node.effective_limit_kw,
      microgrid_id: 'mg-north',
      node_id: 'cb-a1',
    });
    // After the window, both views fall back to the rating.
    clock.set('2026-03-02T00:00:00Z');
    expect((await c.call('GET', '/api/circuit/1042')).body.available_capacity_kw).toBe(160);
  });

  it('refuses removing a node targeted by a live envelope (NODE_REFERENCED)', async () => {
    await post(envelope('n-1', 'dso-a', 'db-office', 80, '2026-03-01T22:00:00Z', '2026-03-02T00:00:00Z'));
    const topo = await c.call('GET', '/api/v1/microgrids/mg-north/topology');
    const nodes = topo.body.nodes.filter((n: { id: string }) => n.id !== 'db-office');
    const assets = topo.body.assets.filter((a: { node_id: string }) => a.node_id !== 'db-office');
    const r = await c.call(
      'PUT',
      '/api/v1/microgrids/mg-north/topology',
      { nodes, assets },
      { 'if-match': '"1"' },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      expect.objectContaining({ code: 'NODE_REFERENCED', node_id: 'db-office' }),
    ]);
  });
});
