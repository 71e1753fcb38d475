// The module API the desktop app's worker uses: progress, cancel, in-memory artifacts with the
// same manifest as the CLI's folder, and seeded streams keyed by id.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ARTIFACT_NAMES,
  DirectorySink,
  MemorySink,
  runSimulation,
  SimulationCancelled,
  type Progress,
} from '../index.ts';
import { rawExample, run, validated } from './helpers.ts';

const made: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('runSimulation', () => {
  it('reports progress tick by tick, ending at the last tick', async () => {
    const seen: Progress[] = [];
    await run(rawExample('degraded-telemetry.yaml'), { onProgress: (p) => seen.push(p) });
    expect(seen).toHaveLength(105);
    expect(seen.map((p) => p.tick)).toEqual(Array.from({ length: 105 }, (_, i) => i + 1));
    expect(seen.at(-1)).toEqual({ tick: 105, ticks: 105, at: '2026-03-02T05:44:00Z', cycles: 105 });
  });

  it('stops when cancelled and leaves no artifact (and no folder it made) behind', async () => {
    const out = join(temp('sim-cancel-'), 'artifacts');
    const abort = new AbortController();
    const running = runSimulation(validated(rawExample('evening-peak.yaml')), {
      sink: new DirectorySink(out),
      signal: abort.signal,
      onProgress: (p) => p.tick === 100 && abort.abort(),
    });
    await expect(running).rejects.toBeInstanceOf(SimulationCancelled);
    expect(existsSync(out)).toBe(false);
  });

  it('gives the same artifacts and manifest in memory (the app) as in a folder (the CLI)', async () => {
    const profile = validated(rawExample('legacy-day.yaml'));
    const memory = new MemorySink();
    const a = await runSimulation(profile, { sink: memory });
    const out = join(temp('sim-sinks-'), 'run');
    const b = await runSimulation(profile, { sink: new DirectorySink(out) });
    expect(b.manifest).toEqual(a.manifest);
    for (const name of ARTIFACT_NAMES)
      expect(readFileSync(join(out, name)).equals(memory.bytes(name)), name).toBe(true);
  });

  it('writes the same bytes to a folder run after run, the writer reusing the chunks the last run handed back', async () => {
    // evening-peak's cycles.jsonl spans two of the writer's 1 MiB chunks.
    const profile = validated(rawExample('evening-peak.yaml'));
    const memory = new MemorySink();
    const expected = await runSimulation(profile, { sink: memory });
    expect(memory.bytes('cycles.jsonl').length).toBeGreaterThan(1 << 20);
    for (const i of [1, 2, 3]) {
      const out = join(temp('sim-reuse-'), `run-${i}`);
      const r = await runSimulation(profile, { sink: new DirectorySink(out) });
      expect(r.manifest).toEqual(expected.manifest);
      for (const name of ARTIFACT_NAMES)
        expect(readFileSync(join(out, name)).equals(memory.bytes(name)), `${name} of run ${i}`).toBe(true);
    }
  });

  it('fails with the write error when the folder cannot be made, and the next run still writes its folder', async () => {
    const profile = validated(rawExample('legacy-day.yaml'));
    const parent = temp('sim-bad-');
    writeFileSync(join(parent, 'a-file'), 'not a folder');
    await expect(
      runSimulation(profile, { sink: new DirectorySink(join(parent, 'a-file', 'run')) }),
    ).rejects.toThrow(/writing the artifacts failed: .*ENOTDIR/);
    const memory = new MemorySink();
    await runSimulation(profile, { sink: memory });
    const out = join(parent, 'run');
    await runSimulation(profile, { sink: new DirectorySink(out) });
    for (const name of ARTIFACT_NAMES)
      expect(readFileSync(join(out, name)).equals(memory.bytes(name)), name).toBe(true);
  });

  it("keys every noise stream by its asset: dropping one load's shape leaves the others' demand alone", async () => {
    const raw = rawExample('evening-peak.yaml') as { loads: { asset_id: string }[] };
    const without = { ...raw, loads: raw.loads.filter((l) => l.asset_id !== 'load-wash') };
    const office = (csv: string) =>
      csv
        .split('\n')
        .filter((r) => r.includes(',db-office,'))
        .map((r) => r.split(',')[5]);
    const wash = (csv: string) =>
      csv
        .split('\n')
        .filter((r) => r.includes(',sb-b,'))
        .map((r) => r.split(',')[5]);
    const a = await run(raw);
    const b = await run(without);
    expect(office(b.files['timeseries.csv'])).toEqual(office(a.files['timeseries.csv']));
    expect(wash(b.files['timeseries.csv'])).not.toEqual(wash(a.files['timeseries.csv']));
  });
});
