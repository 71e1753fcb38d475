// The live view of a linked microgrid on its controller: status, latest cycle (source mode,
// outcome, reason codes in order), active Operating Envelopes, capability status by scope and open
// breaches with their primary reason. It refreshes on its own every few seconds.
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { usePolling } from './polling.ts';
import { useSync } from './store.ts';

export const LIVE_REFRESH_MS = 2000;

export function LiveView() {
  const live = useSync((s) => s.live);
  const liveError = useSync((s) => s.liveError);
  const linked = useSync((s) => s.status?.link != null);
  const refreshLive = useSync((s) => s.refreshLive);
  usePolling(refreshLive, LIVE_REFRESH_MS, linked, true);
  if (!linked) return null;
  const s = live?.status;
  const cycle = s?.latest_cycle ?? null;
  return (
    <section className="live-view" data-testid="live-view" data-refresh-ms={LIVE_REFRESH_MS}>
      <h2>
        Live on the controller{' '}
        {live && (
          <span className="muted">
            · refreshed{' '}
            <time data-testid="live-fetched-at" dateTime={live.fetched_at}>
              {live.fetched_at}
            </time>
          </span>
        )}
      </h2>
      {liveError && <ErrorPanel error={liveError} testId="live-error" title="Live view:" />}
      {!live && !liveError && <p className="muted">Reading the controller…</p>}
      {s && (
        <div className="live-grid">
          <div className="live-card" data-testid="live-status">
            <h3>Status</h3>
            <p>
              Configuration version <strong data-testid="live-config-version">{s.config_version}</strong>,
              written {s.updated_at} by {s.updated_by}
            </p>
          </div>
          <div className="live-card" data-testid="live-latest-cycle">
            <h3>Latest cycle</h3>
            {cycle ? (
              <>
                <p>
                  <code data-testid="live-cycle-id">{cycle.cycle_id}</code> · {cycle.trigger} ·{' '}
                  <time dateTime={cycle.at}>{cycle.at}</time>
                </p>
                <p>
                  Source mode <strong data-source-mode={cycle.source_mode}>{cycle.source_mode}</strong>,
                  outcome <strong data-testid="live-cycle-outcome">{cycle.outcome}</strong>,{' '}
                  {cycle.breach_count} breach(es)
                </p>
                <ol className="reason-codes" data-testid="live-reason-codes">
                  {cycle.reason_codes.map((r, i) => (
                    <li key={i} data-reason-code={r.code} data-node-id={r.node_id}>
                      <code>{r.code}</code> at {r.node_id}
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p className="muted" data-testid="live-no-cycle">
                No cycle has run yet.
              </p>
            )}
          </div>
          <div className="live-card" data-testid="live-envelopes">
            <h3>Active Operating Envelopes</h3>
            {s.active_envelopes.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {s.active_envelopes.map((e) => (
                  <li key={e.id} data-envelope-id={e.id} data-node-id={e.target_node_id}>
                    {e.capacity_kw} kW on {e.target_node_id} until {e.valid_to} ({e.source.type}{' '}
                    {e.source.source_id})
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="live-card" data-testid="live-capabilities">
            <h3>Capabilities</h3>
            {s.capability_status.length === 0 ? (
              <p className="muted">No capability status reported.</p>
            ) : (
              <ul>
                {s.capability_status.map((c) => (
                  <li
                    key={`${c.capability}/${c.scope_node_id}`}
                    data-capability={c.capability}
                    data-node-id={c.scope_node_id}
                  >
                    {c.capability} on{' '}
                    {c.whole_microgrid ? 'the whole microgrid' : (c.scope_node_name ?? c.scope_node_id)}:{' '}
                    <strong>{c.state}</strong> ({c.source_id})
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="live-card" data-testid="live-breaches">
            <h3>Open breaches</h3>
            {s.open_breaches.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {s.open_breaches.map((b) => (
                  <li key={`${b.cycle_id}/${b.node_id}`} data-node-id={b.node_id}>
                    {b.node_id}: {b.measured_kw} kW against {b.limit_kw} kW (+{b.excess_kw}) —{' '}
                    <code data-primary-reason={b.primary_reason_code}>{b.primary_reason_code}</code>
                  </li>
                ))}
              </ul>
            )}
          </div>
          {live.recent_cycles.length > 0 && (
            <div className="live-card" data-testid="live-recent-cycles">
              <h3>Recent cycles</h3>
              <ul>
                {live.recent_cycles.map((c) => (
                  <li key={c.cycle_id} data-cycle-id={c.cycle_id}>
                    <code>{c.cycle_id}</code> {c.trigger} ·{' '}
                    <span data-source-mode={c.source_mode}>{c.source_mode}</span> · {c.outcome}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
