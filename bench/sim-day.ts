// `sim-day`: a 24-hour day at 60 s ticks at the 500-charger depot (examples/profiles/depot-500.json:
// 60 Microgrid Nodes, seeded vehicles and noise, one telemetry degradation), in process, with the
// five artifacts written to a temporary folder (performance.md; target ≤ 2 s wall, ours ≤ 1 s).
// Before timing, it checks that two runs give the same manifest (the same bytes).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DirectorySink,
  readProfileText,
  runSimulation,
  validateProfile,
  type Profile,
  type SimulationResult,
} from '../simulator/index.ts';
import { InProcessDelivery } from '../simulator/delivery/in-process.ts';
import { peakRssMb, percentile, round3 } from './stats.ts';
import type { BenchResult } from './registry.ts';

const PROFILE = resolve(fileURLToPath(new URL('.', import.meta.url)), '../examples/profiles/depot-500.json');
const RUNS = 5;

function loadProfile(): Profile {
  const read = readProfileText(readFileSync(PROFILE, 'utf8'), 'json');
  const report = read.ok
    ? validateProfile(read.value)
    : { valid: false, errors: read.errors, profile: undefined };
  if (!report.valid || !report.profile)
    throw new Error(
      `${PROFILE} is invalid: ${JSON.stringify(report.errors.slice(0, 3))}; refusing to time it`,
    );
  return report.profile;
}

/** Time spent inside the service layer's cycle (runStoredCycle) during one run. */
function meterCycles(): { reset(): void; total(): number } {
  const proto = InProcessDelivery.prototype as unknown as { runCycle: (...a: unknown[]) => unknown };
  const original = proto.runCycle;
  let spent = 0;
  proto.runCycle = function (this: unknown, ...a: unknown[]) {
    const t0 = performance.now();
    const out = original.apply(this, a);
    spent += performance.now() - t0;
    return out;
  };
  return { reset: () => (spent = 0), total: () => spent };
}

export async function benchSimDay(): Promise<BenchResult> {
  const profile = loadProfile();
  const dir = mkdtempSync(join(tmpdir(), 'bench-sim-day-'));
  const cycleMeter = meterCycles();
  try {
    const once = async (
      i: number,
    ): Promise<{ ms: number; cpuMs: number; cycleMs: number; result: SimulationResult }> => {
      cycleMeter.reset();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await runSimulation(profile, { sink: new DirectorySink(join(dir, `run-${i}`)) });
      const cpu = process.cpuUsage(c0);
      return {
        ms: performance.now() - t0,
        cpuMs: (cpu.user + cpu.system) / 1000,
        cycleMs: cycleMeter.total(),
        result,
      };
    };
    const first = await once(0);
    const second = await once(1);
    if (JSON.stringify(first.result.manifest) !== JSON.stringify(second.result.manifest))
      throw new Error('two runs of the same profile and seed wrote different artifacts; refusing to time it');
    const s = first.result.summary;
    if (s.ticks !== 1440 || s.cycles.total !== 1440)
      throw new Error(
        `expected 1,440 ticks and cycles, got ${s.ticks} and ${s.cycles.total}; refusing to time it`,
      );
    const times: number[] = [];
    const cycleTimes: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await once(i + 2);
      if (r.result.manifest.artifacts['cycles.jsonl'] !== first.result.manifest.artifacts['cycles.jsonl'])
        throw new Error('a timed run wrote different artifacts');
      times.push(r.ms);
      cycleTimes.push(r.cycleMs);
      cpuTimes.push(r.cpuMs);
      rmSync(join(dir, `run-${i + 2}`), { recursive: true, force: true });
    }
    times.sort((a, b) => a - b);
    cycleTimes.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    const bytes = ['cycles.jsonl', 'timeseries.csv', 'sessions.csv', 'summary.json', 'manifest.json'].reduce(
      (sum, f) => sum + statSync(join(dir, 'run-0', f)).size,
      0,
    );
    const median = round3(percentile(times, 50));
    return {
      bench: 'sim-day',
      n: 1440,
      median_ms: median,
      p95_ms: round3(percentile(times, 95)),
      runs: RUNS,
      min_ms: round3(times[0]!),
      chargers: profile.microgrid.assets.filter((a) => a.kind === 'CHARGER').length,
      nodes: profile.microgrid.nodes.length,
      vehicles: s.vehicles.total,
      cycles: s.cycles.total,
      // CPU time of the process (every thread) per run: what the wall time would be on an idle machine, roughly.
      cpu_median_ms: round3(percentile(cpuTimes, 50)),
      cycle_median_ms_total: round3(percentile(cycleTimes, 50)),
      per_tick_ms: round3(median / 1440),
      artifact_mb: round3(bytes / 1e6),
      target_ms: 2000,
      stretch_target_ms: 1000,
      peak_rss_mb: peakRssMb(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
