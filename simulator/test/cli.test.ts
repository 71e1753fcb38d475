// `microgrid sim run | diff` as a user runs them: the five artifacts and nothing else, --json with
// the summary only, diff exit 0 for identical runs and 1 with the first cycle that differs and how.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../tests/support/run-cli.ts';
import { PROFILES, rawExample } from './helpers.ts';

const legacy = join(PROFILES, 'legacy-day.yaml');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const made: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  made.push(d);
  return d;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('microgrid sim run', () => {
  it('writes exactly the five artifacts, the manifest naming their digests, and ends with a summary paragraph', async () => {
    const out = join(temp(), 'run');
    const r = await runCli(['sim', 'run', legacy, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(readdirSync(out).sort()).toEqual([
      'cycles.jsonl',
      'manifest.json',
      'sessions.csv',
      'summary.json',
      'timeseries.csv',
    ]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.artifacts).sort()).toEqual([
      'cycles.jsonl',
      'sessions.csv',
      'summary.json',
      'timeseries.csv',
    ]);
    for (const [name, digest] of Object.entries(manifest.artifacts))
      expect(sha(join(out, name))).toBe(digest);
    expect(readFileSync(join(out, 'timeseries.csv'), 'utf8').split('\n')[0]).toBe(
      'at,node_id,limit_kw,demand_kw,charging_kw,non_controllable_kw,source_mode',
    );
    expect(readFileSync(join(out, 'sessions.csv'), 'utf8').split('\n')[0]).toBe(
      'vehicle_id,origin,charger_id,arrive,depart,priority,max_kw,energy_kwh,delivered_kwh,unmet_kwh,status',
    );
    expect(r.stdout).toMatch(/^Ran "legacy-day" \(seed 3, in process\): 150 ticks of 60 s/);
    expect(r.stdout).toContain('34 cycles (by trigger: CANONICAL_REQUEST 1, LEGACY_ALIAS 3, SIMULATOR 30');
    expect(r.stdout).toContain('LEGACY_REBALANCE 409 CIRCUIT_ALIAS_NOT_RESOLVABLE 1');
    expect(r.stdout).toContain(`Artifacts in ${out}.`);
  });

  it('prints summary.json and nothing else with --json; --seed overrides the profile', async () => {
    const out = join(temp(), 'run');
    const r = await runCli(['sim', 'run', legacy, '--out', out, '--seed', '99', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(JSON.parse(r.stdout).seed).toBe(99);
  });

  it('refuses a bad --seed or --target as invalid input (exit 2)', async () => {
    expect((await runCli(['sim', 'run', legacy, '--seed', '-1'])).code).toBe(2);
    const r = await runCli(['sim', 'run', legacy, '--target', 'ftp://x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--target');
  });

  it('stops with exit 1 and a sentence when the controller cannot be reached, writing no artifact', async () => {
    const out = join(temp(), 'run');
    const r = await runCli(['sim', 'run', legacy, '--out', out, '--target', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach the controller at http:\/\/127\.0\.0\.1:9/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});

describe('microgrid sim diff', () => {
  it('exits 0 for two runs of the same profile and seed', async () => {
    const dir = temp();
    await runCli(['sim', 'run', legacy, '--out', join(dir, 'a')]);
    await runCli(['sim', 'run', legacy, '--out', join(dir, 'b')]);
    const r = await runCli(['sim', 'diff', join(dir, 'a'), join(dir, 'b')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^identical/);
  });

  it('exits 1 naming the first cycle that differs and which node, charger and field', async () => {
    const dir = temp();
    const changed = rawExample('legacy-day.yaml') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    changed.requests.find(
      (r: { type: string; circuit_id: string }) => r.type === 'LEGACY_TOU_WRITE' && r.circuit_id === '2001',
    ).body.tou_limits[0].max_power_kw = 150;
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(changed));
    await runCli(['sim', 'run', legacy, '--out', join(dir, 'a')]);
    await runCli(['sim', 'run', join(dir, 'changed.json'), '--out', join(dir, 'b')]);
    const r = await runCli(['sim', 'diff', join(dir, 'a'), join(dir, 'b')]);
    expect(r.code).toBe(1);
    // The write lands at 05:01; its window starts at 16:30 local = 05:30 UTC: after 18 scheduled
    // cycles (04:00–05:25) and 2 legacy ones (04:32, 05:02), line 21.
    expect(r.stdout).toContain(
      'first cycle that differs: line 21 of cycles.jsonl, at 2026-03-02T05:30:00Z, trigger SIMULATOR',
    );
    expect(r.stdout).toContain('nodes[sb-b].effective_limit_kw: 120 → 150');
    expect(r.stdout).toMatch(/setpoints\[ch-0[789]\]\.setpoint_kw: /);
    const json = await runCli(['sim', 'diff', join(dir, 'a'), join(dir, 'b'), '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.identical).toBe(false);
    expect(report.files['sessions.csv']).toBe('DIFFERENT');
    expect(report.first_cycle_difference.differences).toContainEqual({
      path: 'nodes[sb-b].effective_limit_kw',
      a: 120,
      b: 150,
    });
  });

  it('exits 2 when a folder holds no artifacts', async () => {
    const r = await runCli(['sim', 'diff', temp(), temp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds none of the artifacts');
  });
});
