// Runs one simulation on this worker thread: validates the profile, plays it with the same
// `runSimulation` the CLI uses (artifacts in memory, so the manifest is the CLI's for the same
// profile and seed), reports progress, stops at the next tick on cancel, and hands back the
// artifacts' bytes and the chart data.
import { parentPort, workerData } from 'node:worker_threads';
import {
  ARTIFACT_NAMES,
  MemorySink,
  readProfileText,
  runSimulation,
  SimulationCancelled,
  SimulationError,
  validateProfile,
} from '../../../simulator/index.ts';
import { buildChartData } from './chart-data.ts';
import type { FromWorker, StartRun } from './worker-protocol.ts';

const port = parentPort!;
const job = workerData as StartRun & { validateOnly?: boolean };
const abort = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') abort.abort();
});

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function main(): Promise<void> {
  const read = readProfileText(job.text, job.format);
  const report = read.ok
    ? validateProfile(read.value)
    : { valid: false, errors: read.errors, warnings: [], profile: undefined };
  if (!report.valid || !report.profile) {
    send({ type: 'invalid', errors: report.errors, warnings: report.warnings });
    return;
  }
  const profile = report.profile;
  const seed = job.seed ?? profile.seed;
  const ticks = (profile.duration_minutes * 60) / profile.tick_seconds;
  send({
    type: 'started',
    name: profile.name,
    seed,
    ticks,
    timezone: profile.microgrid.microgrid.timezone,
    warnings: report.warnings,
  });
  if (job.validateOnly) return;
  const sink = new MemorySink();
  let last = 0;
  try {
    const result = await runSimulation(profile, {
      seed,
      sink,
      signal: abort.signal,
      onProgress: (p) => {
        // A message per tick would flood the main thread on a long run; a few per second is plenty.
        const now = performance.now();
        if (now - last < 100 && p.tick < p.ticks) return;
        last = now;
        send({ type: 'progress', tick: p.tick, ticks: p.ticks, at: p.at, cycles: p.cycles });
      },
    });
    const files: Record<string, ArrayBuffer> = {};
    for (const name of ARTIFACT_NAMES) {
      const bytes = sink.bytes(name);
      // A copy in its own buffer: a small Buffer may share Node's pool, which must not be transferred.
      const own = new Uint8Array(bytes.length);
      own.set(bytes);
      files[name] = own.buffer;
    }
    const charts = buildChartData(
      sink.bytes('timeseries.csv').toString('utf8'),
      sink.bytes('cycles.jsonl').toString('utf8'),
      profile.microgrid.microgrid.root_node_id,
    );
    send(
      {
        type: 'done',
        manifest: result.manifest,
        summary: result.summary as unknown as Record<string, unknown>,
        files,
        charts,
      },
      Object.values(files),
    );
  } catch (e) {
    if (e instanceof SimulationCancelled) send({ type: 'cancelled' });
    else if (e instanceof SimulationError) send({ type: 'failed', code: e.code, message: e.message });
    else send({ type: 'failed', code: 'SIMULATION_FAILED', message: (e as Error).message });
  }
}

void main();
