// The degraded-telemetry example (examples/profiles/degraded-telemetry.yaml): the artifacts show
// the expected source modes, fallback inputs and reason codes at the expected ticks.
// Ticks are UTC; stale_after_s is 90 and samples come every 60 s, so a point is stale from the
// second tick after its last delivered sample.
import { beforeAll, describe, expect, it } from 'vitest';
import { rawExample, run, scheduledAt, timeseriesRow, type Files } from './helpers.ts';

let files: Files;
let summary: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  files = (await run(rawExample('degraded-telemetry.yaml'))).files;
  summary = JSON.parse(files['summary.json']);
});

const codes = (list: { code: string; node_id: string }[]) => list.map((r) => `${r.code}@${r.node_id}`);

describe('a stale building load with fallback_kw', () => {
  it('is still MEASURED on the first tick of the window (its last sample is 60 s old)', () => {
    const c = scheduledAt(files, '04:10');
    expect(c.source_mode).toBe('MEASURED');
    expect(c.fallback.inputs).toEqual([]);
  });

  it('turns the cycle FALLBACK_DERIVED from 04:11 to 04:39 with its fallback_kw as input', () => {
    for (const t of ['04:11', '04:25', '04:39']) {
      const c = scheduledAt(files, t);
      expect(c.source_mode, t).toBe('FALLBACK_DERIVED');
      expect(c.outcome, t).toBe('APPLIED');
      expect(c.fallback.inputs, t).toEqual([
        expect.objectContaining({
          asset_id: 'load-office',
          node_id: 'db-office',
          reason: 'STALE',
          fallback_source: 'FALLBACK_KW',
          fallback_kw: 60,
        }),
      ]);
      expect(c.nodes.find((n: { node_id: string }) => n.node_id === 'db-office').source_mode).toBe(
        'FALLBACK_DERIVED',
      );
      expect(c.nodes.find((n: { node_id: string }) => n.node_id === 'sb-a').source_mode).toBe('MEASURED');
    }
    const first = scheduledAt(files, '04:11');
    expect(first.fallback.inputs[0]).toMatchObject({ last_sample_at: '2026-03-02T04:09:00Z', age_s: 120 });
    expect(first.fallback).toMatchObject({ stale_after_s: 90, fail_safe_after_s: 900 });
    // The delayed samples arrive 5 minutes late with their own timestamps.
    expect(scheduledAt(files, '04:20').fallback.inputs[0]).toMatchObject({
      last_sample_at: '2026-03-02T04:15:00Z',
      age_s: 300,
    });
  });

  it('makes held-back chargers list TELEMETRY_FALLBACK_DERIVED beside the binding TOU cap', () => {
    const c = scheduledAt(files, '04:11');
    const held = c.setpoints.filter(
      (s: { setpoint_kw: number; requested_kw: number }) => s.setpoint_kw < s.requested_kw,
    );
    expect(held.length).toBe(10);
    for (const s of held)
      expect(codes(s.reason_codes)).toEqual(['TOU_SCHEDULED_CAP@grid', 'TELEMETRY_FALLBACK_DERIVED@grid']);
    expect(codes(scheduledAt(files, '04:10').setpoints[0].reason_codes)).toEqual(['TOU_SCHEDULED_CAP@grid']);
  });

  it('is MEASURED again when the window ends at 04:40, and the time series says so per node', () => {
    expect(scheduledAt(files, '04:40').source_mode).toBe('MEASURED');
    expect(timeseriesRow(files, '04:10', 'grid').source_mode).toBe('MEASURED');
    expect(timeseriesRow(files, '04:11', 'grid').source_mode).toBe('FALLBACK_DERIVED');
    expect(timeseriesRow(files, '04:11', 'db-office').source_mode).toBe('FALLBACK_DERIVED');
    expect(timeseriesRow(files, '04:11', 'sb-b').source_mode).toBe('MEASURED');
    expect(timeseriesRow(files, '04:40', 'grid').source_mode).toBe('MEASURED');
  });
});

describe('a missing building load without fallback_kw', () => {
  it('makes every cycle from 05:01 to 05:19 FAIL_SAFE: all chargers 0 kW, reason at sb-b', () => {
    expect(scheduledAt(files, '05:00').outcome).toBe('APPLIED');
    for (const t of ['05:01', '05:10', '05:19']) {
      const c = scheduledAt(files, t);
      expect(c.outcome, t).toBe('FAIL_SAFE');
      expect(codes(c.reason_codes), t).toEqual(['FAIL_SAFE_FALLBACK_UNAVAILABLE@sb-b']);
      expect(c.fallback.inputs, t).toEqual([
        expect.objectContaining({
          asset_id: 'load-wash',
          node_id: 'sb-b',
          last_sample_at: '2026-03-02T04:59:00Z',
          fallback_source: 'NONE',
          fallback_kw: null,
        }),
      ]);
      for (const s of c.setpoints) {
        expect(s.setpoint_kw, `${t} ${s.asset_id}`).toBe(0);
        expect(codes(s.reason_codes)).toEqual(['FAIL_SAFE_FALLBACK_UNAVAILABLE@sb-b']);
      }
    }
    expect(scheduledAt(files, '05:20').outcome).toBe('APPLIED');
  });

  it('shows no charging in the time series while failed safe', () => {
    expect(Number(timeseriesRow(files, '05:00', 'grid').charging_kw)).toBeGreaterThan(0);
    expect(timeseriesRow(files, '05:01', 'grid').charging_kw).toBe('0');
    expect(timeseriesRow(files, '05:19', 'sb-b').charging_kw).toBe('0');
    expect(Number(timeseriesRow(files, '05:20', 'grid').charging_kw)).toBeGreaterThan(0);
  });
});

describe('a frozen PV reading', () => {
  it('credits no generation while stale (PV_ZERO), 05:31 to 05:39', () => {
    expect(scheduledAt(files, '05:30').source_mode).toBe('MEASURED');
    for (const t of ['05:31', '05:39']) {
      const c = scheduledAt(files, t);
      expect(c.source_mode, t).toBe('FALLBACK_DERIVED');
      expect(c.fallback.inputs, t).toEqual([
        expect.objectContaining({
          asset_id: 'pv-roof',
          last_sample_at: '2026-03-02T05:29:00Z',
          fallback_source: 'PV_ZERO',
          fallback_kw: 0,
        }),
      ]);
      // db-office holds the 50 kW office load and, as far as the cycle knows, no PV.
      expect(c.nodes.find((n: { node_id: string }) => n.node_id === 'db-office').non_controllable_kw).toBe(
        50,
      );
    }
    expect(scheduledAt(files, '05:40').source_mode).toBe('MEASURED');
  });
});

describe('the summary', () => {
  it('counts cycles by source mode and outcome, and reason codes by code', () => {
    expect(summary.cycles).toEqual({
      total: 105,
      by_trigger: { SIMULATOR: 105 },
      by_outcome: { APPLIED: 86, FAIL_SAFE: 19 },
      by_source_mode: { FALLBACK_DERIVED: 57, MEASURED: 48 },
    });
    expect(summary.reason_codes.FAIL_SAFE_FALLBACK_UNAVAILABLE).toBe(19 * 10);
    expect(summary.reason_codes.TELEMETRY_FALLBACK_DERIVED).toBeGreaterThan(0);
  });
});
