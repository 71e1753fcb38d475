// For a local microgrid: load a telemetry batch (a `{samples: [...]}` file, or a cycle input
// document whose telemetry is taken) and run one cycle at a chosen instant — both through the
// shared use cases, so the cycle sees exactly what a controller would have stored.
import { useState } from 'react';
import { whileBusy } from '../../app/app-state.ts';
import { parseBatch, type ParsedBatch } from './telemetry-batch.ts';

export type { ParsedBatch };

export function LocalInputs({
  onIngest,
  onRun,
  defaultAt,
}: {
  onIngest: (batch: ParsedBatch) => Promise<void>;
  onRun: (at: string | null) => void;
  defaultAt: string;
}) {
  const [text, setText] = useState('');
  const [at, setAt] = useState(defaultAt);
  const [parseError, setParseError] = useState<string | null>(null);

  async function load(source: string) {
    const parsed = parseBatch(source);
    if (!parsed.ok) {
      setParseError(parsed.message);
      return;
    }
    setParseError(null);
    if (parsed.value.at) setAt(parsed.value.at);
    await onIngest(parsed.value);
  }

  return (
    <section className="panel tinted telemetry-input" data-testid="cycle-inputs">
      <h2>
        Telemetry and cycles on this local microgrid{' '}
        <span className="sub">
          samples are stored whole or refused whole; a cycle uses the latest sample of each point at or before
          its instant
        </span>
      </h2>
      <div className="row">
        <label className="file-button">
          Load a telemetry file…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="telemetry-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void whileBusy(async () => load(await file.text()));
            }}
          />
        </label>
        <span className="muted">or paste a batch:</span>
      </div>
      <textarea
        data-testid="telemetry-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{"samples": [{"node_id": "grid", "at": "2026-03-02T05:00:00Z", "demand_kw": 420}, {"asset_id": "ch-01", "at": "…", "power_kw": 40, "connected": true, "requested_kw": 80}]}'
      />
      <div className="row">
        <button
          type="button"
          data-testid="telemetry-load"
          disabled={!text.trim()}
          onClick={() => void whileBusy(() => load(text))}
        >
          Store samples
        </button>
        <label className="field">
          <span>Run a cycle at (UTC; empty = now)</span>
          <input
            data-testid="cycle-at"
            value={at}
            onChange={(e) => setAt(e.target.value)}
            placeholder="2026-03-02T05:00:00Z"
          />
        </label>
        <button
          type="button"
          className="primary"
          data-testid="run-cycle"
          onClick={() => onRun(at.trim() || null)}
        >
          Run cycle
        </button>
      </div>
      {parseError && (
        <p
          className="error-panel"
          data-error-code="TELEMETRY_FILE_INVALID"
          data-testid="telemetry-parse-error"
        >
          <strong className="code">TELEMETRY_FILE_INVALID</strong> {parseError}
        </p>
      )}
    </section>
  );
}
