// One cycle in full: trigger, instant, source mode, outcome and its ordered reason codes; each
// charger's setpoint with its reasons; the fallback inputs with the thresholds in force; and the
// breaches with their primary reason.
import type { CycleResult } from '../../../../domain/cycle/types.ts';
import { ReasonList } from '../inspect/Reasons.tsx';
import { siteTime } from '../inspect/site-time.ts';

export function CycleDetail({
  cycle: c,
  timeZone,
  names,
}: {
  cycle: CycleResult;
  timeZone: string;
  names: ReadonlyMap<string, string>;
}) {
  const nodeName = (id: string) => `${names.get(id) ?? id}`;
  return (
    <section className="panel" data-testid="cycle-detail" data-cycle-id={c.cycle_id}>
      <h2>
        Cycle <code>{c.cycle_id}</code>
        <span className="sub">
          {c.trigger}
          {c.legacy_circuit_id ? ` (legacy circuit ${c.legacy_circuit_id})` : ''} at {c.at} · site{' '}
          {siteTime(timeZone, c.at)} · scope {nodeName(c.scope_node_id)} · config version{' '}
          {c.config_version ?? '—'}
        </span>
      </h2>
      <div className="row">
        <div>
          <div className="muted">Source mode</div>
          <span
            className={`badge ${c.source_mode}`}
            data-testid="cycle-source-mode"
            data-source-mode={c.source_mode}
          >
            {c.source_mode}
          </span>
        </div>
        <div>
          <div className="muted">Outcome</div>
          <span className={`badge ${c.outcome}`} data-testid="cycle-outcome" data-outcome={c.outcome}>
            {c.outcome}
          </span>
        </div>
        <div>
          <div className="muted">Reason codes (ranked)</div>
          <ReasonList reasons={c.reason_codes} testId="cycle-reasons" empty="none" />
        </div>
      </div>

      <h3>Charger setpoints</h3>
      <table className="data" data-testid="setpoints">
        <thead>
          <tr>
            <th>Charger</th>
            <th>Node</th>
            <th>State</th>
            <th className="num">Priority</th>
            <th className="num">Requested kW</th>
            <th className="num">Setpoint kW</th>
            <th>Reasons (ranked)</th>
          </tr>
        </thead>
        <tbody>
          {c.setpoints.map((s) => (
            <tr key={s.asset_id} data-testid="setpoint-row" data-asset-id={s.asset_id} data-state={s.state}>
              <td>
                <code>{s.asset_id}</code>
              </td>
              <td>{nodeName(s.node_id)}</td>
              <td>{s.state}</td>
              <td className="num">{s.priority}</td>
              <td className="num">{s.requested_kw}</td>
              <td className="num" data-testid="setpoint-kw">
                {s.setpoint_kw === null ? 'external' : s.setpoint_kw}
              </td>
              <td>
                <ReasonList reasons={s.reason_codes} testId="setpoint-reasons" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Telemetry fallback</h3>
      <p data-testid="fallback-thresholds">
        Thresholds: a sample is fresh for{' '}
        <strong data-testid="stale-after-s">{c.fallback.stale_after_s}</strong> s (<code>stale_after_s</code>
        ); a fallback value is used for at most{' '}
        <strong data-testid="fail-safe-after-s">{c.fallback.fail_safe_after_s}</strong> s (
        <code>fail_safe_after_s</code>) after the last sample.
      </p>
      {c.fallback.inputs.length === 0 ? (
        <p className="muted" data-testid="fallback-none">
          Every non-controllable asset had fresh telemetry.
        </p>
      ) : (
        <table className="data" data-testid="fallback-inputs">
          <thead>
            <tr>
              <th>Asset</th>
              <th>Node</th>
              <th>Why</th>
              <th>Last sample</th>
              <th className="num">Age s</th>
              <th>Fallback</th>
              <th className="num">Value kW</th>
            </tr>
          </thead>
          <tbody>
            {c.fallback.inputs.map((f) => (
              <tr
                key={f.asset_id}
                data-testid="fallback-input"
                data-asset-id={f.asset_id}
                data-reason={f.reason}
                data-fallback-source={f.fallback_source}
              >
                <td>
                  <code>{f.asset_id}</code>
                </td>
                <td>{nodeName(f.node_id)}</td>
                <td>{f.reason}</td>
                <td>{f.last_sample_at ?? 'never'}</td>
                <td className="num" data-testid="fallback-age">
                  {f.age_s ?? '—'}
                </td>
                <td>{f.fallback_source}</td>
                <td className="num" data-testid="fallback-value">
                  {f.fallback_kw ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Breaches seen by this cycle</h3>
      {c.breaches.length === 0 ? (
        <p className="muted">No metered node was over its limit.</p>
      ) : (
        <table className="data" data-testid="cycle-breaches">
          <thead>
            <tr>
              <th>Node</th>
              <th className="num">Measured kW</th>
              <th className="num">Limit kW</th>
              <th className="num">Excess kW</th>
              <th>Primary reason</th>
              <th>All reasons (ranked)</th>
            </tr>
          </thead>
          <tbody>
            {c.breaches.map((b) => (
              <tr key={b.node_id} data-testid="breach-row" data-node-id={b.node_id}>
                <td>{nodeName(b.node_id)}</td>
                <td className="num">{b.measured_kw}</td>
                <td className="num">{b.limit_kw}</td>
                <td className="num">{b.excess_kw}</td>
                <td data-testid="primary-reason" data-primary-reason={b.primary_reason_code}>
                  <code>{b.primary_reason_code}</code>
                </td>
                <td>
                  <ReasonList reasons={b.reason_codes} testId="breach-reasons" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
