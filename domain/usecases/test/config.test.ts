// Versioned configuration through the use cases: create, topology and limit edits, optimistic
// concurrency, old versions, and the limits in force at an instant.
import { describe, expect, it } from 'vitest';
import {
  activeLimits,
  createMicrogrid,
  listMicrogrids,
  listRevisions,
  putAliases,
  putLimits,
  putTopology,
  readDocument,
  readLimits,
  readTopology,
} from '../index.ts';
import { depot, memoryPorts, MONDAY_EVENING, MONDAY_MORNING } from './fixture.ts';

function created() {
  const ports = memoryPorts();
  const out = createMicrogrid(ports, { document: depot(), actor: 'ana' });
  if (!out.ok) throw new Error(out.failure.message);
  return ports;
}

const failure = (o: { ok: boolean; failure?: unknown }) =>
  o.ok ? null : (o as { failure: { code: string; kind: string; details?: Record<string, unknown> } }).failure;

describe('create and read', () => {
  it('creates version 1 and reads the topology with identity, version and who/when', () => {
    const ports = created();
    const t = readTopology(ports, { microgridId: 'mg-north' });
    expect(t.ok && t.value).toMatchObject({
      microgrid: { id: 'mg-north', depot_id: 'depot-north' },
      version: 1,
      updated_at: MONDAY_MORNING,
      updated_by: 'ana',
    });
    expect(listMicrogrids(ports).microgrids.map((m) => [m.id, m.version])).toEqual([['mg-north', 1]]);
    expect(failure(createMicrogrid(ports, { document: depot(), actor: 'ana' }))).toMatchObject({
      code: 'MICROGRID_EXISTS',
      kind: 'CONFLICT',
    });
  });

  it('refuses an invalid document with every error and stores nothing', () => {
    const ports = memoryPorts();
    const doc = depot();
    doc.nodes[1] = { ...doc.nodes[1]!, parent_id: 'cb-a1' };
    const f = failure(createMicrogrid(ports, { document: doc, actor: 'ana' }));
    expect(f).toMatchObject({ code: 'TOPOLOGY_INVALID', kind: 'INVALID' });
    expect((f!.details!.errors as { code: string }[]).map((e) => e.code)).toContain('TOPOLOGY_CYCLE');
    expect(listMicrogrids(ports).microgrids).toEqual([]);
  });

  it('answers MICROGRID_NOT_FOUND and VERSION_NOT_FOUND', () => {
    const ports = created();
    expect(failure(readTopology(ports, { microgridId: 'nope' }))).toMatchObject({
      code: 'MICROGRID_NOT_FOUND',
      kind: 'NOT_FOUND',
    });
    expect(failure(readTopology(ports, { microgridId: 'mg-north', version: 2 }))).toMatchObject({
      code: 'VERSION_NOT_FOUND',
    });
  });
});

describe('topology edits', () => {
  it('refuses a cycle and an orphan with their codes and changes nothing', () => {
    const ports = created();
    const nodes = depot().nodes.map((n) =>
      n.id === 'tx-1' ? { ...n, parent_id: 'sb-a' } : n.id === 'db-office' ? { ...n, parent_id: 'ghost' } : n,
    );
    const f = failure(
      putTopology(ports, {
        microgridId: 'mg-north',
        baseVersion: 1,
        actor: 'ben',
        nodes,
        assets: depot().assets,
      }),
    );
    expect(f!.code).toBe('TOPOLOGY_INVALID');
    const errors = f!.details!.errors as { code: string; node_id?: string; node_ids?: string[] }[];
    expect(errors.map((e) => e.code)).toEqual(['TOPOLOGY_ORPHAN_NODE', 'TOPOLOGY_CYCLE']);
    expect(errors[1]!.node_ids).toEqual(['sb-a', 'tx-1']);
    expect(
      readTopology(ports, { microgridId: 'mg-north' }).ok && ports.store.currentVersion('mg-north'),
    ).toBe(1);
  });

  it('accepts a valid edit as a new version and keeps the old one readable', () => {
    const ports = created();
    ports.clock.advance(60_000);
    const nodes = depot().nodes.map((n) => (n.id === 'sb-b' ? { ...n, name: 'Switchboard B (east)' } : n));
    const out = putTopology(ports, {
      microgridId: 'mg-north',
      baseVersion: 1,
      actor: 'ben',
      nodes,
      assets: depot().assets,
    });
    expect(out.ok && [out.value.version, out.value.updated_by]).toEqual([2, 'ben']);
    const now = readTopology(ports, { microgridId: 'mg-north' });
    expect(now.ok && now.value.nodes.find((n) => n.id === 'sb-b')!.name).toBe('Switchboard B (east)');
    const old = readTopology(ports, { microgridId: 'mg-north', version: 1 });
    expect(old.ok && old.value.nodes.find((n) => n.id === 'sb-b')!.name).toBe('Switchboard B');
    const revs = listRevisions(ports, { microgridId: 'mg-north' });
    expect(revs.ok && revs.value.revisions.map((r) => [r.version, r.kind, r.by, r.summary])).toEqual([
      [1, 'CREATED', 'ana', 'created: 7 nodes, 5 assets, 3 limit policies, 2 circuit aliases'],
      [2, 'TOPOLOGY', 'ben', 'topology: nodes ~1'],
    ]);
  });

  it('refuses a stale base version with who, when and what changed; a write without one is PRECONDITION_REQUIRED', () => {
    const ports = created();
    ports.clock.advance(1000);
    expect(
      putLimits(ports, {
        microgridId: 'mg-north',
        baseVersion: 1,
        actor: 'ben',
        policies: depot().limits.slice(0, 2),
      }).ok,
    ).toBe(true);
    const stale = failure(
      putTopology(ports, {
        microgridId: 'mg-north',
        baseVersion: 1,
        actor: 'cleo',
        nodes: depot().nodes,
        assets: [],
      }),
    );
    expect(stale).toMatchObject({
      code: 'CONFIG_VERSION_CONFLICT',
      kind: 'CONFLICT',
      details: {
        expected_version: 1,
        current_version: 2,
        updated_by: 'ben',
        updated_at: '2026-03-01T23:00:01Z',
        changed_kinds: ['LIMITS'],
      },
    });
    expect(ports.store.document('mg-north')!.assets).toHaveLength(5);
    expect(
      failure(
        putTopology(ports, { microgridId: 'mg-north', actor: 'cleo', nodes: depot().nodes, assets: [] }),
      ),
    ).toMatchObject({ code: 'PRECONDITION_REQUIRED', kind: 'PRECONDITION_REQUIRED' });
    // Re-read, re-apply, resubmit.
    const again = putTopology(ports, {
      microgridId: 'mg-north',
      baseVersion: 2,
      actor: 'cleo',
      nodes: depot().nodes,
      assets: depot().assets.slice(0, 3),
    });
    expect(again.ok && again.value.version).toBe(3);
  });

  it('refuses removing a node that a limit or an alias still targets (NODE_REFERENCED)', () => {
    const ports = created();
    const nodes = depot().nodes.filter((n) => n.id !== 'cb-a1');
    const assets = depot().assets.filter((a) => a.node_id !== 'cb-a1');
    const f = failure(
      putTopology(ports, { microgridId: 'mg-north', baseVersion: 1, actor: 'ben', nodes, assets }),
    );
    expect(f!.details!.errors).toEqual([
      expect.objectContaining({ code: 'NODE_REFERENCED', node_id: 'cb-a1', circuit_id: '1042' }),
    ]);
  });

  it('refuses lowering a rating under a limit policy cap', () => {
    const ports = created();
    const nodes = depot().nodes.map((n) => (n.id === 'sb-a' ? { ...n, physical_rating_kw: 300 } : n));
    const f = failure(
      putTopology(ports, {
        microgridId: 'mg-north',
        baseVersion: 1,
        actor: 'ben',
        nodes,
        assets: depot().assets,
      }),
    );
    expect(f).toMatchObject({
      code: 'TOPOLOGY_INVALID',
      details: {
        node_id: 'sb-a',
        field: 'hard_cap_kw',
        errors: [expect.objectContaining({ code: 'LIMIT_EXCEEDS_PHYSICAL_RATING' })],
      },
    });
  });

  it('writes no version for an edit that changes nothing', () => {
    const ports = created();
    const out = putTopology(ports, {
      microgridId: 'mg-north',
      baseVersion: 1,
      actor: 'ben',
      nodes: depot().nodes,
      assets: depot().assets,
    });
    expect(out.ok && out.value.version).toBe(1);
  });

  it('never lets the microgrid id change', () => {
    const ports = created();
    const f = failure(
      putTopology(ports, {
        microgridId: 'mg-north',
        baseVersion: 1,
        actor: 'ben',
        nodes: depot().nodes,
        assets: depot().assets,
        microgrid: { id: 'mg-other' },
      }),
    );
    expect(f).toMatchObject({ code: 'MICROGRID_IDENTITY_IMMUTABLE' });
    const renamed = putTopology(ports, {
      microgridId: 'mg-north',
      baseVersion: 1,
      actor: 'ben',
      nodes: depot().nodes,
      assets: depot().assets,
      microgrid: { name: 'North' },
    });
    expect(renamed.ok && [renamed.value.version, renamed.value.microgrid.name]).toEqual([2, 'North']);
    expect(listMicrogrids(ports).microgrids[0]!.name).toBe('North');
  });
});

describe('limits', () => {
  it('refuses a cap above the rating naming node and field; equal is accepted and read back exactly', () => {
    const ports = created();
    const above = [
      {
        id: 'lim-sb-a',
        scope: 'NODE' as const,
        node_id: 'sb-a',
        hard_cap_kw: 380,
        schedule: [{ days: ['MON'], start: '08:00', end: '12:00', cap_kw: 400.001 }],
      },
    ];
    const f = failure(
      putLimits(ports, { microgridId: 'mg-north', baseVersion: 1, actor: 'ben', policies: above }),
    );
    expect(f).toMatchObject({
      code: 'LIMITS_INVALID',
      details: { node_id: 'sb-a', field: 'schedule[0].cap_kw' },
    });
    expect((f!.details!.errors as object[])[0]).toMatchObject({
      code: 'LIMIT_EXCEEDS_PHYSICAL_RATING',
      node_id: 'sb-a',
      field: 'schedule[0].cap_kw',
      policy_id: 'lim-sb-a',
    });
    const equal = [
      {
        id: 'lim-sb-a',
        scope: 'NODE' as const,
        node_id: 'sb-a',
        hard_cap_kw: 400,
        schedule: [{ days: ['MON'], start: '08:00', end: '12:00', cap_kw: 123.456 }],
      },
      { id: 'agg-a', scope: 'AGGREGATE' as const, node_id: 'sb-a', hard_cap_kw: 250.5, schedule: [] },
    ];
    expect(
      putLimits(ports, { microgridId: 'mg-north', baseVersion: 1, actor: 'ben', policies: equal }).ok,
    ).toBe(true);
    const read = readLimits(ports, { microgridId: 'mg-north' });
    expect(read.ok && read.value).toMatchObject({ version: 2, policies: equal });
  });

  it('shows the TOU cap inside its window and the hard cap outside it', () => {
    const ports = created();
    const inside = activeLimits(ports, { microgridId: 'mg-north', at: Date.parse(MONDAY_EVENING) });
    const outside = activeLimits(ports, { microgridId: 'mg-north', at: Date.parse(MONDAY_MORNING) });
    const grid = (o: typeof inside) => (o.ok ? o.value.nodes.find((n) => n.node_id === 'grid') : null);
    expect(grid(inside)).toMatchObject({
      policy_cap_kw: 450,
      policy_cap_source: 'TOU_SCHEDULED_CAP',
      effective_limit_kw: 450,
      binding_source: 'TOU_SCHEDULED_CAP',
      tou_window: { index: 0, start: '15:00', end: '21:00' },
    });
    expect(grid(outside)).toMatchObject({
      policy_cap_kw: 700,
      policy_cap_source: 'NODE_HARD_CAP',
      effective_limit_kw: 700,
      binding_source: 'NODE_HARD_CAP',
      tou_window: null,
    });
    expect(inside.ok && inside.value.local_time).toEqual({ day: 'MON', time: '16:00' });
    expect(outside.ok && outside.value.aggregates).toEqual([
      {
        policy_id: 'agg-site',
        node_id: 'grid',
        active_cap_kw: 600,
        source: 'AGGREGATE_LIMIT',
        tou_window: null,
      },
    ]);
  });
});

describe('aliases and documents', () => {
  it('versions alias edits and keeps every full document for the sync to diff against', () => {
    const ports = created();
    expect(
      failure(
        putAliases(ports, {
          microgridId: 'mg-north',
          baseVersion: 1,
          actor: 'ben',
          circuit_aliases: [{ circuit_id: '7', node_id: 'ghost' }],
        }),
      ),
    ).toMatchObject({ code: 'ALIASES_INVALID' });
    const out = putAliases(ports, {
      microgridId: 'mg-north',
      baseVersion: 1,
      actor: 'ben',
      circuit_aliases: [{ circuit_id: '7', node_id: 'sb-a' }],
    });
    expect(out.ok && out.value.version).toBe(2);
    const v1 = readDocument(ports, { microgridId: 'mg-north', version: 1 });
    expect(v1.ok && v1.value.circuit_aliases).toEqual(depot().circuit_aliases);
    expect(ports.store.aliasRows('7')).toEqual([
      { microgrid_id: 'mg-north', circuit_id: '7', node_id: 'sb-a' },
    ]);
  });
});
