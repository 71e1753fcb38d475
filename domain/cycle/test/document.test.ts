// The cycle input document (cycle.md §8): its shape, and the references it can get wrong, each
// reported with a code, the id it is about and the exact field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCycleInput, readCycleInput, validateCycleInput } from '../document.ts';
import type { CycleInput } from '../types.ts';

const example = () =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'cycles', 'measured.json'), 'utf8'),
  ) as CycleInput;
const errorsOf = (input: unknown) => {
  const r = readCycleInput(input);
  return r.ok ? [] : r.errors.map((e) => [e.code, e.field, e.node_id ?? e.asset_id]);
};

describe('the cycle input document', () => {
  it('accepts the spec example and an envelope as read back from the API (status, events)', () => {
    const spec = JSON.parse(readFileSync('/work/shared/spec/examples/cycle-evening.json', 'utf8')) as unknown;
    expect(readCycleInput(spec).ok).toBe(true);
    const doc = example();
    doc.envelopes = [
      {
        id: 'e1',
        target_node_id: 'grid',
        capacity_kw: 90,
        valid_from: '2026-03-02T07:00:00Z',
        valid_to: '2026-03-02T09:00:00Z',
        source: { type: 'OSCP', source_id: 'dnsp', external_ref: 'r1', received_at: '2026-03-02T06:59:00Z' },
        status: 'ACTIVE',
        superseded_at: null,
        withdrawn_at: null,
        ...({
          superseded_by: null,
          withdraw_reason: null,
          events: [{ type: 'RECEIVED', at: '2026-03-02T06:59:00Z' }],
        } as object),
      },
    ];
    expect(readCycleInput(doc).ok).toBe(true);
  });

  it('requires each sample to name a meter or an asset, with that kind of value', () => {
    const doc = example() as unknown as { telemetry: { samples: unknown[] } };
    doc.telemetry.samples = [
      { at: '2026-03-02T07:29:00Z', power_kw: 1 },
      { node_id: 'grid', at: '2026-03-02T07:29:00Z', power_kw: 1 },
      { asset_id: 'c1', at: '2026-03-02T07:29:00Z' },
      { asset_id: 'c1', at: '2026-03-02T07:29:00Z', power_kw: 1, requested_kw: -1 },
    ];
    const r = parseCycleInput(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.field)).toEqual([
        'telemetry.samples[0]',
        'telemetry.samples[1].demand_kw',
        'telemetry.samples[1].power_kw',
        'telemetry.samples[2].power_kw',
        'telemetry.samples[3].requested_kw',
      ]);
      expect(r.errors.every((e) => e.code === 'DOCUMENT_INVALID')).toBe(true);
    }
  });

  it('reports every broken reference, after the microgrid’s own errors, by code then id then field', () => {
    const doc = example();
    doc.microgrid.limits.push({ id: 'l1', scope: 'NODE', node_id: 'nowhere', hard_cap_kw: 5, schedule: [] });
    doc.capability_status = [
      { capability: 'LOAD_CONTROL', scope_node_id: 'fb', state: 'ACTIVE' },
      { capability: 'LOAD_CONTROL', scope_node_id: 'fb', state: 'AVAILABLE' },
      { capability: 'LOAD_CONTROL', scope_node_id: 'ghost', state: 'ACTIVE' },
    ];
    doc.envelopes = [
      {
        id: 'e1',
        target_node_id: 'grid',
        capacity_kw: 1,
        valid_from: '2026-03-02T07:00:00Z',
        valid_to: '2026-03-02T09:00:00Z',
      },
      {
        id: 'e1',
        target_node_id: 'fa',
        capacity_kw: 1,
        valid_from: '2026-03-02T07:00:00Z',
        valid_to: '2026-03-02T09:00:00Z',
      },
    ];
    doc.telemetry!.samples.push({ node_id: 'ghost', at: '2026-03-02T07:29:00Z', demand_kw: 1 });
    doc.previous_setpoints = [
      { asset_id: 'c1', setpoint_kw: 1 },
      { asset_id: 'c1', setpoint_kw: 2 },
    ];
    expect(errorsOf(doc)).toEqual([
      ['LIMIT_TARGET_MISSING', 'node_id', 'nowhere'],
      ['ENVELOPE_ID_DUPLICATE', 'envelopes[1].id', 'fa'],
      ['CAPABILITY_SCOPE_MISSING', 'capability_status[2].scope_node_id', 'ghost'],
      ['CAPABILITY_STATUS_DUPLICATE', 'capability_status[1]', 'fb'],
      ['TELEMETRY_UNKNOWN_POINT', 'telemetry.samples[6].node_id', 'ghost'],
      ['PREVIOUS_SETPOINT_DUPLICATE', 'previous_setpoints[1]', 'c1'],
    ]);
    expect(validateCycleInput(example())).toEqual([]);
  });
});
