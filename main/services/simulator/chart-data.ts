// The Simulator screen's charts, computed from a finished run's artifacts on the worker thread:
// per node the limit, demand, charging and non-controllable power of every tick (timeseries.csv),
// and per cycle the reason codes it listed (cycles.jsonl), thinned to a few hundred points.
import { REASON_CODES } from '../../../domain/index.ts';
import { TIMESERIES_COLUMNS } from '../../../simulator/artifacts/format.ts';

/** At most this many points per series: enough for a chart a screen wide. */
export const MAX_POINTS = 720;

export interface NodeSeries {
  limit_kw: (number | null)[];
  demand_kw: number[];
  charging_kw: number[];
  non_controllable_kw: number[];
  source_mode: string[];
}

export interface ChartData {
  root_node_id: string;
  /** The instants of the kept ticks. */
  at: string[];
  stride: number;
  nodes: Record<string, NodeSeries>;
  /** Per kept tick bucket: code → how many entries listed it. */
  reasons: { at: string; code: string; count: number }[];
}

const RANK = new Map<string, number>(REASON_CODES.map((c, i) => [c, i]));

function num(text: string | undefined): number {
  return text === undefined || text === '' ? 0 : Number(text);
}

/** Thinning keeps every `stride`-th tick (the first and then each stride), never averaging: values are what the meters read. */
export function strideFor(ticks: number): number {
  return Math.max(1, Math.ceil(ticks / MAX_POINTS));
}

export function buildChartData(timeseriesCsv: string, cyclesJsonl: string, rootNodeId: string): ChartData {
  const lines = timeseriesCsv.split('\n');
  const header = (lines[0] ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const [cAt, cNode, cLimit, cDemand, cCharging, cNc, cMode] = TIMESERIES_COLUMNS.map(col) as number[];
  const ticks: string[] = [];
  const tickIndex = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const at = line.slice(0, line.indexOf(','));
    if (!tickIndex.has(at)) {
      tickIndex.set(at, ticks.length);
      ticks.push(at);
    }
  }
  const stride = strideFor(ticks.length);
  const kept = ticks.filter((_, i) => i % stride === 0);
  const nodes: Record<string, NodeSeries> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const f = line.split(',');
    const k = tickIndex.get(f[cAt!]!)!;
    if (k % stride !== 0) continue;
    const id = f[cNode!]!;
    const s = (nodes[id] ??= {
      limit_kw: [],
      demand_kw: [],
      charging_kw: [],
      non_controllable_kw: [],
      source_mode: [],
    });
    const limit = f[cLimit!];
    s.limit_kw.push(limit === undefined || limit === '' ? null : Number(limit));
    s.demand_kw.push(num(f[cDemand!]));
    s.charging_kw.push(num(f[cCharging!]));
    s.non_controllable_kw.push(num(f[cNc!]));
    s.source_mode.push(f[cMode!] ?? '');
  }

  // Each cycle's codes go to the kept tick at or before it.
  const counts = new Map<string, Map<string, number>>();
  const bucketOf = (at: string): string => {
    const k = tickIndex.get(at);
    if (k === undefined) return at;
    return ticks[k - (k % stride)]!;
  };
  for (const line of cyclesJsonl.split('\n')) {
    if (!line) continue;
    const c = JSON.parse(line) as {
      at: string;
      reason_codes: { code: string }[];
      setpoints: { reason_codes: { code: string }[] }[];
      breaches: { reason_codes: { code: string }[] }[];
    };
    const bucket = bucketOf(c.at);
    let m = counts.get(bucket);
    if (!m) counts.set(bucket, (m = new Map()));
    const add = (list: { code: string }[]) => {
      for (const r of list) m.set(r.code, (m.get(r.code) ?? 0) + 1);
    };
    add(c.reason_codes);
    for (const s of c.setpoints) add(s.reason_codes);
    for (const b of c.breaches) add(b.reason_codes);
  }
  const reasons: ChartData['reasons'] = [];
  for (const [at, m] of counts) {
    const codes = [...m.keys()].sort((a, b) => (RANK.get(a) ?? 99) - (RANK.get(b) ?? 99));
    for (const code of codes) reasons.push({ at, code, count: m.get(code)! });
  }
  return { root_node_id: rootNodeId, at: kept, stride, nodes, reasons };
}
