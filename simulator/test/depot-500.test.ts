// One smoke run of the 500-charger depot of the sim-day benchmark (two hours of its day, so the
// suite stays quick; the benchmark plays all 24 hours).
import { describe, expect, it } from 'vitest';
import { cycles, rawExample, run } from './helpers.ts';

describe('the 500-charger depot profile', () => {
  it('runs: 500 chargers under 60 nodes in every cycle, vehicles plugging in, artifacts complete', async () => {
    const full = rawExample('depot-500.json') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const raw = {
      ...full,
      start: '2026-03-01T20:00:00Z',
      duration_minutes: 120,
      vehicles: {
        generator: {
          ...full.vehicles.generator,
          count: 300,
          arrival: { from: '2026-03-01T20:00:00Z', to: '2026-03-01T21:30:00Z' },
        },
      },
      telemetry: [{ ...full.telemetry[0], from: '2026-03-01T21:00:00Z', to: '2026-03-01T21:30:00Z' }],
    };
    const { files, summary } = await run(raw);
    const all = cycles(files);
    expect(all).toHaveLength(120);
    for (const c of [all[0]!, all.at(-1)!]) {
      expect(c.setpoints).toHaveLength(500);
      expect(c.nodes).toHaveLength(60);
    }
    expect(
      all.at(-1)!.setpoints.filter((s: { state: string }) => s.state === 'DISPATCHED').length,
    ).toBeGreaterThan(20);
    expect(files['timeseries.csv'].trim().split('\n')).toHaveLength(1 + 120 * 60);
    expect(summary.vehicles.total).toBe(300);
    expect(summary.cycles.by_source_mode.FALLBACK_DERIVED).toBeGreaterThan(0); // the stale workshop load
    expect(summary.energy_kwh.delivered).toBeGreaterThan(0);
  });
});
