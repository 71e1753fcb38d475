// The limits in force now, or at a chosen site time: per node the physical rating, the policy cap
// and its source (with the TOU window in force), the envelope term, the effective limit and what
// binds it; per aggregate scope its active cap and source.
import { memo, useEffect, useState } from 'react';
import type { ActiveLimitsView, WindowInForce } from '../../../../domain/usecases/active-limits.ts';
import type { MicrogridNode } from '../../../../domain/model.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { fromSiteInput, siteTime, toSiteInput } from '../inspect/site-time.ts';
import { daysText } from './policy-draft.ts';

/** The TOU window in force, "#0 MON–FRI 15:00–21:00", or "—" outside every window. */
function windowText(w: WindowInForce | null): string {
  return w ? `#${w.index} ${daysText(w.days)} ${w.start}–${w.end}` : '—';
}

export const ActiveLimitsPanel = memo(function ActiveLimitsPanel({
  microgridId,
  connectionId,
  timeZone,
  nodes,
  version,
}: {
  microgridId: string;
  connectionId: string | undefined;
  timeZone: string;
  nodes: readonly MicrogridNode[];
  /** A new configuration version reloads the view. */
  version: number;
}) {
  const [at, setAt] = useState<string | null>(null);
  const [input, setInput] = useState('');
  const [view, setView] = useState<ActiveLimitsView | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);

  async function load(instant: string | null) {
    const reply = await bridge.send('limitsActive', {
      microgrid_id: microgridId,
      ...(connectionId ? { connection_id: connectionId } : {}),
      ...(instant ? { at: instant } : {}),
    });
    if (reply.ok) {
      setView(reply.value);
      setError(null);
      if (!instant) setInput(toSiteInput(timeZone, reply.value.at));
    } else setError(reply.error);
  }

  useEffect(() => {
    void whileBusy(() => load(at));
  }, [microgridId, connectionId, version]);

  const names = new Map(nodes.map((n) => [n.id, n.name]));
  function apply() {
    const instant = fromSiteInput(timeZone, input);
    if (!instant) {
      setError({
        code: 'AT_INVALID',
        message: `"${input}" is not a site date and time (YYYY-MM-DDTHH:MM)`,
        field: 'at',
      });
      return;
    }
    setAt(instant);
    void whileBusy(() => load(instant));
  }
  function now() {
    setAt(null);
    void whileBusy(() => load(null));
  }

  return (
    <section className="panel" data-testid="active-limits">
      <h2>
        Active limits {at ? 'at the chosen time' : 'now'}
        {view && (
          <span className="sub" data-testid="active-at" data-at={view.at}>
            {siteTime(timeZone, view.at)} site time ({view.local_time.day} {view.local_time.time}) = {view.at}
          </span>
        )}
      </h2>
      <div className="row">
        <label className="field">
          <span>At (site time, {timeZone})</span>
          <input
            type="datetime-local"
            data-testid="active-at-input"
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
        </label>
        <button type="button" data-testid="active-at-apply" onClick={apply}>
          Show at this time
        </button>
        <button type="button" data-testid="active-now" onClick={now}>
          Now
        </button>
      </div>
      {error && <ErrorPanel error={error} testId="active-error" />}
      {view && (
        <>
          <table className="data" data-testid="active-nodes">
            <thead>
              <tr>
                <th>Microgrid Node</th>
                <th className="num">Rating kW</th>
                <th>Policy cap</th>
                <th>TOU window in force</th>
                <th>Envelope</th>
                <th className="num">Effective limit kW</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {view.nodes.map((n) => (
                <tr key={n.node_id} data-testid="active-node" data-node-id={n.node_id}>
                  <td>
                    {names.get(n.node_id) ?? n.node_id} <code>{n.node_id}</code>
                  </td>
                  <td className="num">{n.physical_rating_kw}</td>
                  <td>
                    {n.policy_cap_kw === null ? (
                      <span className="muted">no NODE policy</span>
                    ) : (
                      <>
                        {n.policy_cap_kw} kW <code>{n.policy_cap_source}</code> ({n.policy_id})
                      </>
                    )}
                  </td>
                  <td>{windowText(n.tou_window)}</td>
                  <td>{n.envelope_id ? `${n.envelope_cap_kw} kW (${n.envelope_id})` : '—'}</td>
                  <td className="num" data-testid="effective-limit">
                    {n.effective_limit_kw}
                  </td>
                  <td data-testid="binding-source" data-binding-source={n.binding_source}>
                    <code>{n.binding_source}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Aggregate limits (charger setpoints in the subtree)</h3>
          {view.aggregates.length === 0 ? (
            <p className="muted">No AGGREGATE policy.</p>
          ) : (
            <table className="data" data-testid="active-aggregates">
              <thead>
                <tr>
                  <th>Scope</th>
                  <th>Policy</th>
                  <th className="num">Active cap kW</th>
                  <th>Source</th>
                  <th>TOU window in force</th>
                </tr>
              </thead>
              <tbody>
                {view.aggregates.map((a) => (
                  <tr
                    key={a.policy_id}
                    data-testid="active-aggregate"
                    data-node-id={a.node_id}
                    data-policy-id={a.policy_id}
                  >
                    <td>
                      {names.get(a.node_id) ?? a.node_id} <code>{a.node_id}</code>
                    </td>
                    <td>{a.policy_id}</td>
                    <td className="num" data-testid="active-cap">
                      {a.active_cap_kw}
                    </td>
                    <td data-testid="active-source" data-source={a.source}>
                      <code>{a.source}</code>
                    </td>
                    <td>{windowText(a.tou_window)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
});
