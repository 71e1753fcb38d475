// The Simulator screen's service: runs on worker threads with the CLI's runSimulation, so the same
// profile and seed give the CLI's manifest; progress, cancel at the next tick, a refused profile
// with every error, export, and the simulator's own `sim diff` between two runs.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DirectorySink,
  readProfileText,
  runSimulation,
  validateProfile,
} from '../../../../simulator/index.ts';
import type { RunView } from '../../../../preload/simulator-contract.ts';
import { createSimulatorService, type SimulatorService } from '../simulator-service.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'sim-service-'));
const services: SimulatorService[] = [];
afterAll(async () => {
  for (const s of services) await s.close();
  rmSync(tmp, { recursive: true, force: true });
});

function service(): SimulatorService {
  const s = createSimulatorService({ resourceRoot: ROOT });
  services.push(s);
  return s;
}

function ok<T>(o: { ok: true; value: T } | { ok: false; failure: { code: string; message: string } }): T {
  if (!o.ok) throw new Error(`${o.failure.code}: ${o.failure.message}`);
  return o.value;
}

async function until(s: SimulatorService, runId: string, done: (r: RunView) => boolean): Promise<RunView> {
  for (;;) {
    const r = ok(s.progress(runId));
    if (done(r)) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const evening = () => readFileSync(join(ROOT, 'examples', 'profiles', 'evening-peak.yaml'), 'utf8');

describe('simulator service', () => {
  it('lists the example profiles and reads one; an unknown name is refused', () => {
    const s = service();
    expect(ok(s.examples()).profiles.map((p) => p.name)).toEqual(
      expect.arrayContaining(['evening-peak.yaml', 'depot-500.json']),
    );
    expect(ok(s.example('evening-peak.yaml')).format).toBe('yaml');
    expect(s.example('../../package.json')).toMatchObject({
      ok: false,
      failure: { code: 'PROFILE_NOT_FOUND' },
    });
  });

  it('plays a profile on a worker and gives the manifest the CLI writes for the same profile and seed', async () => {
    const s = service();
    const started = ok(
      await s.start({ label: 'evening-peak.yaml', format: 'yaml', text: evening(), seed: 9 }),
    );
    expect(started).toMatchObject({ state: 'RUNNING', seed: 9, ticks: 480, timezone: 'Australia/Melbourne' });
    const done = await until(s, started.run_id, (r) => r.state !== 'RUNNING');
    expect(done.state).toBe('DONE');
    expect(done.tick).toBe(480);

    const read = readProfileText(evening(), 'yaml');
    const profile = validateProfile(read.ok ? read.value : null).profile!;
    const cliDir = join(tmp, 'cli');
    const cli = await runSimulation(profile, { seed: 9, sink: new DirectorySink(cliDir) });
    expect(done.manifest).toEqual(cli.manifest);

    const outDir = join(tmp, 'export');
    expect(ok(s.exportRun(started.run_id, outDir)).files).toHaveLength(5);
    for (const name of readdirSync(cliDir))
      expect(readFileSync(join(outDir, name)).equals(readFileSync(join(cliDir, name)))).toBe(true);
    expect(s.exportRun(started.run_id, 'relative/dir')).toMatchObject({
      ok: false,
      failure: { code: 'EXPORT_DIR_INVALID' },
    });

    const charts = ok(s.charts(started.run_id));
    expect(charts).toMatchObject({ node_id: 'grid', root_node_id: 'grid', stride: 1 });
    expect(charts.node).toHaveLength(480);
    expect(charts.reason_codes).toEqual(['CHARGER_NONCOMPLIANCE', 'NODE_HARD_CAP', 'TOU_SCHEDULED_CAP']);
    expect(s.charts(started.run_id, 'nope')).toMatchObject({
      ok: false,
      failure: { code: 'NODE_NOT_FOUND' },
    });
  });

  it('refuses an invalid profile with every error, and starts no run', async () => {
    const s = service();
    const broken = evening()
      .replace('tick_seconds: 60', 'tick_seconds: 7')
      .replace('charger_id: ch-06', 'charger_id: ch-66');
    const refused = await s.start({ label: 'broken', format: 'yaml', text: broken });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.failure.code).toBe('SIMULATOR_PROFILE_INVALID');
    const codes = (refused.failure.details?.errors as { code: string }[]).map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['PROFILE_RANGE_INVALID', 'PROFILE_UNKNOWN_CHARGER']));
    expect(s.runs().runs).toEqual([]);
    expect(ok(await s.validate('yaml', broken))).toMatchObject({ valid: false });
    expect(ok(await s.validate('yaml', evening()))).toMatchObject({
      valid: true,
      description: 'profile "evening-peak", seed 42, 480 ticks',
    });
  });

  it('cancels a run at the next tick: it stops before the end and keeps no artifacts', async () => {
    const s = service();
    const text = readFileSync(join(ROOT, 'examples', 'profiles', 'depot-500.json'), 'utf8');
    const started = ok(await s.start({ label: 'depot-500.json', format: 'json', text }));
    await until(s, started.run_id, (r) => r.tick > 0);
    const cancelled = ok(await s.cancel(started.run_id));
    expect(cancelled.state).toBe('CANCELLED');
    expect(cancelled.tick).toBeLessThan(cancelled.ticks);
    expect(s.charts(started.run_id)).toMatchObject({ ok: false, failure: { code: 'RUN_NOT_FINISHED' } });
    // Nothing moves afterwards.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ok(s.progress(started.run_id))).toEqual(cancelled);
  });

  it('compares two runs with sim diff: same seed identical, another seed different', async () => {
    const s = service();
    const run = async (seed: number) => {
      const r = ok(await s.start({ label: 'e', format: 'yaml', text: evening(), seed }));
      await until(s, r.run_id, (x) => x.state !== 'RUNNING');
      return r.run_id;
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(ok(s.compare(a, b)).identical).toBe(true);
    const diff = ok(s.compare(a, c));
    expect(diff.identical).toBe(false);
    expect(diff.files['manifest.json']).toBe('DIFFERENT');
    expect(diff.first_cycle_difference?.differences.length).toBeGreaterThan(0);
  });
});
