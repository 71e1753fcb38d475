// `--target URL`: the same profile delivered over HTTP to a controller started here gives the same
// setpoints and reason codes, cycle by cycle, as the in-process run — and a legacy request really
// is `POST /api/circuit/{id}/rebalance_load`.
//
// The simulator sends every request with the simulated instant as `?at=`; the controller is
// started in replay mode (`microgrid controller --replay-clock`), so its clock follows the `at` of
// the request being served — what a controller replaying a simulated day needs (its wall clock
// would put every legacy cycle and every supersede/withdraw stamp at today's date instead).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../../controller/server.ts';
import { cycles, rawExample, run, type Files } from './helpers.ts';

let controller: RunningController | null = null;
let dir: string | null = null;

afterEach(async () => {
  await controller?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  controller = null;
  dir = null;
});

async function startReplayController(): Promise<{
  controller: RunningController;
  fetchImpl: typeof fetch;
  calls: string[];
}> {
  dir = mkdtempSync(join(tmpdir(), 'sim-target-'));
  // The wall clock would be today: a replay must never fall back to it.
  const wall = { now: () => Date.parse('2000-01-01T00:00:00Z') };
  controller = await startController({
    port: 0,
    dataFile: join(dir, 'controller.sqlite'),
    cycleIntervalS: 0,
    replayClock: true,
    clock: wall,
    log: () => {},
  });
  const calls: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    return fetch(input, init);
  };
  return { controller, fetchImpl, calls };
}

/** What must agree: per cycle its instant, scope, outcome, source mode, reasons, setpoints, breaches. */
function essence(files: Files) {
  return cycles(files).map((c) => ({
    at: c.at,
    // The HTTP API runs requested cycles as CANONICAL_REQUEST: a scheduled simulator cycle is one.
    trigger: c.trigger === 'SIMULATOR' ? 'CANONICAL_REQUEST' : c.trigger,
    scope: c.scope_node_id,
    legacy: c.legacy_circuit_id,
    config_version: c.config_version,
    outcome: c.outcome,
    source_mode: c.source_mode,
    reason_codes: c.reason_codes,
    setpoints: c.setpoints.map(
      (s: { asset_id: string; state: string; setpoint_kw: number | null; reason_codes: unknown }) => [
        s.asset_id,
        s.state,
        s.setpoint_kw,
        s.reason_codes,
      ],
    ),
    fallback: c.fallback.inputs,
    breaches: c.breaches,
  }));
}

function events(files: Files) {
  return JSON.parse(files['summary.json']).events.map((e: Record<string, unknown>) => [
    e.at,
    e.kind,
    e.status,
    e.code ?? null,
  ]);
}

describe('sim run --target URL', () => {
  it('legacy-day: the same setpoints and reason codes as in process, legacy calls on the legacy routes', async () => {
    const raw = rawExample('legacy-day.yaml');
    const local = await run(raw);
    const { controller: c, fetchImpl, calls } = await startReplayController();
    const remote = await run(raw, { target: c.url, fetchImpl });
    expect(JSON.parse(remote.files['summary.json']).delivery).toBe('HTTP');
    expect(essence(remote.files)).toEqual(essence(local.files));
    expect(events(remote.files)).toEqual(events(local.files));
    expect(calls.filter((x) => x.includes('/rebalance_load'))).toEqual([
      'POST /api/circuit/1042/rebalance_load',
      'POST /api/circuit/3001/rebalance_load',
      'POST /api/circuit/2001/rebalance_load',
      'POST /api/circuit/2001/rebalance_load',
    ]);
    expect(calls.filter((x) => x.includes('/tou_limits'))).toHaveLength(3);
    // The controller recorded every legacy call in its alias-usage audit.
    const usage = (await (await fetch(`${c.url}/api/v1/legacy/alias-usage?limit=100`)).json()) as {
      usage: { outcome: string }[];
    };
    expect(usage.usage.map((u) => u.outcome).sort()).toEqual([
      'CIRCUIT_ALIAS_NOT_RESOLVABLE',
      'LEGACY_SCOPE_UNSUPPORTED',
      'LIMIT_EXCEEDS_PHYSICAL_RATING',
      'RESOLVED',
      'RESOLVED',
      'RESOLVED',
      'RESOLVED',
    ]);
  });

  it('degraded-telemetry: the same fallback and fail-safe cycles over HTTP', async () => {
    const raw = rawExample('degraded-telemetry.yaml');
    const local = await run(raw);
    const { controller: c, fetchImpl } = await startReplayController();
    const remote = await run(raw, { target: c.url, fetchImpl });
    expect(essence(remote.files)).toEqual(essence(local.files));
    expect(remote.files['timeseries.csv']).toBe(local.files['timeseries.csv']);
  });

  it('envelope-cut: envelopes superseded and withdrawn, capability hand-over, over HTTP as in process', async () => {
    // Coarser ticks keep the HTTP round trips few; both runs play the same coarser profile.
    const raw = {
      ...rawExample('envelope-cut.yaml'),
      tick_seconds: 120,
      cycle_interval_s: 600,
      settings: { stale_after_s: 300, fail_safe_after_s: 900 },
    };
    const local = await run(raw);
    const { controller: c, fetchImpl } = await startReplayController();
    const remote = await run(raw, { target: c.url, fetchImpl });
    expect(essence(remote.files)).toEqual(essence(local.files));
    expect(events(remote.files)).toEqual(events(local.files));
    const states = new Set(
      cycles(remote.files).flatMap((x) => x.setpoints.map((s: { state: string }) => s.state)),
    );
    expect(states.has('EXTERNAL')).toBe(true);
    const sources = new Set(
      cycles(remote.files).flatMap((x) =>
        x.nodes
          .filter((n: { node_id: string }) => n.node_id === 'grid')
          .map((n: { effective_limit_kw: number }) => n.effective_limit_kw),
      ),
    );
    expect([...sources].sort((a, b) => a - b)).toEqual([300, 380, 450, 700]);
  });
});
