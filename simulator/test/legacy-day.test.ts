// The legacy integration example (examples/profiles/legacy-day.yaml): legacy requests go through
// the same use cases as the controller's /api/circuit handlers. The artifacts show the alias
// cycles, the 409 for the unresolvable alias and the TOU change.
import { beforeAll, describe, expect, it } from 'vitest';
import { cycles, rawExample, run, scheduledAt, timeseriesRow, type Files } from './helpers.ts';

let files: Files;
let summary: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  files = (await run(rawExample('legacy-day.yaml'))).files;
  summary = JSON.parse(files['summary.json']);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sbB = (c: Record<string, any>) =>
  (c.nodes as { node_id: string; effective_limit_kw: number; binding_source: string }[]).find(
    (n) => n.node_id === 'sb-b',
  );

describe('a legacy rebalance of a resolvable circuit', () => {
  it('runs one LEGACY_ALIAS cycle scoped to the alias node, with legacy_circuit_id', () => {
    const alias = cycles(files).filter((c) => c.trigger === 'LEGACY_ALIAS');
    expect(alias.map((c) => [c.at, c.legacy_circuit_id, c.scope_node_id])).toEqual([
      ['2026-03-02T04:32:00Z', '1042', 'cb-a1'],
      ['2026-03-02T05:02:00Z', '2001', 'sb-b'],
      ['2026-03-02T05:41:00Z', '2001', 'sb-b'],
    ]);
    const first = alias[0]!;
    const states = Object.fromEntries(
      first.setpoints.map((s: { asset_id: string; state: string }) => [s.asset_id, s.state]),
    );
    expect(states['ch-01']).toBe('DISPATCHED');
    expect(states['ch-07']).toBe('OUT_OF_SCOPE');
    const event = summary.events.find(
      (e: { kind: string; circuit_id: string }) => e.kind === 'LEGACY_REBALANCE' && e.circuit_id === '1042',
    );
    expect(event).toMatchObject({ status: 200, cycle_id: first.cycle_id });
  });
});

describe('a legacy rebalance of an unresolvable (ambiguous) circuit', () => {
  it('is refused 409 CIRCUIT_ALIAS_NOT_RESOLVABLE and runs no cycle', () => {
    const event = summary.events.find(
      (e: { kind: string; circuit_id: string }) => e.kind === 'LEGACY_REBALANCE' && e.circuit_id === '3001',
    );
    expect(event).toEqual({
      at: '2026-03-02T04:47:00Z',
      kind: 'LEGACY_REBALANCE',
      circuit_id: '3001',
      cycle_id: null,
      status: 409,
      code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE',
    });
    expect(
      cycles(files)
        .filter((c) => c.at === '2026-03-02T04:47:00Z')
        .map((c) => c.trigger),
    ).toEqual([]);
  });
});

describe('a legacy TOU write', () => {
  it('is stored as a new configuration version whose TOU cap binds from 16:30 local', () => {
    const write = summary.events.find(
      (e: { kind: string; circuit_id: string }) => e.kind === 'LEGACY_TOU_WRITE' && e.circuit_id === '2001',
    );
    expect(write).toMatchObject({ at: '2026-03-02T05:01:00Z', status: 200 });
    expect(scheduledAt(files, '05:00').config_version).toBe(1);
    const before = scheduledAt(files, '05:25');
    expect(before.config_version).toBe(2);
    expect(sbB(before)).toMatchObject({ effective_limit_kw: 350, binding_source: 'NODE_HARD_CAP' });
    const after = scheduledAt(files, '05:30');
    expect(sbB(after)).toMatchObject({ effective_limit_kw: 120, binding_source: 'TOU_SCHEDULED_CAP' });
    const held = after.setpoints.filter(
      (s: { node_id: string; setpoint_kw: number; requested_kw: number }) =>
        s.node_id.startsWith('cb-b') && s.setpoint_kw < s.requested_kw,
    );
    expect(held.map((s: { asset_id: string }) => s.asset_id)).toEqual(['ch-07', 'ch-08', 'ch-09']);
    for (const s of held)
      expect(s.reason_codes).toContainEqual({ code: 'TOU_SCHEDULED_CAP', node_id: 'sb-b' });
    expect(timeseriesRow(files, '05:25', 'sb-b').limit_kw).toBe('350');
    expect(timeseriesRow(files, '05:30', 'sb-b').limit_kw).toBe('120');
    expect(Number(timeseriesRow(files, '05:31', 'sb-b').charging_kw)).toBeLessThanOrEqual(120);
  });

  it('is refused with the domain code when above the rating, and as unsupported for an ambiguous alias', () => {
    const writes = summary.events
      .filter((e: { kind: string }) => e.kind === 'LEGACY_TOU_WRITE')
      .map((e: { circuit_id: string; status: number; code?: string }) => [
        e.circuit_id,
        e.status,
        e.code ?? null,
      ]);
    expect(writes).toEqual([
      ['2001', 200, null],
      ['1043', 422, 'LIMIT_EXCEEDS_PHYSICAL_RATING'],
      ['3001', 422, 'LEGACY_SCOPE_UNSUPPORTED'],
    ]);
    expect(summary.legacy_requests).toEqual({
      total: 7,
      by_outcome: {
        'LEGACY_REBALANCE 200 OK': 3,
        'LEGACY_REBALANCE 409 CIRCUIT_ALIAS_NOT_RESOLVABLE': 1,
        'LEGACY_TOU_WRITE 200 OK': 1,
        'LEGACY_TOU_WRITE 422 LEGACY_SCOPE_UNSUPPORTED': 1,
        'LEGACY_TOU_WRITE 422 LIMIT_EXCEEDS_PHYSICAL_RATING': 1,
      },
    });
  });
});

describe('a canonical rebalance', () => {
  it('runs a CANONICAL_REQUEST cycle on its scope', () => {
    const c = cycles(files).find((x) => x.trigger === 'CANONICAL_REQUEST');
    expect(c).toMatchObject({ at: '2026-03-02T06:11:00Z', scope_node_id: 'sb-a', legacy_circuit_id: null });
    expect(summary.cycles.by_trigger).toEqual({ CANONICAL_REQUEST: 1, LEGACY_ALIAS: 3, SIMULATOR: 30 });
  });
});
