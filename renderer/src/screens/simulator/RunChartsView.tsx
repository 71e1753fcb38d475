// A finished run's charts (recharts): one node's demand against its limit over time (with the
// non-controllable part), the microgrid's charging power, and the reason codes cycle by cycle on a
// timeline (one row per code, in rank order; a dot's size is how many entries listed it).
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { RunCharts } from '../../../../preload/simulator-contract.ts';
import { siteTime } from '../inspect/site-time.ts';

function clock(timeZone: string) {
  return (ms: number) => siteTime(timeZone, new Date(ms).toISOString()).slice(15);
}

export function RunChartsView({
  charts,
  timeZone,
  onNode,
}: {
  charts: RunCharts;
  timeZone: string;
  onNode: (nodeId: string) => void;
}) {
  const tick = clock(timeZone);
  const node = charts.node.map((p) => ({ ...p, t: Date.parse(p.at) }));
  const charging = charts.charging.map((p) => ({ ...p, t: Date.parse(p.at) }));
  const rank = new Map(charts.reason_codes.map((c, i) => [c, i]));
  const reasons = charts.reasons.map((r) => ({
    t: Date.parse(r.at),
    y: rank.get(r.code) ?? 0,
    code: r.code,
    count: r.count,
  }));
  // One time axis for the three charts: the whole run, even where no reason code was listed.
  const span: [number, number] = node.length ? [node[0]!.t, node[node.length - 1]!.t] : [0, 1];
  const x = {
    dataKey: 't',
    type: 'number' as const,
    domain: span,
    tickFormatter: tick,
    scale: 'time' as const,
    allowDataOverflow: true,
  };
  return (
    <div className="charts" data-testid="sim-charts">
      <div className="row">
        <label className="field">
          <span>Microgrid Node</span>
          <select data-testid="chart-node" value={charts.node_id} onChange={(e) => onNode(e.target.value)}>
            {charts.node_ids.map((id) => (
              <option key={id} value={id}>
                {id}
                {id === charts.root_node_id ? ' (root)' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {charts.stride > 1 ? `every ${charts.stride}th tick shown` : 'every tick shown'}; times are site
          time ({timeZone})
        </span>
      </div>
      <div className="chart-box" data-testid="chart-demand">
        <h3>Demand against limit at {charts.node_id} (kW)</h3>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={node} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...x} />
            <YAxis />
            <Tooltip labelFormatter={(v) => tick(Number(v))} />
            <Legend />
            <Line
              type="stepAfter"
              dataKey="limit_kw"
              name="effective limit"
              stroke="#c0262d"
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
            <Line
              type="linear"
              dataKey="demand_kw"
              name="demand"
              stroke="#0b6bcb"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="linear"
              dataKey="non_controllable_kw"
              name="non-controllable"
              stroke="#8a8f98"
              dot={false}
              isAnimationActive={false}
              strokeDasharray="4 3"
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="chart-box" data-testid="chart-charging">
        <h3>Charging power, whole microgrid (kW)</h3>
        <ResponsiveContainer width="100%" height={200}>
          <AreaChart data={charging} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...x} />
            <YAxis />
            <Tooltip labelFormatter={(v) => tick(Number(v))} />
            <Area
              type="stepAfter"
              dataKey="charging_kw"
              name="charging"
              stroke="#1f8a4c"
              fill="#bfe5cc"
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <div className="chart-box" data-testid="chart-reasons">
        <h3>Reason codes by cycle</h3>
        {reasons.length === 0 ? (
          <p className="muted">No cycle listed a reason code: every charger got what it asked.</p>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(120, 40 + charts.reason_codes.length * 28)}>
            <ScatterChart margin={{ top: 4, right: 16, bottom: 4, left: 60 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis {...x} />
              <YAxis
                dataKey="y"
                type="number"
                domain={[-0.5, charts.reason_codes.length - 0.5]}
                ticks={charts.reason_codes.map((_, i) => i)}
                tickFormatter={(v: number) => charts.reason_codes[v] ?? ''}
                reversed
                width={190}
              />
              <ZAxis dataKey="count" range={[12, 120]} />
              <Tooltip
                formatter={(value, name, item) =>
                  name === 'y' ? (item.payload as { code: string }).code : value
                }
                labelFormatter={(v) => tick(Number(v))}
              />
              <Scatter data={reasons} fill="#6b4fbb" isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        )}
        <ol className="reason-list" data-testid="chart-reason-codes">
          {charts.reason_codes.map((c) => (
            <li key={c} data-reason-code={c}>
              <code>{c}</code> ({charts.reasons.filter((r) => r.code === c).reduce((s, r) => s + r.count, 0)})
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
