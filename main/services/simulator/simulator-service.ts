// The Simulator screen's service: each run plays on its own worker thread (run-worker.ts, the
// CLI's `runSimulation` with artifacts in memory), so neither the window nor the app's other
// commands wait for it. The page polls a run's progress; cancel aborts it at the next tick. A
// finished run keeps its five artifacts and chart data in memory for export and comparison.
import {
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fail, REASON_CODES, succeed, type Outcome, type ValidationIssue } from '../../../domain/index.ts';
import { ARTIFACT_NAMES } from '../../../simulator/artifacts/sink.ts';
import { diffArtifacts } from '../../../simulator/diff.ts';
import type {
  ArtifactFileName,
  ExampleProfile,
  ProfileCheck,
  ProfileFormat,
  ProfileText,
  RunCharts,
  RunComparison,
  RunView,
} from '../../../preload/simulator-contract.ts';
import type { ChartData } from './chart-data.ts';
import type { FromWorker, StartRun } from './worker-protocol.ts';

/** The simulator's five artifacts, in its own order. */
export const ARTIFACTS: readonly ArtifactFileName[] = ARTIFACT_NAMES;
/** Finished runs kept for charts, export and comparison (each holds its artifacts in memory). */
export const KEPT_RUNS = 8;
/** A cancelled worker that has not stopped by then is terminated. */
const CANCEL_GRACE_MS = 3_000;

export interface SimulatorServiceOptions {
  /** The project folder: the worker is main/services/simulator/simulator.worker.mjs in it, the examples examples/profiles. */
  resourceRoot?: string;
}

interface Run {
  view: RunView;
  worker: Worker | null;
  files: Map<ArtifactFileName, Buffer> | null;
  charts: ChartData | null;
  warnings: ValidationIssue[];
}

export interface SimulatorService {
  examples(): Outcome<{ profiles: ExampleProfile[] }>;
  example(name: string): Outcome<ProfileText>;
  validate(format: ProfileFormat, text: string): Promise<Outcome<ProfileCheck>>;
  start(input: {
    label: string;
    format: ProfileFormat;
    text: string;
    seed?: number;
  }): Promise<Outcome<RunView>>;
  runs(): { runs: RunView[] };
  progress(runId: string): Outcome<RunView>;
  cancel(runId: string): Promise<Outcome<RunView>>;
  charts(runId: string, nodeId?: string): Outcome<RunCharts>;
  exportRun(runId: string, dir: string): Outcome<{ dir: string; files: string[] }>;
  artifact(runId: string, name: ArtifactFileName): Outcome<{ name: ArtifactFileName; text: string }>;
  compare(a: string, b: string): Outcome<RunComparison>;
  /** Stops every running worker (the app is closing). */
  close(): Promise<void>;
}

const PROFILE_EXT: Record<string, ProfileFormat> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };

function unavailable<T>(): Outcome<T> {
  return fail(
    'INVALID',
    'SIMULATOR_UNAVAILABLE',
    'the simulator worker is not available in this build of the app (it needs the project sources and tsx)',
  );
}

function runNotFound<T>(runId: string): Outcome<T> {
  return fail(
    'NOT_FOUND',
    'RUN_NOT_FOUND',
    `no simulation run ${runId} in this app session (finished runs are kept in memory, the last ${KEPT_RUNS})`,
    { run_id: runId },
  );
}

function notFinished<T>(run: RunView): Outcome<T> {
  return fail(
    'INVALID',
    'RUN_NOT_FINISHED',
    `run ${run.run_id} is ${run.state.toLowerCase()}; only a finished run has artifacts`,
    { run_id: run.run_id, state: run.state },
  );
}

function describeRun(name: string, seed: number, ticks: number): string {
  return `profile "${name}", seed ${seed}, ${ticks} ticks`;
}

export function createSimulatorService(options: SimulatorServiceOptions): SimulatorService {
  const root = options.resourceRoot;
  const candidate = root ? join(root, 'main', 'services', 'simulator', 'simulator.worker.mjs') : null;
  const workerFile = candidate && existsSync(candidate) ? candidate : null;
  const examplesDir = root ? join(root, 'examples', 'profiles') : null;
  const runs = new Map<string, Run>();
  let counter = 0;

  function spawn(data: StartRun & { validateOnly?: boolean }): Worker {
    const worker = new Worker(workerFile!, { workerData: data });
    // A run never keeps the app process alive on its own: closing the app ends it.
    worker.unref();
    return worker;
  }

  function forget(): void {
    const finished = [...runs.values()].filter((r) => r.worker === null);
    for (const r of finished.slice(0, Math.max(0, finished.length - KEPT_RUNS))) runs.delete(r.view.run_id);
  }

  function exampleList(): ExampleProfile[] {
    if (!examplesDir) return [];
    let names: string[];
    try {
      names = readdirSync(examplesDir);
    } catch {
      return [];
    }
    return names
      .filter((n) => PROFILE_EXT[extname(n)] !== undefined)
      .sort()
      .map((name) => ({ name, format: PROFILE_EXT[extname(name)]! }));
  }

  function finishedRun(runId: string): Outcome<Run> {
    const run = runs.get(runId);
    if (!run) return runNotFound(runId);
    if (run.view.state !== 'DONE' || !run.files) return notFinished(run.view);
    return succeed(run);
  }

  return {
    examples: () => succeed({ profiles: exampleList() }),

    example(name) {
      const found = exampleList().find((e) => e.name === name);
      if (!found || !examplesDir)
        return fail(
          'NOT_FOUND',
          'PROFILE_NOT_FOUND',
          `no example profile named ${JSON.stringify(name).slice(0, 80)}`,
          { name },
        );
      return succeed({
        label: found.name,
        format: found.format,
        text: readFileSync(join(examplesDir, found.name), 'utf8'),
      });
    },

    async validate(format, text) {
      if (!workerFile) return unavailable();
      const worker = spawn({ format, text, validateOnly: true });
      const answer = await new Promise<FromWorker | Error>((done) => {
        worker.once('message', (m: FromWorker) => done(m));
        worker.once('error', (e) => done(e));
      });
      void worker.terminate();
      if (answer instanceof Error)
        return fail('INVALID', 'SIMULATION_FAILED', `the profile could not be checked: ${answer.message}`);
      if (answer.type === 'invalid')
        return succeed({ valid: false, errors: answer.errors, warnings: answer.warnings, description: null });
      if (answer.type === 'started')
        return succeed({
          valid: true,
          errors: [],
          warnings: answer.warnings,
          description: describeRun(answer.name, answer.seed, answer.ticks),
        });
      return fail('INVALID', 'SIMULATION_FAILED', 'the profile could not be checked');
    },

    async start(input) {
      if (!workerFile) return unavailable();
      const run_id = `run-${++counter}`;
      const worker = spawn({
        format: input.format,
        text: input.text,
        ...(input.seed !== undefined ? { seed: input.seed } : {}),
      });
      const run: Run = {
        view: {
          run_id,
          label: input.label,
          name: '',
          seed: input.seed ?? 0,
          timezone: null,
          state: 'STARTING',
          tick: 0,
          ticks: 0,
          at: null,
          cycles: 0,
          error: null,
          manifest: null,
          summary: null,
        },
        worker,
        files: null,
        charts: null,
        warnings: [],
      };
      const first = new Promise<Outcome<RunView>>((answer) => {
        const end = (state: RunView['state'], error: RunView['error'] = null) => {
          run.view = { ...run.view, state, error };
          run.worker = null;
          void worker.terminate();
          forget();
        };
        worker.on('message', (m: FromWorker) => {
          switch (m.type) {
            case 'invalid':
              run.worker = null;
              void worker.terminate();
              answer(
                fail(
                  'INVALID',
                  'SIMULATOR_PROFILE_INVALID',
                  `the profile is invalid: ${m.errors.length} error${m.errors.length === 1 ? '' : 's'}${m.errors[0] ? ` (first: ${m.errors[0].code} ${m.errors[0].message})` : ''}`,
                  {
                    errors: m.errors,
                    warnings: m.warnings,
                  },
                ),
              );
              break;
            case 'started':
              run.view = {
                ...run.view,
                name: m.name,
                seed: m.seed,
                ticks: m.ticks,
                timezone: m.timezone,
                state: 'RUNNING',
              };
              run.warnings = m.warnings;
              runs.set(run_id, run);
              answer(succeed(run.view));
              break;
            case 'progress':
              if (run.view.state === 'RUNNING')
                run.view = { ...run.view, tick: m.tick, ticks: m.ticks, at: m.at, cycles: m.cycles };
              break;
            case 'done':
              run.files = new Map(ARTIFACTS.map((n) => [n, Buffer.from(m.files[n]!)]));
              run.charts = m.charts;
              run.view = {
                ...run.view,
                tick: run.view.ticks,
                manifest: m.manifest,
                summary: m.summary,
                cycles: Number(
                  (m.summary.cycles as { total?: number } | undefined)?.total ?? run.view.cycles,
                ),
              };
              end('DONE');
              break;
            case 'cancelled':
              end('CANCELLED');
              break;
            case 'failed':
              end('FAILED', { code: m.code, message: m.message });
              answer(fail('INVALID', m.code, m.message));
              break;
          }
        });
        worker.on('error', (e) => {
          if (run.worker === null) return;
          end('FAILED', { code: 'SIMULATION_FAILED', message: e.message });
          answer(fail('INVALID', 'SIMULATION_FAILED', `the simulation worker failed: ${e.message}`));
        });
        worker.on('exit', () => {
          if (run.worker === null) return;
          // Exited without a last word (terminated after a cancel that did not land in time).
          end(run.view.state === 'RUNNING' || run.view.state === 'STARTING' ? 'CANCELLED' : run.view.state);
          answer(
            fail('INVALID', 'SIMULATION_FAILED', 'the simulation worker stopped before the run started'),
          );
        });
      });
      return first;
    },

    runs: () => ({ runs: [...runs.values()].map((r) => r.view) }),

    progress(runId) {
      const run = runs.get(runId);
      return run ? succeed(run.view) : runNotFound(runId);
    },

    async cancel(runId) {
      const run = runs.get(runId);
      if (!run) return runNotFound(runId);
      const worker = run.worker;
      if (!worker) return succeed(run.view);
      const stopped = new Promise<void>((done) => worker.once('exit', () => done()));
      worker.postMessage({ type: 'cancel' });
      const timer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
      await stopped;
      clearTimeout(timer);
      return succeed(run.view);
    },

    charts(runId, nodeId) {
      const found = finishedRun(runId);
      if (!found.ok) return found;
      const charts = found.value.charts!;
      const ids = Object.keys(charts.nodes).sort();
      const node = nodeId ?? charts.root_node_id;
      const series = charts.nodes[node];
      if (!series)
        return fail('NOT_FOUND', 'NODE_NOT_FOUND', `run ${runId} has no node ${node}`, {
          node_id: node,
          field: 'node_id',
        });
      const root = charts.nodes[charts.root_node_id];
      return succeed({
        run_id: runId,
        node_ids: ids,
        node_id: node,
        root_node_id: charts.root_node_id,
        node: charts.at.map((at, i) => ({
          at,
          limit_kw: series.limit_kw[i] ?? null,
          demand_kw: series.demand_kw[i] ?? 0,
          charging_kw: series.charging_kw[i] ?? 0,
          non_controllable_kw: series.non_controllable_kw[i] ?? 0,
          source_mode: series.source_mode[i] ?? '',
        })),
        charging: charts.at.map((at, i) => ({ at, charging_kw: root?.charging_kw[i] ?? 0 })),
        reason_codes: REASON_CODES.filter((code) => charts.reasons.some((r) => r.code === code)),
        reasons: charts.reasons,
        stride: charts.stride,
      });
    },

    exportRun(runId, dir) {
      const found = finishedRun(runId);
      if (!found.ok) return found;
      if (!isAbsolute(dir))
        return fail(
          'INVALID',
          'EXPORT_DIR_INVALID',
          `write the folder as an absolute path (got ${JSON.stringify(dir).slice(0, 120)})`,
          { field: 'dir' },
        );
      const target = resolve(dir);
      try {
        mkdirSync(target, { recursive: true });
        for (const name of ARTIFACTS) writeFileSync(join(target, name), found.value.files!.get(name)!);
      } catch (e) {
        return fail(
          'INVALID',
          'EXPORT_FAILED',
          `the artifacts could not be written to ${target}: ${(e as Error).message}`,
          { field: 'dir' },
        );
      }
      return succeed({ dir: target, files: [...ARTIFACTS] });
    },

    artifact(runId, name) {
      const found = finishedRun(runId);
      if (!found.ok) return found;
      return succeed({ name, text: found.value.files!.get(name)!.toString('utf8') });
    },

    compare(a, b) {
      const ra = finishedRun(a);
      if (!ra.ok) return ra;
      const rb = finishedRun(b);
      if (!rb.ok) return rb;
      // The simulator's own `sim diff`, which compares artifact folders: both runs go to a scratch folder.
      const scratch = mkdtempSync(join(tmpdir(), 'microgrid-studio-diff-'));
      try {
        for (const [id, run] of [
          ['a', ra.value],
          ['b', rb.value],
        ] as const) {
          mkdirSync(join(scratch, id));
          for (const name of ARTIFACTS) writeFileSync(join(scratch, id, name), run.files!.get(name)!);
        }
        const report = diffArtifacts(join(scratch, 'a'), join(scratch, 'b'));
        return succeed({ run_a: a, run_b: b, ...report });
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },

    async close() {
      await Promise.all([...runs.values()].map((r) => r.worker?.terminate()));
    },
  };
}
