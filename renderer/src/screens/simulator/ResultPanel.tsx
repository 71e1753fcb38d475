// A finished run: its manifest (the digests the CLI would write for the same profile and seed), a
// few totals from summary.json, the charts, and its five artifacts to export — into a folder of
// the user's choosing (written by the app) or as downloads.
import { useState } from 'react';
import type { ArtifactFileName, RunView } from '../../../../preload/simulator-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { downloadText } from '../../components/download.ts';
import { RunChartsView } from './RunChartsView.tsx';
import { useSim } from './sim-store.ts';

const FILES: ArtifactFileName[] = [
  'cycles.jsonl',
  'timeseries.csv',
  'sessions.csv',
  'summary.json',
  'manifest.json',
];

function count(v: unknown): string {
  return v && typeof v === 'object'
    ? Object.entries(v as Record<string, number>)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    : String(v ?? '—');
}

export function ResultPanel({ run, timeZone }: { run: RunView; timeZone: string }) {
  const charts = useSim((s) => s.charts);
  const setCharts = useSim((s) => s.setCharts);
  const setError = useSim((s) => s.setError);
  const [dir, setDir] = useState('');
  const [exported, setExported] = useState<string | null>(null);
  const m = run.manifest!;
  const s = run.summary ?? {};
  const cycles = s.cycles as Record<string, unknown> | undefined;
  const energy = s.energy_kwh as Record<string, number> | undefined;
  const breaches = s.breaches as Record<string, unknown> | undefined;

  function exportTo() {
    void whileBusy(async () => {
      const reply = await bridge.send('simulatorExport', { run_id: run.run_id, dir: dir.trim() });
      if (reply.ok) {
        setExported(reply.value.dir);
        setError(null);
      } else {
        setExported(null);
        setError(reply.error);
      }
    });
  }

  return (
    <section className="panel" data-testid="sim-result" data-run-id={run.run_id}>
      <h2>
        Run {run.run_id}{' '}
        <span className="sub">
          {run.name}, seed {run.seed}
        </span>
      </h2>
      <table className="data" data-testid="sim-manifest">
        <tbody>
          <tr>
            <th>profile_sha256</th>
            <td className="digest" data-testid="manifest-profile-sha256">
              {m.profile_sha256}
            </td>
          </tr>
          <tr>
            <th>seed · tool</th>
            <td data-testid="manifest-seed">
              {m.seed} · {m.tool.name} {m.tool.version}
            </td>
          </tr>
          {Object.entries(m.artifacts).map(([name, digest]) => (
            <tr key={name} data-testid="manifest-artifact" data-artifact={name}>
              <th>{name}</th>
              <td className="digest" data-testid="manifest-digest">
                {digest}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="sim-summary">
        {String(s.ticks ?? '—')} ticks; cycles {count(cycles?.by_trigger)} (outcome{' '}
        {count(cycles?.by_outcome)}; source mode {count(cycles?.by_source_mode)}); energy asked{' '}
        {energy?.asked ?? '—'} kWh, delivered {energy?.delivered ?? '—'} kWh, unmet {energy?.unmet ?? '—'}{' '}
        kWh; breaches {String(breaches?.total ?? 0)} ({count(breaches?.by_primary_reason)}).
      </p>
      <div className="row">
        <label className="field">
          <span>Export the five artifacts to a folder (absolute path)</span>
          <input
            data-testid="sim-export-dir"
            value={dir}
            placeholder="/home/me/sim-out/evening-peak-seed-42"
            onChange={(e) => setDir(e.target.value)}
          />
        </label>
        <button type="button" data-testid="sim-export" disabled={!dir.trim()} onClick={exportTo}>
          Export
        </button>
        {exported && (
          <span className="notice" data-testid="sim-exported">
            written to {exported}
          </span>
        )}
      </div>
      <div className="row">
        <span className="muted">Download:</span>
        {FILES.map((name) => (
          <button
            key={name}
            type="button"
            data-testid={`sim-download-${name}`}
            onClick={() =>
              void whileBusy(async () => {
                const reply = await bridge.send('simulatorArtifact', { run_id: run.run_id, name });
                if (reply.ok)
                  downloadText(
                    name,
                    reply.value.text,
                    name.endsWith('.json') ? 'application/json' : 'text/plain',
                  );
                else setError(reply.error);
              })
            }
          >
            {name}
          </button>
        ))}
      </div>
      {charts && charts.run_id === run.run_id ? (
        <RunChartsView
          charts={charts}
          timeZone={timeZone}
          onNode={(nodeId) =>
            void whileBusy(async () => {
              const reply = await bridge.send('simulatorCharts', { run_id: run.run_id, node_id: nodeId });
              if (reply.ok) setCharts(reply.value);
              else setError(reply.error);
            })
          }
        />
      ) : (
        <p className="loading">Loading the charts…</p>
      )}
    </section>
  );
}
