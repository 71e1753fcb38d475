// A push is several writes (topology, limits, aliases), each judged by the controller's rules on
// its own. These run the planned steps through the same use cases the controller runs, so every
// step must be accepted and the last one must leave exactly the local document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MicrogridDocument, Outcome } from '../../index.ts';
import type { Ports } from '../../ports.ts';
import { createMicrogrid, putAliases, putLimits, putTopology, readDocument } from '../../usecases/index.ts';
import { MemoryStore, sequentialIds } from '../../usecases/memory-store.ts';
import { diffDocuments } from '../diff.ts';
import { planPush, type PushStep } from '../push-plan.ts';

const north = (): MicrogridDocument =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'depot-north.json'), 'utf8'),
  ) as MicrogridDocument;

function controllerWith(doc: MicrogridDocument): Ports {
  const ports: Ports = {
    store: new MemoryStore(),
    clock: { now: () => Date.parse('2026-03-02T07:30:00Z') },
    ids: sequentialIds(),
  };
  const created = createMicrogrid(ports, { document: doc, actor: 'seed' });
  if (!created.ok) throw new Error(JSON.stringify(created.failure));
  return ports;
}

function write(ports: Ports, id: string, version: number, step: PushStep): Outcome<{ version: number }> {
  const base = { microgridId: id, baseVersion: version, actor: 'ben' };
  if (step.part === 'topology')
    return putTopology(ports, { ...base, nodes: step.nodes, assets: step.assets, microgrid: step.microgrid });
  if (step.part === 'limits') return putLimits(ports, { ...base, policies: step.policies });
  return putAliases(ports, { ...base, circuit_aliases: step.circuit_aliases });
}

/** Runs the steps; returns the parts written, failing the test on the first refused step. */
function push(base: MicrogridDocument, local: MicrogridDocument): string[] {
  const ports = controllerWith(base);
  let version = 1;
  const steps = planPush(base, local);
  for (const step of steps) {
    const r = write(ports, base.microgrid.id, version, step);
    expect(r.ok ? 'accepted' : r.failure, `${step.part} step`).toBe('accepted');
    if (r.ok) version = r.value.version;
  }
  const stored = readDocument(ports, { microgridId: base.microgrid.id });
  expect(stored.ok && diffDocuments(stored.value, local)).toEqual([]);
  return steps.map((s) => `${s.part}${'bridge' in s && s.bridge ? ' (bridge)' : ''}`);
}

describe('planPush', () => {
  it('writes only the part that changed', () => {
    const base = north();
    expect(
      push(base, { ...base, nodes: base.nodes.map((n) => (n.id === 'sb-a' ? { ...n, name: 'A' } : n)) }),
    ).toEqual(['topology']);
    expect(
      push(base, {
        ...base,
        limits: base.limits.map((p) => (p.id === 'lim-sb-a' ? { ...p, hard_cap_kw: 300 } : p)),
      }),
    ).toEqual(['limits']);
    expect(push(base, { ...base, microgrid: { ...base.microgrid, name: 'North (renamed)' } })).toEqual([
      'topology',
    ]);
    expect(planPush(base, { ...base, nodes: [...base.nodes].reverse() })).toEqual([]);
  });

  it('moves an alias off a removed node before the topology write and onto a new node after it', () => {
    const base = north();
    const local: MicrogridDocument = {
      ...base,
      nodes: [
        ...base.nodes.filter((n) => n.id !== 'cb-a3'),
        {
          id: 'cb-a4',
          parent_id: 'sb-a',
          name: 'Feeder A4',
          kind: 'FEEDER',
          physical_rating_kw: 100,
          metered: false,
        },
      ],
      assets: base.assets.filter((a) => a.node_id !== 'cb-a3'),
      limits: [
        ...base.limits,
        { id: 'lim-cb-a4', scope: 'NODE', node_id: 'cb-a4', hard_cap_kw: 90, schedule: [] },
      ],
      circuit_aliases: [...base.circuit_aliases, { circuit_id: '1044', node_id: 'cb-a4' }],
    };
    // cb-a3 has no alias in the example: give the base one so the bridge has to drop it first.
    base.circuit_aliases = [...base.circuit_aliases, { circuit_id: '1033', node_id: 'cb-a3' }];
    expect(push(base, local)).toEqual(['aliases (bridge)', 'topology', 'limits', 'aliases']);
  });

  it('lowers a cap before lowering the rating under it', () => {
    const base = north();
    const local: MicrogridDocument = {
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'sb-a' ? { ...n, physical_rating_kw: 300 } : n)),
      limits: base.limits.map((p) => (p.id === 'lim-sb-a' ? { ...p, hard_cap_kw: 280 } : p)),
    };
    expect(push(base, local)).toEqual(['limits (bridge)', 'topology']);
    // Topology first would be refused: the old cap (380) is above the new rating.
    const ports = controllerWith(base);
    const r = write(ports, 'mg-north', 1, {
      part: 'topology',
      nodes: local.nodes,
      assets: local.assets,
      microgrid: {},
    });
    expect(!r.ok && r.failure.code).toBe('TOPOLOGY_INVALID');
  });

  it('keeps the old version of a policy until a raised rating lets the new cap in', () => {
    const base = north();
    const local: MicrogridDocument = {
      ...base,
      nodes: base.nodes.map((n) => (n.id === 'sb-a' ? { ...n, physical_rating_kw: 500 } : n)),
      limits: base.limits.map((p) => (p.id === 'lim-sb-a' ? { ...p, hard_cap_kw: 450 } : p)),
    };
    expect(push(base, local)).toEqual(['topology', 'limits']);
    // Limits first would be refused: 450 is above the old rating of 400.
    const ports = controllerWith(base);
    const r = write(ports, 'mg-north', 1, { part: 'limits', policies: local.limits, bridge: false });
    expect(!r.ok && r.failure.code).toBe('LIMITS_INVALID');
  });
});
