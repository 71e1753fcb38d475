// simulator.md: a profile is validated completely before the first tick; an invalid one is
// rejected with every error listed (the API's codes and shape, PROFILE_* for the rest), exit
// status 2, and no artifact written.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateProfile } from '../index.ts';
import { runCli } from '../../tests/support/run-cli.ts';
import { rawExample } from './helpers.ts';

/** The legacy-day profile with one mistake of each kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function brokenProfile(): Record<string, any> {
  const p = structuredClone(rawExample('legacy-day.yaml')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  p.microgrid.limits.find((l: { id: string }) => l.id === 'lim-sb-a').hard_cap_kw = 450; // above sb-a's 400 kW rating
  p.vehicles.sessions[0].charger_id = 'ch-99'; // no such charger
  p.vehicles.sessions[1].arrive = '2026-03-02T09:00:00Z'; // after the run
  p.requests[0].circuit_id = '9999'; // no alias row
  p.requests.push({ type: 'CANONICAL_REBALANCE', at: '2026-03-02T05:00:00Z', scope_node_id: 'sb-z' }); // no such node
  p.telemetry = [
    { mode: 'STALE', asset_id: 'load-office', from: '2026-03-02T04:10:00Z', to: '2026-03-02T04:20:00Z' },
  ]; // no delay_s
  p.envelopes = [
    { type: 'WITHDRAW', at: '2026-03-02T05:00:00Z', source_id: 'dso', external_ref: 'x', reason: 'test' },
  ]; // nothing delivered
  p.loads.push({ asset_id: 'ch-01', shape: 'CONSTANT', kw: 5 }); // a charger has no load shape
  p.faults = [{ charger_id: 'ch-02', from: '2026-03-02T05:00:00Z', to: '2026-03-02T04:00:00Z' }]; // window backwards
  return p;
}

const EXPECTED = [
  { code: 'LIMIT_EXCEEDS_PHYSICAL_RATING', node_id: 'sb-a', policy_id: 'lim-sb-a', field: 'hard_cap_kw' },
  { code: 'PROFILE_INVALID', field: 'telemetry[0].delay_s' },
  { code: 'PROFILE_LOAD_TARGET_INVALID', field: 'loads[3].asset_id', asset_id: 'ch-01' },
  { code: 'PROFILE_RANGE_INVALID', field: 'faults[0].to', asset_id: 'ch-02' },
  { code: 'PROFILE_TIME_OUTSIDE_RUN', field: 'vehicles.sessions[1].arrive' },
  { code: 'PROFILE_UNKNOWN_CHARGER', field: 'vehicles.sessions[0].charger_id', asset_id: 'ch-99' },
  { code: 'PROFILE_UNKNOWN_CIRCUIT', field: 'requests[0].circuit_id', circuit_id: '9999' },
  { code: 'PROFILE_UNKNOWN_ENVELOPE', field: 'envelopes[0].external_ref' },
  { code: 'PROFILE_UNKNOWN_NODE', field: 'requests[8].scope_node_id', node_id: 'sb-z' },
];

const made: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sim-validate-'));
  made.push(d);
  return d;
}
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('an invalid profile', () => {
  it('is reported with every error at once, each with its code, ids and field', () => {
    const report = validateProfile(brokenProfile());
    expect(report.valid).toBe(false);
    for (const e of EXPECTED) expect(report.errors).toContainEqual(expect.objectContaining(e));
    for (const e of report.errors) expect(e.message.length).toBeGreaterThan(10);
    // Domain codes first (their rank), then the profile's.
    expect(report.errors[0]!.code).toBe('LIMIT_EXCEEDS_PHYSICAL_RATING');
  });

  it('makes `sim run` exit 2, list every error on stderr, and write nothing — not even the folder', async () => {
    const dir = tempDir();
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(brokenProfile()));
    const out = join(dir, 'artifacts');
    const r = await runCli(['sim', 'run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    for (const e of EXPECTED) expect(r.stderr).toContain(e.code);
    expect(r.stderr).toMatch(/INVALID .*\(\d+ errors/);
    expect(existsSync(out)).toBe(false);
  });

  it('makes `sim validate --json` exit 2 with {valid: false, errors, warnings}', async () => {
    const dir = tempDir();
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(brokenProfile()));
    const r = await runCli(['sim', 'validate', file, '--json']);
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout);
    expect(body.valid).toBe(false);
    expect(body.errors.length).toBeGreaterThanOrEqual(EXPECTED.length);
    expect(Array.isArray(body.warnings)).toBe(true);
  });

  it('reports structure problems with their path, and a YAML syntax error with its line', async () => {
    const p = rawExample('legacy-day.yaml');
    const report = validateProfile({
      ...p,
      tick_seconds: 'fast',
      requests: [{ type: 'LEGACY_REBALANCE', at: 'noon', circuit_id: '1042' }],
      extra: 1,
    });
    expect(report.errors).toContainEqual(
      expect.objectContaining({ code: 'PROFILE_INVALID', field: 'tick_seconds' }),
    );
    expect(report.errors).toContainEqual(
      expect.objectContaining({ code: 'PROFILE_INVALID', field: 'requests[0].at' }),
    );
    expect(report.errors.some((e) => e.code === 'PROFILE_INVALID' && e.message.includes('extra'))).toBe(true);

    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: x\nseed: [1,\n  start: 2026\n');
    const r = await runCli(['sim', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/PROFILE_INVALID.*not valid YAML \(line \d+/);
  });

  it('knows overlapping sessions, duplicates, unknown assets and releases of nothing bound', () => {
    const p = structuredClone(rawExample('legacy-day.yaml')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    p.vehicles.sessions.push({
      charger_id: 'ch-01',
      arrive: '2026-03-02T05:00:00Z',
      depart: '2026-03-02T05:30:00Z',
      energy_kwh: 10,
      max_kw: 22,
    });
    p.vehicles.sessions.push({
      id: 'bus-7',
      charger_id: 'ch-04',
      arrive: '2026-03-02T04:00:00Z',
      depart: '2026-03-02T04:30:00Z',
      energy_kwh: 10,
      max_kw: 22,
    });
    p.vehicles.sessions.push({
      id: 'bus-7',
      charger_id: 'ch-05',
      arrive: '2026-03-02T04:00:00Z',
      depart: '2026-03-02T04:30:00Z',
      energy_kwh: 10,
      max_kw: 22,
    });
    p.loads.push(
      { asset_id: 'load-office', shape: 'CONSTANT', kw: 1 },
      { asset_id: 'heat-pump', shape: 'CONSTANT', kw: 1 },
    );
    p.capability_events = [
      {
        type: 'RELEASE',
        at: '2026-03-02T05:00:00Z',
        capability: 'LOAD_CONTROL',
        scope_node_id: 'sb-b',
        source_id: 'ems',
      },
    ];
    const codes = validateProfile(p).errors.map((e) => e.code);
    expect([...codes].sort()).toEqual([
      'PROFILE_DUPLICATE_ID',
      'PROFILE_DUPLICATE_ID',
      'PROFILE_SESSION_OVERLAP',
      'PROFILE_UNKNOWN_ASSET',
      'PROFILE_UNKNOWN_BINDING',
    ]);
  });

  it('is accepted once the mistakes are fixed (the example itself)', async () => {
    const r = await runCli([
      'sim',
      'validate',
      join(import.meta.dirname, '..', '..', 'examples', 'profiles', 'legacy-day.yaml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid — profile "legacy-day"/);
  });
});
