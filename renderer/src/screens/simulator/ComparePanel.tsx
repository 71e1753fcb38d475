// Comparing two finished runs with the simulator's own `sim diff`: identical byte for byte, or the
// first cycle where they part (each differing field named by id) and the first differing rows.
import { useState } from 'react';
import type { RunView } from '../../../../preload/simulator-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { useSim } from './sim-store.ts';

export function ComparePanel({ runs }: { runs: readonly RunView[] }) {
  const done = runs.filter((r) => r.state === 'DONE');
  const comparison = useSim((s) => s.comparison);
  const setComparison = useSim((s) => s.setComparison);
  const setError = useSim((s) => s.setError);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const runA = a || done[0]?.run_id || '';
  const runB = b || done[1]?.run_id || '';
  if (done.length < 2) return null;
  const option = (r: RunView) => (
    <option key={r.run_id} value={r.run_id}>
      {r.run_id} — {r.name} seed {r.seed}
    </option>
  );
  return (
    <section className="panel" data-testid="sim-compare">
      <h2>Compare two runs</h2>
      <div className="row">
        <label className="field">
          <span>Run A</span>
          <select data-testid="compare-a" value={runA} onChange={(e) => setA(e.target.value)}>
            {done.map(option)}
          </select>
        </label>
        <label className="field">
          <span>Run B</span>
          <select data-testid="compare-b" value={runB} onChange={(e) => setB(e.target.value)}>
            {done.map(option)}
          </select>
        </label>
        <button
          type="button"
          data-testid="compare-run"
          onClick={() =>
            void whileBusy(async () => {
              const reply = await bridge.send('simulatorCompare', { run_a: runA, run_b: runB });
              if (reply.ok) {
                setComparison(reply.value);
                setError(null);
              } else setError(reply.error);
            })
          }
        >
          Compare
        </button>
      </div>
      {comparison && (
        <div data-testid="compare-result" data-identical={String(comparison.identical)}>
          <p>
            <strong>{comparison.identical ? 'Identical' : 'Different'}</strong> — {comparison.run_a} vs{' '}
            {comparison.run_b}:{' '}
            {Object.entries(comparison.files)
              .map(([n, st]) => `${n} ${st.toLowerCase().replace(/_/g, ' ')}`)
              .join(', ')}
          </p>
          {comparison.first_cycle_difference && (
            <>
              <p data-testid="compare-first-cycle" data-line={comparison.first_cycle_difference.line}>
                First cycle that differs: line {comparison.first_cycle_difference.line} of cycles.jsonl
                {comparison.first_cycle_difference.at ? `, at ${comparison.first_cycle_difference.at}` : ''}
                {comparison.first_cycle_difference.trigger
                  ? `, ${comparison.first_cycle_difference.trigger}`
                  : ''}
              </p>
              <ul className="plain" data-testid="compare-fields">
                {comparison.first_cycle_difference.differences.map((d) => (
                  <li key={d.path}>
                    <code>{d.path}</code>: {JSON.stringify(d.a)} → {JSON.stringify(d.b)}
                  </li>
                ))}
                {comparison.first_cycle_difference.truncated && <li>… and more</li>}
              </ul>
            </>
          )}
          {comparison.first_row_differences.map((r) => (
            <p key={r.file} className="muted">
              First row that differs in {r.file}: line {r.line}
              {r.columns.length ? ` (${r.columns.join(', ')})` : ''}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
