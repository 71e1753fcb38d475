// `microgrid cycle` on every example of examples/cycles: the outcome written beside it (computed
// by hand, see examples/cycles/README.md), byte-identical on every run and for a copy with every
// array shuffled; invalid documents exit 2 with every error; the readable summary.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CycleInput, CycleResult, ReasonEntry } from '../domain/index.ts';
import { runCli } from './support/run-cli.ts';
import { shuffled } from './support/shuffle.ts';

const dir = join(import.meta.dirname, '..', 'examples', 'cycles');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
  .sort();

interface Expected {
  situation: string;
  exit_code: number;
  outcome: string;
  source_mode: string;
  reason_codes: string[];
  cycle_id?: string;
  scope_node_id?: string;
  setpoints: Record<string, { state: string; setpoint_kw: number | null; reason_codes: string[] }>;
  nodes?: Record<string, Record<string, unknown>>;
  fallback_inputs?: Record<string, unknown>[];
  breaches?: (Record<string, unknown> & { reason_codes: string[] })[];
}

const codes = (list: ReasonEntry[]) => list.map((r) => `${r.code}@${r.node_id}`);

/** The same document with every array reordered (TOU windows and their days too). */
function shuffledInput(input: CycleInput, seed: number): CycleInput {
  const doc = input.microgrid;
  return {
    ...input,
    microgrid: {
      ...doc,
      nodes: shuffled(doc.nodes, seed),
      assets: shuffled(doc.assets, seed + 1),
      limits: shuffled(
        doc.limits.map((l) => ({
          ...l,
          schedule: shuffled(
            l.schedule.map((w) => ({ ...w, days: shuffled(w.days, seed + 2) })),
            seed + 3,
          ),
        })),
        seed + 4,
      ),
      circuit_aliases: shuffled(doc.circuit_aliases, seed + 5),
    },
    envelopes: shuffled(input.envelopes ?? [], seed + 6),
    capability_status: shuffled(input.capability_status ?? [], seed + 7),
    telemetry: { samples: shuffled(input.telemetry?.samples ?? [], seed + 8) },
    previous_setpoints: shuffled(input.previous_setpoints ?? [], seed + 9),
  };
}

describe('microgrid cycle on the examples', () => {
  it('has one example per situation the issue names', () => {
    expect(examples.map((f) => f.replace('.json', ''))).toEqual(
      [
        'aggregate-limit',
        'below-minimum',
        'breach-noncompliance',
        'evening',
        'external-control',
        'fail-safe',
        'fallback-derived',
        'hard-cap',
        'measured',
        'non-controllable-exceeds-limit',
        'operating-envelope',
        'out-of-scope',
        'physical-rating',
        'tou-cap',
      ].sort(),
    );
  });

  it.each(examples)(
    '%s gives the outcome written beside it, the same bytes every run and shuffled',
    async (name) => {
      const file = join(dir, name);
      const expected = JSON.parse(readFileSync(file.replace('.json', '.expected.json'), 'utf8')) as Expected;
      const run = await runCli(['cycle', file, '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(expected.exit_code);
      const r = JSON.parse(run.stdout) as CycleResult;
      expect(r.outcome).toBe(expected.outcome);
      expect(r.source_mode).toBe(expected.source_mode);
      expect(codes(r.reason_codes)).toEqual(expected.reason_codes);
      expect(r.trigger).toBe('CANONICAL_REQUEST');
      if (expected.cycle_id) expect(r.cycle_id).toBe(expected.cycle_id);
      if (expected.scope_node_id) expect(r.scope_node_id).toBe(expected.scope_node_id);
      // Every charger is listed, in id order, with the expected state, setpoint and reasons.
      expect(r.setpoints.map((s) => s.asset_id)).toEqual(Object.keys(expected.setpoints).sort());
      for (const s of r.setpoints) {
        const want = expected.setpoints[s.asset_id]!;
        expect({
          asset: s.asset_id,
          state: s.state,
          setpoint_kw: s.setpoint_kw,
          reason_codes: codes(s.reason_codes),
        }).toEqual({ asset: s.asset_id, ...want });
      }
      for (const [id, want] of Object.entries(expected.nodes ?? {})) {
        const node = r.nodes.find((n) => n.node_id === id) as unknown as Record<string, unknown>;
        for (const [field, value] of Object.entries(want))
          expect({ node: id, field, value: node[field] }).toEqual({ node: id, field, value });
      }
      if (expected.fallback_inputs) expect(r.fallback.inputs).toEqual(expected.fallback_inputs);
      if (expected.breaches)
        expect(r.breaches.map((b) => ({ ...b, reason_codes: codes(b.reason_codes) }))).toEqual(
          expected.breaches,
        );

      const again = await runCli(['cycle', file, '--json']);
      expect(again.stdout).toBe(run.stdout);
      const tmp = mkdtempSync(join(tmpdir(), 'mg-cycle-'));
      for (const seed of [1, 2, 3]) {
        const copy = join(tmp, `shuffled-${seed}.json`);
        writeFileSync(
          copy,
          JSON.stringify(shuffledInput(JSON.parse(readFileSync(file, 'utf8')) as CycleInput, seed)),
        );
        const shuffledRun = await runCli(['cycle', copy, '--json']);
        expect(shuffledRun.stdout).toBe(run.stdout);
      }
    },
  );

  it('prints a readable summary: outcome, source mode, reasons, setpoints, nodes, fallback, breaches', async () => {
    const run = await runCli(['cycle', join(dir, 'breach-noncompliance.json')]);
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toMatch(
      /^Cycle cyc-mg-example-20260302T073000Z — microgrid mg-example at 2026-03-02T07:30:00Z/,
    );
    expect(text).toContain('Outcome APPLIED · source mode MEASURED');
    expect(text).toMatch(/c1 +fa +DISPATCHED +5 +50\.000 +33\.750 +OPERATING_ENVELOPE@grid/);
    expect(text).toMatch(/grid +150\.000 +OPERATING_ENVELOPE +15\.000 +0\.000 +135\.000 +0\.000 +MEASURED/);
    expect(text).toContain(
      'grid: measured 180.000 kW over its 150.000 kW limit by 30.000 kW (OPERATING_ENVELOPE); primary reason CHARGER_NONCOMPLIANCE',
    );
    const fallback = await runCli(['cycle', join(dir, 'fallback-derived.json')]);
    expect(fallback.stdout).toContain(
      'workshop at db: STALE, last sample 2026-03-02T07:25:00Z (300 s old) → FALLBACK_KW 30 kW',
    );
    expect(fallback.stdout).toContain('pv at db: MISSING, never seen → PV_ZERO 0 kW');
  });
});

describe('microgrid cycle on invalid input', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mg-cycle-invalid-'));
  const write = (name: string, value: unknown) => {
    const file = join(tmp, name);
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  };
  const example = () =>
    JSON.parse(readFileSync(join(dir, 'measured.json'), 'utf8')) as Record<string, unknown> & CycleInput;

  it('exits 2 listing every error, with --json as {errors} on stdout', async () => {
    const doc = example();
    doc.scope_node_id = 'nowhere';
    doc.envelopes = [
      {
        id: 'e1',
        target_node_id: 'ghost',
        capacity_kw: 10,
        valid_from: '2026-03-02T08:00:00Z',
        valid_to: '2026-03-02T07:00:00Z',
      },
    ];
    doc.telemetry!.samples.push({ asset_id: 'ch-unknown', at: '2026-03-02T07:29:00Z', power_kw: 1 });
    doc.previous_setpoints = [{ asset_id: 'workshop', setpoint_kw: 3 }];
    doc.microgrid.nodes[1]!.physical_rating_kw = 0;
    const run = await runCli(['cycle', write('refs.json', doc), '--json']);
    expect(run.code).toBe(2);
    const { errors } = JSON.parse(run.stdout) as { errors: { code: string; field?: string }[] };
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['RATING_INVALID', 'physical_rating_kw'],
      ['SCOPE_NODE_MISSING', 'scope_node_id'],
      ['ENVELOPE_TARGET_MISSING', 'envelopes[0].target_node_id'],
      ['ENVELOPE_WINDOW_INVALID', 'envelopes[0].valid_to'],
      ['TELEMETRY_UNKNOWN_POINT', 'telemetry.samples[6].asset_id'],
      ['PREVIOUS_SETPOINT_UNKNOWN_CHARGER', 'previous_setpoints[0].asset_id'],
    ]);
    expect(run.stderr).toContain('is not a valid cycle input (6 errors)');
    expect(run.stderr).toContain(
      'error SCOPE_NODE_MISSING (node nowhere, field scope_node_id): scope_node_id nowhere is not a node of microgrid mg-example',
    );
  });

  it('reports shape errors with their path, and bad JSON, as exit 2 without a stack trace', async () => {
    const doc = example();
    (doc as Record<string, unknown>).at = '2026-03-02 07:30';
    doc.telemetry!.samples.push({
      asset_id: 'c1',
      node_id: 'fa',
      at: '2026-03-02T07:29:00Z',
      power_kw: 1,
    } as never);
    doc.telemetry!.samples.push({
      asset_id: 'c1',
      at: '2026-03-02T07:29:00Z',
      power_kw: 1.0001,
      priority: 12,
    } as never);
    const run = await runCli(['cycle', write('shape.json', doc), '--json']);
    expect(run.code).toBe(2);
    const { errors } = JSON.parse(run.stdout) as { errors: { code: string; field?: string }[] };
    expect(errors.every((e) => e.code === 'DOCUMENT_INVALID')).toBe(true);
    expect(errors.map((e) => e.field)).toEqual([
      'at',
      'telemetry.samples[6]',
      'telemetry.samples[7].power_kw',
      'telemetry.samples[7].priority',
    ]);
    const bad = await runCli(['cycle', write('bad.json', '{"microgrid": ')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/DOCUMENT_INVALID: not valid JSON/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
    const missing = await runCli(['cycle', join(tmp, 'no-such-file.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*no-such-file\.json: no such file/);
  });
});
