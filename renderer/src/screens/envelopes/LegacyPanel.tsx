// The legacy circuit surface beside the canonical one: what GET /api/circuit/{id} answers for each
// aliased node (read through the legacy use case, audited like any legacy call) next to the
// canonical effective limit at the same instant. They must agree; a mismatch is flagged.
import type { EnvelopesScreenData } from '../../../../preload/inspect-contract.ts';

export function LegacyPanel({
  legacy,
  names,
}: {
  legacy: EnvelopesScreenData['legacy'];
  names: ReadonlyMap<string, string>;
}) {
  return (
    <section className="panel" data-testid="legacy-circuits">
      <h2>
        Legacy circuit values{' '}
        <span className="sub">
          {legacy
            ? `read now (${legacy.at}) through the legacy API's read; each read is recorded in the alias-usage audit`
            : 'not read from a controller source'}
        </span>
      </h2>
      {!legacy ? (
        <p className="muted">The legacy circuit read is shown for local microgrids.</p>
      ) : legacy.rows.length === 0 ? (
        <p className="muted">This microgrid has no circuit aliases.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Legacy circuit</th>
              <th>Microgrid Node</th>
              <th className="num">max_power_kw</th>
              <th className="num">available_capacity_kw (legacy)</th>
              <th className="num">Effective limit kW (canonical)</th>
              <th>Binding source</th>
              <th>Agree</th>
            </tr>
          </thead>
          <tbody>
            {legacy.rows.map((r) => {
              const agree =
                r.legacy !== null && r.legacy.available_capacity_kw === r.canonical_effective_limit_kw;
              return (
                <tr
                  key={r.circuit_id}
                  data-testid={`legacy-circuit-${r.circuit_id}`}
                  data-circuit-id={r.circuit_id}
                  data-node-id={r.node_id}
                  data-consistent={r.legacy ? String(agree) : undefined}
                >
                  <td>
                    <code>{r.circuit_id}</code>
                  </td>
                  <td>
                    {names.get(r.node_id) ?? r.node_id} <code>{r.node_id}</code>
                  </td>
                  <td className="num">{r.legacy?.max_power_kw ?? '—'}</td>
                  <td className="num" data-testid="legacy-available">
                    {r.legacy ? (
                      r.legacy.available_capacity_kw
                    ) : (
                      <span data-error-code={r.error?.code}>
                        {r.error?.code}: {r.error?.message}
                      </span>
                    )}
                  </td>
                  <td className="num" data-testid="canonical-limit">
                    {r.canonical_effective_limit_kw ?? '—'}
                  </td>
                  <td>
                    <code>{r.canonical_binding_source ?? '—'}</code>
                  </td>
                  <td className={agree ? 'ok-text' : 'bad-text'}>
                    {r.legacy ? (agree ? 'yes' : 'NO') : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
