// One contract, three stores: the in-memory store, SQLite through better-sqlite3 (a file, as the
// controller uses it) and SQLite through sql.js (as the desktop app uses it) must answer alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store, StoredDocument } from '../../domain/index.ts';
import type { CycleResult } from '../../domain/cycle/types.ts';
import { depot } from '../../domain/usecases/test/fixture.ts';
import { MemoryStore, openFileStore, openSqlJsStore } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const factories: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  ['better-sqlite3', async () => openFileStore(join(dir, `s${++files}.sqlite`)).store],
  ['sql.js', async () => (await openSqlJsStore()).store],
];

function stored(version: number, doc = depot(), by = 'ana'): StoredDocument {
  return { ...doc, version, updated_at: `2026-03-0${version}T00:00:00Z`, updated_by: by };
}

function cycle(id: string, at: string, extra: Partial<CycleResult> = {}): CycleResult {
  return {
    cycle_id: id,
    microgrid_id: 'mg-north',
    scope_node_id: 'grid',
    trigger: 'CANONICAL_REQUEST',
    legacy_circuit_id: null,
    at,
    config_version: 1,
    source_mode: 'MEASURED',
    outcome: 'APPLIED',
    reason_codes: [],
    setpoints: [
      {
        asset_id: 'ch-01',
        node_id: 'cb-a1',
        state: 'DISPATCHED',
        priority: 5,
        requested_kw: 80,
        setpoint_kw: 40,
        reason_codes: [],
      },
      {
        asset_id: 'ch-03',
        node_id: 'cb-b1',
        state: 'EXTERNAL',
        priority: 5,
        requested_kw: 150,
        setpoint_kw: null,
        reason_codes: [],
      },
    ],
    nodes: [],
    fallback: { stale_after_s: 90, fail_safe_after_s: 900, inputs: [] },
    breaches: [],
    ...extra,
  };
}

const breach = (node_id: string) => ({
  node_id,
  measured_kw: 500,
  limit_kw: 450,
  excess_kw: 50,
  binding_source: 'TOU_SCHEDULED_CAP' as const,
  reason_codes: [{ code: 'TOU_SCHEDULED_CAP' as const, node_id }],
  primary_reason_code: 'TOU_SCHEDULED_CAP' as const,
});

describe.each(factories)('store contract: %s', (_name, make) => {
  it('appends versions, keeps every document and revision, and refuses a skipped version', async () => {
    const s = await make();
    expect(s.currentVersion('mg-north')).toBeUndefined();
    s.appendVersion(stored(1), {
      version: 1,
      at: '2026-03-01T00:00:00Z',
      by: 'ana',
      kind: 'CREATED',
      summary: 'created',
    });
    const two = stored(2, { ...depot(), limits: [] }, 'ben');
    s.appendVersion(two, {
      version: 2,
      at: '2026-03-02T00:00:00Z',
      by: 'ben',
      kind: 'LIMITS',
      summary: 'limits',
    });
    expect(() =>
      s.appendVersion(stored(4), {
        version: 4,
        at: '2026-03-04T00:00:00Z',
        by: 'x',
        kind: 'LIMITS',
        summary: '',
      }),
    ).toThrow(/expects version 3/);
    expect(s.currentVersion('mg-north')).toBe(2);
    expect(s.document('mg-north')).toEqual(two);
    expect(s.document('mg-north', 1)!.limits).toHaveLength(3);
    expect(s.document('mg-north', 3)).toBeUndefined();
    expect(s.revisions('mg-north').map((r) => r.kind)).toEqual(['CREATED', 'LIMITS']);
    expect(s.revisions('mg-north', 1).map((r) => r.version)).toEqual([2]);
    expect(s.listMicrogrids()).toEqual([
      {
        id: 'mg-north',
        depot_id: 'depot-north',
        name: 'North Depot',
        version: 2,
        updated_at: '2026-03-02T00:00:00Z',
        updated_by: 'ben',
      },
    ]);
  });

  it('finds alias rows of the current versions across microgrids', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    s.appendVersion(
      stored(1, { ...depot('mg-south'), circuit_aliases: [{ circuit_id: '1042', node_id: 'sb-a' }] }),
      { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' },
    );
    expect(s.aliasRows('1042')).toEqual([
      { microgrid_id: 'mg-north', circuit_id: '1042', node_id: 'cb-a1' },
      { microgrid_id: 'mg-south', circuit_id: '1042', node_id: 'sb-a' },
    ]);
    s.appendVersion(stored(2, { ...depot(), circuit_aliases: [] }), {
      version: 2,
      at: 'x',
      by: 'a',
      kind: 'ALIASES',
      summary: '',
    });
    expect(s.aliasRows('1042').map((r) => r.microgrid_id)).toEqual(['mg-south']);
    expect(s.aliasRows('9999')).toEqual([]);
  });

  it('rolls a failed transaction back completely, nested savepoints included', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    expect(() =>
      s.transaction(() => {
        s.appendVersion(stored(2, { ...depot(), limits: [] }), {
          version: 2,
          at: 'x',
          by: 'a',
          kind: 'LIMITS',
          summary: '',
        });
        expect(s.document('mg-north')!.limits).toEqual([]);
        s.appendAliasUsage({
          at: '2026-03-01T00:00:00Z',
          endpoint: 'GET',
          circuit_id: '1',
          microgrid_id: null,
          node_id: null,
          outcome: 'X',
          client: 'c',
        });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.currentVersion('mg-north')).toBe(1);
    expect(s.document('mg-north', 2)).toBeUndefined();
    expect(s.document('mg-north')!.limits).toHaveLength(3);
    expect(s.aliasUsage({ limit: 10 })).toEqual([]);
    s.transaction(() => {
      s.appendAliasUsage({
        at: '2026-03-01T00:00:00Z',
        endpoint: 'outer',
        circuit_id: '1',
        microgrid_id: null,
        node_id: null,
        outcome: 'X',
        client: 'c',
      });
      expect(() =>
        s.transaction(() => {
          s.appendAliasUsage({
            at: '2026-03-01T00:00:00Z',
            endpoint: 'inner',
            circuit_id: '1',
            microgrid_id: null,
            node_id: null,
            outcome: 'X',
            client: 'c',
          });
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(s.aliasUsage({ limit: 10 }).map((u) => u.endpoint)).toEqual(['outer']);
  });

  it('keeps envelopes immutable and derives supersede and withdraw stamps from appended events', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    const base = {
      target_node_id: 'grid',
      capacity_kw: 500,
      valid_from: '2026-03-02T00:00:00Z',
      valid_to: '2026-03-02T06:00:00Z',
      source: {
        type: 'OSCP' as const,
        source_id: 'dso-1',
        external_ref: 'r1',
        received_at: '2026-03-01T00:00:00Z',
      },
      superseded_by: null,
      superseded_at: null,
      withdrawn_at: null,
      withdraw_reason: null,
      events: [{ type: 'RECEIVED' as const, at: '2026-03-01T00:00:00Z' }],
    };
    s.insertEnvelope('mg-north', { ...base, id: 'env-b' });
    s.insertEnvelope('mg-north', {
      ...base,
      id: 'env-a',
      valid_from: '2026-03-03T00:00:00Z',
      valid_to: '2026-03-04T00:00:00Z',
      source: { ...base.source, external_ref: 'r2' },
    });
    s.appendEnvelopeEvent('mg-north', 'env-b', {
      type: 'SUPERSEDED',
      at: '2026-03-01T01:00:00Z',
      superseded_by: 'env-a',
    });
    s.appendEnvelopeEvent('mg-north', 'env-a', {
      type: 'WITHDRAWN',
      at: '2026-03-01T02:00:00Z',
      reason: 'network restored',
    });
    expect(s.envelopes('mg-north').map((e) => e.id)).toEqual(['env-a', 'env-b']);
    const b = s.envelope('mg-north', 'env-b')!;
    expect(b).toMatchObject({
      superseded_by: 'env-a',
      superseded_at: '2026-03-01T01:00:00Z',
      withdrawn_at: null,
    });
    expect(b.events.map((e) => e.type)).toEqual(['RECEIVED', 'SUPERSEDED']);
    expect(s.envelope('mg-north', 'env-a')).toMatchObject({
      withdrawn_at: '2026-03-01T02:00:00Z',
      withdraw_reason: 'network restored',
    });
    expect(s.envelopeBySourceRef('mg-north', 'dso-1', 'r2')!.id).toBe('env-a');
    expect(s.envelopeBySourceRef('mg-north', 'dso-2', 'r2')).toBeUndefined();
    expect(s.envelopesCovering('mg-north', Date.parse('2026-03-02T03:00:00Z')).map((e) => e.id)).toEqual([
      'env-b',
    ]);
    expect(s.envelopesCovering('mg-north', Date.parse('2026-03-02T06:00:00Z'))).toEqual([]);
    expect(
      s.envelopesFromSource('mg-north', 'dso-1', 'grid', Date.parse('2026-03-02T06:00:00Z')).map((e) => e.id),
    ).toEqual(['env-a']);
    expect(s.envelope('mg-north', 'nope')).toBeUndefined();
  });

  it('stores bindings and capability events; candidates hold every event at the latest instant', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    s.insertBinding('mg-north', {
      id: 'bind-1',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      source_id: 'ems',
      status: 'ACTIVE',
      created_at: '2026-03-01T00:00:00Z',
      released_at: null,
    });
    s.updateBinding('mg-north', {
      id: 'bind-1',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      source_id: 'ems',
      status: 'RELEASED',
      created_at: '2026-03-01T00:00:00Z',
      released_at: '2026-03-01T01:00:00Z',
    });
    expect(s.binding('mg-north', 'bind-1')).toMatchObject({
      status: 'RELEASED',
      released_at: '2026-03-01T01:00:00Z',
    });
    expect(s.bindings('mg-north')).toHaveLength(1);
    const ev = (ref: string, at: string, state: 'ACTIVE' | 'DEGRADED') => ({
      event_ref: ref,
      source_id: 'ems',
      capability: 'LOAD_CONTROL' as const,
      scope_node_id: 'sb-a',
      state,
      observed_at: at,
      received_at: '2026-03-01T00:00:00Z',
    });
    s.appendCapabilityEvent('mg-north', ev('e2', '2026-03-01T00:10:00Z', 'ACTIVE'));
    s.appendCapabilityEvent('mg-north', ev('e1', '2026-03-01T00:10:00.000Z', 'DEGRADED'));
    s.appendCapabilityEvent('mg-north', ev('e0', '2026-03-01T00:05:00Z', 'DEGRADED'));
    expect(s.capabilityEvent('mg-north', 'ems', 'e1')!.state).toBe('DEGRADED');
    expect(s.capabilityEvent('mg-north', 'other', 'e1')).toBeUndefined();
    expect(s.capabilityEvents('mg-north').map((e) => e.event_ref)).toEqual(['e2', 'e1', 'e0']);
    expect(
      s
        .latestCapabilityEventCandidates('mg-north')
        .map((e) => e.event_ref)
        .sort(),
    ).toEqual(['e1', 'e2']);
  });

  it('answers the latest sample per point at or before an instant; ties go to the later arrival', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    s.appendSamples(
      'mg-north',
      [
        { node_id: 'grid', at: '2026-03-01T00:00:00Z', demand_kw: 100 },
        { asset_id: 'ch-01', at: '2026-03-01T00:00:00Z', power_kw: 10, connected: true },
      ],
      0,
    );
    s.appendSamples(
      'mg-north',
      [
        { node_id: 'grid', at: '2026-03-01T00:02:00Z', demand_kw: 300 },
        { node_id: 'grid', at: '2026-03-01T00:01:00Z', demand_kw: 200 },
        { asset_id: 'ch-01', at: '2026-03-01T00:00:00Z', power_kw: 11, connected: true },
      ],
      0,
    );
    const at = (iso: string) =>
      s
        .latestSamples('mg-north', Date.parse(iso))
        .sort((a, b) => a.at.localeCompare(b.at) || ('node_id' in a ? -1 : 1));
    expect(at('2026-03-01T00:05:00Z')).toEqual([
      { asset_id: 'ch-01', at: '2026-03-01T00:00:00Z', power_kw: 11, connected: true },
      { node_id: 'grid', at: '2026-03-01T00:02:00Z', demand_kw: 300 },
    ]);
    expect(at('2026-03-01T00:01:30Z').find((x) => 'node_id' in x)).toEqual({
      node_id: 'grid',
      at: '2026-03-01T00:01:00Z',
      demand_kw: 200,
    });
    expect(at('2026-02-28T00:00:00Z')).toEqual([]);
  });

  it('lists cycles newest first by time, reads one, and finds the previous setpoints at an instant', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    s.appendCycle(cycle('cyc-1', '2026-03-01T00:00:00Z'));
    s.appendCycle(cycle('cyc-2', '2026-03-01T00:10:00Z', { breaches: [breach('sb-a'), breach('grid')] }));
    s.appendCycle(cycle('cyc-3', '2026-03-01T00:05:00Z', { setpoints: [] }));
    expect(s.cycles('mg-north', 10).map((c) => c.cycle_id)).toEqual(['cyc-2', 'cyc-3', 'cyc-1']);
    expect(s.cycles('mg-north', 1)[0]).toMatchObject({
      cycle_id: 'cyc-2',
      breach_count: 2,
      trigger: 'CANONICAL_REQUEST',
    });
    expect(s.cycle('mg-north', 'cyc-3')!.at).toBe('2026-03-01T00:05:00Z');
    expect(s.cycle('mg-north', 'cyc-9')).toBeUndefined();
    expect(s.latestCycle('mg-north')!.cycle_id).toBe('cyc-2');
    expect(s.latestCycle('mg-north', Date.parse('2026-03-01T00:07:00Z'))!.cycle_id).toBe('cyc-3');
    expect(s.previousSetpoints('mg-north', Date.parse('2026-03-01T00:20:00Z'))).toEqual([
      { asset_id: 'ch-01', setpoint_kw: 40 },
    ]);
    expect(s.previousSetpoints('mg-north', Date.parse('2026-03-01T00:06:00Z'))).toEqual([]);
    expect(s.previousSetpoints('mg-north', Date.parse('2026-02-01T00:00:00Z'))).toEqual([]);
    expect(s.breaches('mg-north', undefined, 10).map((b) => [b.cycle_id, b.node_id, b.at])).toEqual([
      ['cyc-2', 'grid', '2026-03-01T00:10:00Z'],
      ['cyc-2', 'sb-a', '2026-03-01T00:10:00Z'],
    ]);
    expect(s.breaches('mg-north', Date.parse('2026-03-01T00:11:00Z'), 10)).toEqual([]);
  });

  it('forgets telemetry and cycles written by a transaction that rolled back', async () => {
    const s = await make();
    s.appendVersion(stored(1), { version: 1, at: 'x', by: 'a', kind: 'CREATED', summary: '' });
    s.appendSamples('mg-north', [{ node_id: 'grid', at: '2026-03-01T00:00:00Z', demand_kw: 100 }], 0);
    s.appendCycle(cycle('cyc-1', '2026-03-01T00:00:00Z'));
    const t = Date.parse('2026-03-01T01:00:00Z');
    // Read once so that any cache is warm before the failed write.
    expect(s.latestSamples('mg-north', t)).toHaveLength(1);
    expect(s.previousSetpoints('mg-north', t)).toEqual([{ asset_id: 'ch-01', setpoint_kw: 40 }]);
    expect(() =>
      s.transaction(() => {
        s.appendSamples('mg-north', [{ node_id: 'grid', at: '2026-03-01T00:30:00Z', demand_kw: 999 }], 0);
        s.appendCycle(cycle('cyc-2', '2026-03-01T00:30:00Z', { setpoints: [] }));
        expect(s.previousSetpoints('mg-north', t)).toEqual([]);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(s.latestSamples('mg-north', t)).toEqual([
      { node_id: 'grid', at: '2026-03-01T00:00:00Z', demand_kw: 100 },
    ]);
    expect(s.previousSetpoints('mg-north', t)).toEqual([{ asset_id: 'ch-01', setpoint_kw: 40 }]);
    expect(s.latestCycle('mg-north')!.cycle_id).toBe('cyc-1');
    expect(s.cycle('mg-north', 'cyc-2')).toBeUndefined();
  });

  it('filters the alias-usage audit by circuit and time, newest first', async () => {
    const s = await make();
    const row = (at: string, circuit_id: string) => ({
      at,
      endpoint: 'GET /api/circuit/{circuit_id}',
      circuit_id,
      microgrid_id: 'mg-north',
      node_id: 'cb-a1',
      outcome: 'RESOLVED',
      client: 'erp',
    });
    s.appendAliasUsage(row('2026-03-01T00:00:00Z', '1042'));
    s.appendAliasUsage(row('2026-03-01T00:01:00Z', '2001'));
    s.appendAliasUsage(row('2026-03-01T00:02:00Z', '1042'));
    expect(s.aliasUsage({ limit: 10 }).map((u) => u.at)).toEqual([
      '2026-03-01T00:02:00Z',
      '2026-03-01T00:01:00Z',
      '2026-03-01T00:00:00Z',
    ]);
    expect(s.aliasUsage({ circuit_id: '1042', limit: 10 })).toHaveLength(2);
    expect(
      s.aliasUsage({ circuit_id: '1042', since: Date.parse('2026-03-01T00:01:00Z'), limit: 10 }),
    ).toEqual([row('2026-03-01T00:02:00Z', '1042')]);
  });
});
