// simulator.md "Determinism": the same profile, seed and tool version give byte-identical
// artifacts; reordering the profile's arrays changes nothing; another seed changes generated
// vehicles and noise, never the structure.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ARTIFACT_NAMES } from '../index.ts';
import { cycles, rawExample, run, shuffleProfile, type Files } from './helpers.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function expectSameBytes(a: Files, b: Files): void {
  for (const name of ARTIFACT_NAMES) expect(sha(b[name]), name).toBe(sha(a[name]));
}

describe('the same profile and seed', () => {
  it('give byte-identical artifacts twice, and the manifest holds their digests', async () => {
    const raw = rawExample('envelope-cut.yaml');
    const a = await run(raw);
    const b = await run(raw);
    expectSameBytes(a.files, b.files);
    const manifest = JSON.parse(a.files['manifest.json']);
    for (const name of ['cycles.jsonl', 'timeseries.csv', 'sessions.csv', 'summary.json'] as const)
      expect(manifest.artifacts[name]).toBe(sha(a.files[name]));
    expect(manifest.seed).toBe(7);
    expect(manifest.tool).toEqual({ name: 'microgrid-studio', version: expect.any(String) });
    expect(a.files['cycles.jsonl'].split('\n').length - 1).toBe(480);
  });

  it('hold no wall-clock time: every instant in the artifacts lies on the simulated day', async () => {
    const { files } = await run(rawExample('legacy-day.yaml'));
    const all = ARTIFACT_NAMES.map((n) => files[n]).join('\n');
    const instants = all.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z/g) ?? [];
    expect(instants.length).toBeGreaterThan(100);
    for (const i of instants) expect(i.startsWith('2026-03-02T')).toBe(true);
  });
});

describe('a copy of the profile with every array shuffled', () => {
  for (const name of [
    'envelope-cut.yaml',
    'legacy-day.yaml',
    'evening-peak.yaml',
    'degraded-telemetry.yaml',
  ]) {
    it(`${name}: gives the same bytes, manifest included`, async () => {
      const raw = rawExample(name);
      const copy = shuffleProfile(raw, 5);
      expect(JSON.stringify(copy)).not.toBe(JSON.stringify(raw));
      const a = await run(raw);
      const b = await run(copy);
      expectSameBytes(a.files, b.files);
    });
  }
});

describe('another seed', () => {
  it('changes generated vehicles and noise only, never the structure', async () => {
    const raw = rawExample('evening-peak.yaml');
    const a = await run(raw);
    const b = await run(raw, { seed: 43 });
    // Structure: the same cycles at the same instants with the same triggers, the same time-series
    // rows (instant, node), the same sessions list, the same summary members.
    const ca = cycles(a.files);
    const cb = cycles(b.files);
    expect(cb.map((c) => [c.at, c.trigger, c.scope_node_id])).toEqual(
      ca.map((c) => [c.at, c.trigger, c.scope_node_id]),
    );
    expect(cb.map((c) => c.setpoints.map((s: { asset_id: string }) => s.asset_id))).toEqual(
      ca.map((c) => c.setpoints.map((s: { asset_id: string }) => s.asset_id)),
    );
    const keys = (csv: string) =>
      csv
        .trim()
        .split('\n')
        .map((r) => r.split(',').slice(0, 2).join(','));
    expect(keys(b.files['timeseries.csv'])).toEqual(keys(a.files['timeseries.csv']));
    const rows = (csv: string) =>
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(','));
    const sa = rows(a.files['sessions.csv']);
    const sb = rows(b.files['sessions.csv']);
    expect(sb.map((r) => r[0])).toEqual(sa.map((r) => r[0]));
    expect(Object.keys(JSON.parse(b.files['summary.json']))).toEqual(
      Object.keys(JSON.parse(a.files['summary.json'])),
    );
    // Explicit sessions keep their charger, times and ask; generated vehicles are drawn anew.
    const explicit = (r: string[][]) => r.filter((x) => x[1] === 'EXPLICIT').map((x) => x.slice(0, 8));
    expect(explicit(sb)).toEqual(explicit(sa));
    const generated = (r: string[][]) =>
      r.filter((x) => x[1] === 'GENERATED').map((x) => x.slice(2, 8).join(','));
    expect(generated(sb)).not.toEqual(generated(sa));
    // Noise: the office and PV demand differ at the same tick.
    const nc = (f: Files) =>
      f['timeseries.csv']
        .split('\n')
        .filter((r) => r.includes(',db-office,'))
        .map((r) => r.split(',')[5]);
    expect(nc(b.files)).not.toEqual(nc(a.files));
    expect(JSON.parse(b.files['manifest.json']).profile_sha256).toBe(
      JSON.parse(a.files['manifest.json']).profile_sha256,
    );
  });
});

describe('the profile formats', () => {
  it('read the same from YAML and from JSON', async () => {
    const raw = rawExample('legacy-day.yaml');
    const fromJson = JSON.parse(JSON.stringify(raw));
    expectSameBytes((await run(raw)).files, (await run(fromJson)).files);
  });
});
