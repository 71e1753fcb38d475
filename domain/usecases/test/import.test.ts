// Importing a whole document: created when new, replaced only when asked, judged by every rule.
import { describe, expect, it } from 'vitest';
import { importMicrogrid, readDocument, receiveEnvelope } from '../index.ts';
import { MONDAY_MORNING } from './fixture.ts';
import { depot, memoryPorts } from './fixture.ts';

describe('import a microgrid document', () => {
  it('creates a new microgrid, and refuses to replace it unless asked', () => {
    const ports = memoryPorts();
    expect(importMicrogrid(ports, { document: depot(), replace: false, actor: 'ana' })).toMatchObject({
      ok: true,
      value: { outcome: 'created', version: 1 },
    });
    const again = importMicrogrid(ports, { document: depot(), replace: false, actor: 'ana' });
    expect(again).toMatchObject({ ok: false, failure: { code: 'MICROGRID_EXISTS', kind: 'CONFLICT' } });
  });

  it('replaces with one new version; an identical document writes none', () => {
    const ports = memoryPorts();
    importMicrogrid(ports, { document: depot(), replace: false, actor: 'ana' });
    expect(importMicrogrid(ports, { document: depot(), replace: true, actor: 'ana' })).toMatchObject({
      ok: true,
      value: { outcome: 'replaced', version: 1 },
    });
    const renamed = depot();
    renamed.nodes[0]!.name = 'Grid connection (surveyed)';
    expect(importMicrogrid(ports, { document: renamed, replace: true, actor: 'bo' })).toMatchObject({
      ok: true,
      value: { version: 2 },
    });
    const stored = readDocument(ports, { microgridId: 'mg-north' });
    expect(stored.ok && stored.value.nodes[0]!.name).toBe('Grid connection (surveyed)');
    expect(stored.ok && stored.value.updated_by).toBe('bo');
  });

  it('refuses, changing nothing, a document that is invalid, changes the depot, or drops a node a live envelope targets', () => {
    const ports = memoryPorts();
    importMicrogrid(ports, { document: depot(), replace: false, actor: 'ana' });
    const bad = depot();
    bad.nodes[1]!.parent_id = 'nowhere';
    expect(importMicrogrid(ports, { document: bad, replace: true, actor: 'ana' })).toMatchObject({
      ok: false,
      failure: { code: 'TOPOLOGY_INVALID' },
    });
    const moved = depot();
    moved.microgrid.depot_id = 'depot-south';
    expect(importMicrogrid(ports, { document: moved, replace: true, actor: 'ana' })).toMatchObject({
      ok: false,
      failure: { code: 'MICROGRID_IDENTITY_IMMUTABLE' },
    });
    expect(
      importMicrogrid(ports, { document: { microgrid: {} }, replace: true, actor: 'ana' }),
    ).toMatchObject({ ok: false, failure: { code: 'DOCUMENT_INVALID' } });
    const at = Date.parse(MONDAY_MORNING);
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const received = receiveEnvelope(ports, {
      microgridId: 'mg-north',
      envelope: {
        target_node_id: 'sb-b',
        capacity_kw: 100,
        valid_from: iso(at - 3_600_000),
        valid_to: iso(at + 3_600_000),
        source: { type: 'OSCP', source_id: 'dnsp', external_ref: 'r1' },
      },
    });
    expect(received.ok).toBe(true);
    const withoutSbB = depot();
    withoutSbB.nodes = withoutSbB.nodes.filter((n) => n.id !== 'sb-b' && n.parent_id !== 'sb-b');
    withoutSbB.assets = withoutSbB.assets.filter((a) => withoutSbB.nodes.some((n) => n.id === a.node_id));
    withoutSbB.limits = withoutSbB.limits.filter((l) => withoutSbB.nodes.some((n) => n.id === l.node_id));
    withoutSbB.circuit_aliases = withoutSbB.circuit_aliases.filter((a) =>
      withoutSbB.nodes.some((n) => n.id === a.node_id),
    );
    const dropped = importMicrogrid(ports, { document: withoutSbB, replace: true, actor: 'ana' });
    expect(dropped).toMatchObject({ ok: false, failure: { code: 'TOPOLOGY_INVALID' } });
    expect(
      !dropped.ok && (dropped.failure.details?.errors as { code: string; node_id: string }[]),
    ).toContainEqual(expect.objectContaining({ code: 'NODE_REFERENCED', node_id: 'sb-b' }));
    expect(readDocument(ports, { microgridId: 'mg-north' })).toMatchObject({
      ok: true,
      value: { version: 1 },
    });
  });
});
