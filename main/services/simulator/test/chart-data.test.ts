// Chart data from a run's artifacts: per node series by tick (thinned by whole ticks), and reason
// codes per cycle counted over setpoints, breaches and the cycle itself.
import { describe, expect, it } from 'vitest';
import { buildChartData, MAX_POINTS, strideFor } from '../chart-data.ts';

const HEADER = 'at,node_id,limit_kw,demand_kw,charging_kw,non_controllable_kw,source_mode';

describe('chart data', () => {
  it('keeps every tick of a short run, per node, with an empty limit before the first cycle', () => {
    const csv = [
      HEADER,
      '2026-03-02T00:00:00Z,a,,5,0,5,',
      '2026-03-02T00:00:00Z,b,,1,0,1,',
      '2026-03-02T00:01:00Z,a,100,50.5,45.5,5,MEASURED',
      '2026-03-02T00:01:00Z,b,40,1,0,1,FALLBACK_DERIVED',
      '',
    ].join('\n');
    const cycle = (at: string, setpoints: string[][], breaches: string[][]) =>
      JSON.stringify({
        at,
        reason_codes: [],
        setpoints: setpoints.map((codes) => ({
          reason_codes: codes.map((code) => ({ code, node_id: 'a' })),
        })),
        breaches: breaches.map((codes) => ({ reason_codes: codes.map((code) => ({ code, node_id: 'a' })) })),
      });
    const jsonl = [
      cycle(
        '2026-03-02T00:01:00Z',
        [['NODE_HARD_CAP', 'TOU_SCHEDULED_CAP'], ['TOU_SCHEDULED_CAP']],
        [['CHARGER_NONCOMPLIANCE', 'NODE_HARD_CAP']],
      ),
      '',
    ].join('\n');
    const data = buildChartData(csv, jsonl, 'a');
    expect(data.at).toEqual(['2026-03-02T00:00:00Z', '2026-03-02T00:01:00Z']);
    expect(data.nodes.a).toEqual({
      limit_kw: [null, 100],
      demand_kw: [5, 50.5],
      charging_kw: [0, 45.5],
      non_controllable_kw: [5, 5],
      source_mode: ['', 'MEASURED'],
    });
    expect(data.nodes.b!.source_mode).toEqual(['', 'FALLBACK_DERIVED']);
    expect(data.reasons).toEqual([
      { at: '2026-03-02T00:01:00Z', code: 'CHARGER_NONCOMPLIANCE', count: 1 },
      { at: '2026-03-02T00:01:00Z', code: 'NODE_HARD_CAP', count: 2 },
      { at: '2026-03-02T00:01:00Z', code: 'TOU_SCHEDULED_CAP', count: 2 },
    ]);
  });

  it('thins a long run to at most MAX_POINTS ticks, keeping real readings', () => {
    const ticks = 1440;
    const rows = [HEADER];
    for (let k = 0; k < ticks; k++)
      rows.push(
        `${new Date(Date.UTC(2026, 2, 2, 0, k)).toISOString().replace('.000', '')},root,500,${k},0,${k},MEASURED`,
      );
    const data = buildChartData(rows.join('\n'), '', 'root');
    expect(strideFor(ticks)).toBe(2);
    expect(data.at.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(data.nodes.root!.demand_kw.slice(0, 3)).toEqual([0, 2, 4]);
  });
});
