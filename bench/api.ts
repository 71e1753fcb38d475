// `api`: the site controller on loopback under a bounded load from a second process
// (performance.md; targets ≥ 300 cycles/s and ≥ 20,000 telemetry samples/s, p99 reported).
// The controller runs as its own process (`microgrid controller`) on a fresh SQLite file; this
// process drives it with autocannon: POST /cycles on a 500-charger microgrid, then telemetry
// batches of 500 samples. Each phase checks its answer before it is timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { generateMicrogrid } from '../fixtures/generate-microgrid.ts';
import type { MicrogridDocument } from '../domain/index.ts';
import { percentile, round3 } from './stats.ts';
import type { BenchResult } from './registry.ts';

const BIN = resolve(fileURLToPath(new URL('.', import.meta.url)), '../bin/microgrid.mjs');
const CHARGERS = 500;
const PHASE_SECONDS = 5;

interface Phase {
  requests: number;
  ok: number;
  errors: number;
  seconds: number;
  median_ms: number;
  p95_ms: number;
  p99_ms: number;
}

function startControllerProcess(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'controller', '--port', '0', '--data', file, '--cycle-interval', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (\S+)\n/.exec(out);
      if (m) resolvePromise({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`the controller exited (${code}) before listening: ${err}`)));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** A bounded load: fixed connections and duration; every response time kept for exact percentiles. */
async function load(url: string, body: string, connections: number): Promise<Phase> {
  const times: number[] = [];
  let ok = 0;
  let errors = 0;
  const instance = autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: PHASE_SECONDS,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    times.push(responseTime);
    if (statusCode >= 200 && statusCode < 300) ok++;
    else errors++;
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  const seconds = result.duration;
  return {
    requests: times.length,
    ok,
    errors: errors + result.errors + result.timeouts,
    seconds,
    median_ms: round3(percentile(times, 50)),
    p95_ms: round3(percentile(times, 95)),
    p99_ms: round3(percentile(times, 99)),
  };
}

function peakRssMbOf(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round3(Number(m[1]) / 1024) : null;
  } catch {
    return null; // not Linux
  }
}

/** CPU seconds the process has used (user + system), from /proc; null elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function telemetryBatch(doc: MicrogridDocument, at: string): { samples: unknown[] } {
  const chargers = doc.assets.filter((a) => a.kind === 'CHARGER');
  return {
    samples: chargers.map((a, i) => ({
      asset_id: a.id,
      at,
      power_kw: 0,
      connected: i % 10 !== 0,
      requested_kw: a.rating_kw,
      priority: i % 10,
    })),
  };
}

export async function benchApi(): Promise<BenchResult> {
  const doc = generateMicrogrid({
    seed: 11,
    id: 'mg-bench',
    fanout: [5, 10],
    chargersPerLeaf: 10,
    nodePolicies: true,
    aggregatePolicies: true,
    buildingLoads: true,
  });
  const chargers = doc.assets.filter((a) => a.kind === 'CHARGER').length;
  if (chargers !== CHARGERS)
    throw new Error(`the generated microgrid has ${chargers} chargers, not ${CHARGERS}`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const { child, url } = await startControllerProcess(join(dir, 'controller.sqlite'));
  try {
    const base = `${url}/api/v1/microgrids/mg-bench`;
    const created = await post(`${url}/api/v1/microgrids`, doc);
    if (created.status !== 201)
      throw new Error(
        `creating the bench microgrid failed: ${created.status} ${JSON.stringify(created.json)}`,
      );
    // Telemetry far in the future stays "at or before" no cycle; use now so every cycle is MEASURED.
    const now = new Date(Date.now() - 1000).toISOString();
    const loads = doc.assets
      .filter((a) => a.kind !== 'CHARGER')
      .map((a) => ({ asset_id: a.id, at: now, power_kw: 12 }));
    const batch = telemetryBatch(doc, now);
    for (const samples of [loads, batch.samples]) {
      const r = await post(`${base}/telemetry`, { samples });
      if (r.status !== 200 || r.json.accepted !== samples.length)
        throw new Error(`telemetry refused: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    }
    const check = await post(`${base}/cycles`, {});
    if (
      check.status !== 200 ||
      check.json.setpoints?.length !== CHARGERS ||
      check.json.source_mode !== 'MEASURED'
    ) {
      throw new Error(
        `the check cycle is wrong (${check.status}, ${check.json.setpoints?.length} setpoints, ${check.json.source_mode}); refusing to time it`,
      );
    }

    // The controller's own CPU time per request says what one dedicated core would sustain,
    // whatever else the machine is running.
    const cpu0 = cpuSecondsOf(child.pid);
    const cycles = await load(`${base}/cycles`, '{}', 8);
    const cpu1 = cpuSecondsOf(child.pid);
    const telemetry = await load(`${base}/telemetry`, JSON.stringify(batch), 4);
    const cpu2 = cpuSecondsOf(child.pid);
    const cpuMs = (a: number | null, b: number | null, n: number) =>
      a === null || b === null || n === 0 ? null : round3(((b - a) * 1000) / n);
    const cycleCpuMs = cpuMs(cpu0, cpu1, cycles.ok);
    const batchCpuMs = cpuMs(cpu1, cpu2, telemetry.ok);
    if (cycles.errors || telemetry.errors)
      throw new Error(`errors under load: ${cycles.errors} on cycles, ${telemetry.errors} on telemetry`);
    const cyclesPerS = round3(cycles.ok / cycles.seconds);
    const samplesPerS = round3((telemetry.ok * CHARGERS) / telemetry.seconds);
    return {
      bench: 'api',
      n: CHARGERS,
      median_ms: cycles.median_ms,
      p95_ms: cycles.p95_ms,
      cycles_per_s: cyclesPerS,
      cycle_p99_ms: cycles.p99_ms,
      cycle_requests: cycles.ok,
      telemetry_samples_per_s: samplesPerS,
      telemetry_batch_size: CHARGERS,
      telemetry_median_ms: telemetry.median_ms,
      telemetry_p95_ms: telemetry.p95_ms,
      telemetry_p99_ms: telemetry.p99_ms,
      telemetry_requests: telemetry.ok,
      controller_cpu_ms_per_cycle: cycleCpuMs,
      controller_cpu_ms_per_batch: batchCpuMs,
      cycles_per_cpu_s: cycleCpuMs ? round3(1000 / cycleCpuMs) : null,
      samples_per_cpu_s: batchCpuMs ? round3((1000 / batchCpuMs) * CHARGERS) : null,
      load_average_1m: round3(loadavg()[0]!),
      nodes: doc.nodes.length,
      phase_seconds: PHASE_SECONDS,
      connections: { cycles: 8, telemetry: 4 },
      target_cycles_per_s: 300,
      target_samples_per_s: 20_000,
      controller_peak_rss_mb: peakRssMbOf(child.pid),
      note: 'median_ms and p95_ms are POST /cycles latencies under load',
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) =>
      child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('exit', r),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}
