// The policy set as stored (the active configuration version): scope, target and schedule of each.
import { memo } from 'react';
import type { LimitPolicy, MicrogridNode } from '../../../../domain/model.ts';
import { daysText } from './policy-draft.ts';

export const PolicySetTable = memo(function PolicySetTable({
  policies,
  nodes,
  version,
}: {
  policies: readonly LimitPolicy[];
  nodes: readonly MicrogridNode[];
  version: number;
}) {
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  return (
    <section className="panel tinted" data-testid="policy-set">
      <h2>
        Policy set in force <span className="sub">configuration version {version}</span>
      </h2>
      {policies.length === 0 ? (
        <p className="muted">No limit policies: every node is limited by its physical rating only.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Policy</th>
              <th>Scope</th>
              <th>Target node</th>
              <th className="num">Hard cap kW</th>
              <th>Schedule (site time)</th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr
                key={p.id}
                data-testid="policy-set-row"
                data-policy-id={p.id}
                data-scope={p.scope}
                data-node-id={p.node_id}
              >
                <td>
                  <code>{p.id}</code>
                </td>
                <td data-testid="policy-scope">{p.scope}</td>
                <td data-testid="policy-target">
                  {names.get(p.node_id) ?? '(no such node)'} <code>{p.node_id}</code>
                </td>
                <td className="num" data-testid="policy-hard-cap">
                  {p.hard_cap_kw ?? '—'}
                </td>
                <td data-testid="policy-schedule">
                  {p.schedule.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="plain">
                      {p.schedule.map((w, i) => (
                        <li key={i} data-testid="policy-window">
                          {daysText(w.days)} {w.start}–{w.end} {w.cap_kw} kW
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
});
