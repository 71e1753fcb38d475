// Screen 7 of app.md: pick a profile (an example, a file, or one built from the open microgrid), a
// seed, run it off the UI thread with a progress bar and cancel; then the charts (node demand
// against limit, charging power, reason-code timeline), the artifacts to export, and a comparison
// of two runs.
import { useEffect } from 'react';
import type { ExampleProfile } from '../../../../preload/simulator-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import '../inspect/inspect.css';
import { useScreenData } from '../inspect/use-screen-data.ts';
import { ComparePanel } from './ComparePanel.tsx';
import { ProfilePanel } from './ProfilePanel.tsx';
import { ResultPanel } from './ResultPanel.tsx';
import { isRunning, useSim } from './sim-store.ts';

const POLL_MS = 250;

function RunPanel() {
  const profile = useSim((s) => s.profile);
  const seed = useSim((s) => s.seed);
  const setSeed = useSim((s) => s.setSeed);
  const runs = useSim((s) => s.runs);
  const selected = useSim((s) => s.selected);
  const run = runs.find((r) => r.run_id === selected);
  const { upsertRun, select, setError } = useSim.getState();

  function start() {
    if (!profile) return;
    void whileBusy(async () => {
      const s = seed.trim();
      const reply = await bridge.send('simulatorStart', {
        label: profile.label,
        format: profile.format,
        text: profile.text,
        ...(s ? { seed: Number(s) } : {}),
      });
      if (!reply.ok) {
        setError(reply.error);
        return;
      }
      setError(null);
      upsertRun(reply.value);
      select(reply.value.run_id);
    });
  }

  function cancel() {
    if (!run) return;
    void whileBusy(async () => {
      const reply = await bridge.send('simulatorCancel', { run_id: run.run_id });
      if (reply.ok) upsertRun(reply.value);
      else setError(reply.error);
    });
  }

  return (
    <section className="panel" data-testid="sim-run">
      <h2>Run</h2>
      <div className="row">
        <label className="field">
          <span>Seed (empty: the profile's)</span>
          <input
            data-testid="sim-seed"
            inputMode="numeric"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            placeholder="42"
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="sim-start"
          disabled={!profile || isRunning(run)}
          onClick={start}
        >
          Run simulation
        </button>
        <button
          type="button"
          className="danger"
          data-testid="sim-cancel"
          disabled={!isRunning(run)}
          onClick={cancel}
        >
          Cancel
        </button>
      </div>
      {run && (
        <div className="progress-line">
          <progress data-testid="sim-progress" max={Math.max(1, run.ticks)} value={run.tick} />
          <span
            className={`badge ${run.state}`}
            data-testid="sim-state"
            data-state={run.state}
            data-run-id={run.run_id}
          >
            {run.state}
          </span>
          <span className="muted" data-testid="sim-progress-text">
            tick {run.tick}/{run.ticks} · {run.cycles} cycles{run.at ? ` · ${run.at}` : ''}
          </span>
          {run.error && (
            <span className="bad-text" data-error-code={run.error.code}>
              {run.error.code}: {run.error.message}
            </span>
          )}
        </div>
      )}
    </section>
  );
}

function RunList() {
  const runs = useSim((s) => s.runs);
  const selected = useSim((s) => s.selected);
  const select = useSim((s) => s.select);
  if (runs.length === 0) return null;
  return (
    <section className="panel" data-testid="sim-runs">
      <h2>Runs in this session</h2>
      <table className="data">
        <thead>
          <tr>
            <th>Run</th>
            <th>Profile</th>
            <th>Seed</th>
            <th>State</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr
              key={r.run_id}
              className={`clickable${r.run_id === selected ? ' selected' : ''}`}
              data-testid="sim-run-row"
              data-run-id={r.run_id}
              data-state={r.state}
              onClick={() => select(r.run_id)}
            >
              <td>{r.run_id}</td>
              <td>{r.name}</td>
              <td>{r.seed}</td>
              <td>
                <span className={`badge ${r.state}`}>{r.state}</span>
              </td>
              <td className="muted">{r.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Polls the shown run while it plays; loads its charts once it is done. */
function usePolling() {
  const selected = useSim((s) => s.selected);
  const run = useSim((s) => s.runs.find((r) => r.run_id === s.selected));
  const charts = useSim((s) => s.charts);
  const running = isRunning(run);
  useEffect(() => {
    if (!selected || !running) return;
    let live = true;
    const timer = setInterval(() => {
      void bridge.send('simulatorProgress', { run_id: selected }).then((reply) => {
        if (live && reply.ok) useSim.getState().upsertRun(reply.value);
      });
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [selected, running]);
  const done = run?.state === 'DONE';
  useEffect(() => {
    if (!selected || !done || (charts && charts.run_id === selected)) return;
    void whileBusy(async () => {
      const reply = await bridge.send('simulatorCharts', { run_id: selected });
      if (reply.ok) useSim.getState().setCharts(reply.value);
      else useSim.getState().setError(reply.error);
    });
  }, [selected, done, charts]);
}

export function SimulatorScreen({ microgridId }: { microgridId: string }) {
  const { data } = useScreenData(microgridId, async () => {
    const [examples, runs] = await Promise.all([
      bridge.send('simulatorExamples', {}),
      bridge.send('simulatorRuns', {}),
    ]);
    if (!examples.ok) return examples;
    if (!runs.ok) return runs;
    return { ok: true as const, value: { examples: examples.value.profiles, runs: runs.value.runs } };
  });
  useEffect(() => {
    if (data.status === 'ready') useSim.getState().setRuns(data.value.runs);
  }, [data]);
  usePolling();
  const error = useSim((s) => s.error);
  const runs = useSim((s) => s.runs);
  const selected = useSim((s) => s.selected);
  const run = runs.find((r) => r.run_id === selected);
  if (data.status === 'loading') return <p className="loading">Loading the simulator…</p>;
  const examples: ExampleProfile[] = data.status === 'ready' ? data.value.examples : [];
  return (
    <div className="inspect-screen simulator-screen">
      <header className="screen-header">
        <h1>Depot simulator</h1>
        <p className="lede">
          Seeded and deterministic: the same profile and seed give the same artifacts as `microgrid sim run`.
          Runs play on a worker thread of the app.
        </p>
      </header>
      {data.status === 'failed' && <ErrorPanel error={data.error} testId="load-error" />}
      {error && <ErrorPanel error={error} testId="sim-error" title="Refused:" />}
      <ProfilePanel microgridId={microgridId} examples={examples} />
      <RunPanel />
      <RunList />
      {run?.state === 'DONE' && run.manifest && <ResultPanel run={run} timeZone={run.timezone ?? 'UTC'} />}
      <ComparePanel runs={runs} />
    </div>
  );
}
