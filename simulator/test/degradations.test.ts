// What each telemetry degradation does to the samples that reach the service layer.
import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../../domain/index.ts';
import { TelemetryChannel, type Point } from '../degradations.ts';
import type { Degradation } from '../profile/schema.ts';

const T0 = Date.parse('2026-03-02T04:00:00Z');
const minute = (m: number) => T0 + m * 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const points: Point[] = [
  { key: 'n:sb-b', nodeId: 'sb-b', assetId: null },
  { key: 'a:load-wash', nodeId: 'sb-b', assetId: 'load-wash' },
  { key: 'a:load-office', nodeId: 'db-office', assetId: 'load-office' },
];
const subtree: Record<string, string[]> = { 'sb-b': ['sb-b', 'cb-b1'], 'db-office': ['db-office'] };

/** Plays `ticks` minutes; at each tick every point reports its own name and the minute. */
function play(degradations: Degradation[], ticks: number): string[][] {
  const channel = new TelemetryChannel(points, degradations, (n) => subtree[n] ?? []);
  const out: string[][] = [];
  for (let m = 0; m < ticks; m++) {
    const t = minute(m);
    const current: TelemetrySample[] = points.map((p) =>
      p.assetId
        ? { asset_id: p.assetId, at: iso(t), power_kw: m }
        : { node_id: p.nodeId, at: iso(t), demand_kw: m },
    );
    const arrived: TelemetrySample[] = [];
    channel.pass(t, current, arrived);
    out.push(arrived.map((s) => `${'asset_id' in s ? s.asset_id : s.node_id}@${s.at.slice(14, 16)}`));
  }
  return out;
}

const window = (from: number, to: number) => ({ from: iso(minute(from)), to: iso(minute(to)) });

describe('telemetry degradations', () => {
  it('MISSING drops the samples of the window', () => {
    const out = play([{ mode: 'MISSING', asset_id: 'load-wash', ...window(1, 3) }], 4);
    expect(out).toEqual([
      ['sb-b@00', 'load-wash@00', 'load-office@00'],
      ['sb-b@01', 'load-office@01'],
      ['sb-b@02', 'load-office@02'],
      ['sb-b@03', 'load-wash@03', 'load-office@03'],
    ]);
  });

  it('STALE delivers each sample delay_s later with its own timestamp', () => {
    const out = play([{ mode: 'STALE', asset_id: 'load-office', delay_s: 120, ...window(1, 3) }], 6);
    expect(out.map((o) => o.filter((s) => s.startsWith('load-office')))).toEqual([
      ['load-office@00'],
      [],
      [],
      ['load-office@01', 'load-office@03'],
      ['load-office@02', 'load-office@04'],
      ['load-office@05'],
    ]);
  });

  it('FROZEN repeats the last sample delivered before the window, old timestamp and all', () => {
    const out = play([{ mode: 'FROZEN', asset_id: 'load-office', ...window(2, 4) }], 5);
    expect(out.map((o) => o.filter((s) => s.startsWith('load-office')))).toEqual([
      ['load-office@00'],
      ['load-office@01'],
      ['load-office@01'],
      ['load-office@01'],
      ['load-office@04'],
    ]);
  });

  it('a node target covers its meter and every point in its subtree, nothing else', () => {
    const out = play([{ mode: 'MISSING', node_id: 'sb-b', ...window(0, 1) }], 2);
    expect(out).toEqual([['load-office@00'], ['sb-b@01', 'load-wash@01', 'load-office@01']]);
  });
});
