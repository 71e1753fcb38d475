// A stored cycle reads the store's history, which may name a charger an accepted topology edit has
// since removed (its samples, its last setpoint): the cycle must be exactly the one of the current
// document alone, as if that history had never been written.
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../cycle/index.ts';
import type { CycleInput, CycleResult } from '../../cycle/types.ts';
import { createMicrogrid, ingestTelemetry, putTopology, readDocument, runStoredCycle } from '../index.ts';
import { depot, memoryPorts, MONDAY_EVENING } from './fixture.ts';

const withoutId = ({ cycle_id: _id, ...rest }: CycleResult) => rest;

describe('a stored cycle after a charger was removed', () => {
  it('ignores the removed charger’s samples and last setpoint: the result is the current document’s', () => {
    const ports = memoryPorts(MONDAY_EVENING);
    const made = createMicrogrid(ports, { document: depot(), actor: 'ana' });
    if (!made.ok) throw new Error(made.failure.message);
    const at = MONDAY_EVENING;
    const samples = [
      { node_id: 'grid', at, demand_kw: 310 },
      { asset_id: 'load-office', at, power_kw: 40 },
      { asset_id: 'pv-roof', at, power_kw: -20 },
      { asset_id: 'ch-01', at, power_kw: 30, connected: true, requested_kw: 80 },
      { asset_id: 'ch-02', at, power_kw: 70, connected: true, requested_kw: 80, priority: 7 },
      { asset_id: 'ch-03', at, power_kw: 90, connected: true, requested_kw: 150 },
    ];
    expect(ingestTelemetry(ports, { microgridId: 'mg-north', samples }).ok).toBe(true);
    const before = runStoredCycle(ports, { microgridId: 'mg-north', trigger: 'SCHEDULED' });
    expect(before.ok && before.value.setpoints.map((s) => s.asset_id)).toEqual(['ch-01', 'ch-02', 'ch-03']);

    // ch-02 goes (the store keeps its sample and its setpoint in the last cycle).
    const edited = putTopology(ports, {
      microgridId: 'mg-north',
      baseVersion: 1,
      actor: 'ben',
      nodes: depot().nodes,
      assets: depot().assets.filter((a) => a.id !== 'ch-02'),
    });
    expect(edited.ok).toBe(true);
    ports.clock.advance(60_000);
    const after = runStoredCycle(ports, { microgridId: 'mg-north', trigger: 'SCHEDULED' });
    if (!after.ok || !before.ok) throw new Error('the cycles ran');
    expect(after.value.setpoints.map((s) => s.asset_id)).toEqual(['ch-01', 'ch-03']);

    // The same cycle from the current document and only the history that names it.
    const doc = readDocument(ports, { microgridId: 'mg-north' });
    if (!doc.ok) throw new Error(doc.failure.message);
    const clean: CycleInput = {
      microgrid: doc.value,
      at: after.value.at,
      envelopes: [],
      capability_status: [],
      telemetry: { samples: samples.filter((s) => !('asset_id' in s) || s.asset_id !== 'ch-02') },
      previous_setpoints: before.value.setpoints
        .filter((s) => s.asset_id !== 'ch-02' && s.setpoint_kw !== null)
        .map((s) => ({ asset_id: s.asset_id, setpoint_kw: s.setpoint_kw! })),
    };
    expect(withoutId(after.value)).toEqual(
      withoutId(runCycle(clean, { trigger: 'SCHEDULED', legacyCircuitId: null })),
    );
  });
});
