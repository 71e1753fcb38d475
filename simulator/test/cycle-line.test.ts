// cycles.jsonl holds each cycle result as JSON.stringify writes it; the encoder reuses the text of
// rows unchanged since the last cycle, so it is held to JSON.stringify byte for byte: on every
// cycle of the example days, and on rows changed in each way a row can change.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CycleResult } from '../../domain/index.ts';
import { CycleLineEncoder } from '../artifacts/cycle-line.ts';
import { rawExample, run } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');

describe('cycles.jsonl lines', () => {
  it.each(['evening-peak.yaml', 'degraded-telemetry.yaml', 'legacy-day.yaml', 'envelope-cut.yaml'])(
    'equal JSON.stringify of the cycle result on every cycle of %s',
    async (name) => {
      const encode = CycleLineEncoder.prototype.encode;
      const lines: { ours: string; plain: string }[] = [];
      vi.spyOn(CycleLineEncoder.prototype, 'encode').mockImplementation(function (
        this: CycleLineEncoder,
        result: CycleResult,
      ) {
        const ours = encode.call(this, result);
        lines.push({ ours: Buffer.from(ours).toString('utf8'), plain: `${JSON.stringify(result)}\n` });
        return ours;
      });
      const { files } = await run(rawExample(name));
      expect(lines.length).toBeGreaterThan(10);
      for (const { ours, plain } of lines) expect(ours).toBe(plain);
      expect(files['cycles.jsonl']).toBe(lines.map((l) => l.plain).join(''));
    },
  );
});

describe('CycleLineEncoder', () => {
  const reasons = Object.freeze([Object.freeze({ code: 'NODE_HARD_CAP' as const, node_id: 'fd-1' })]);
  const row = (over: Record<string, unknown> = {}) => ({
    asset_id: 'ch-1',
    node_id: 'fd-1',
    state: 'DISPATCHED',
    priority: 5,
    requested_kw: 11,
    setpoint_kw: 7.5,
    reason_codes: reasons,
    ...over,
  });
  const node = (over: Record<string, unknown> = {}) => ({
    node_id: 'fd-1',
    effective_limit_kw: 50,
    binding_source: 'NODE_HARD_CAP',
    non_controllable_kw: 0,
    fixed_kw: 0,
    allocated_kw: 7.5,
    headroom_kw: 42.5,
    source_mode: 'MEASURED',
    ...over,
  });
  const result = (setpoints: unknown[], nodes: unknown[] = [node()]) =>
    ({
      cycle_id: 'c-1',
      microgrid_id: 'mg',
      reason_codes: [],
      setpoints,
      nodes,
      fallback: { stale_after_s: 60, fail_safe_after_s: 300, inputs: [] },
      breaches: [],
    }) as unknown as CycleResult;

  it('writes what JSON.stringify writes however a row changes between cycles', () => {
    const encoder = new CycleLineEncoder();
    // requested_kw and setpoint_kw swapped, both 11: the same values in the same places.
    const { requested_kw, setpoint_kw, reason_codes, ...head } = row({ setpoint_kw: 11 });
    const swapped = { ...head, setpoint_kw, requested_kw, reason_codes };
    const { reason_codes: _dropped, ...fewer } = row();
    const steps: CycleResult[] = [
      result([row(), row({ asset_id: 'ch-2' })]),
      result([row(), row({ asset_id: 'ch-2' })]),
      result([row({ setpoint_kw: 7.499 }), row({ asset_id: 'ch-2' })]),
      // Equal reasons in a new list (as a controller's JSON gives them), then different ones.
      result([row({ setpoint_kw: 7.499, reason_codes: [{ code: 'NODE_HARD_CAP', node_id: 'fd-1' }] })]),
      result([row({ setpoint_kw: 7.499, reason_codes: [{ code: 'ENVELOPE', node_id: 'fd-1' }] })]),
      result([row({ setpoint_kw: 7.499, reason_codes: [{ node_id: 'fd-1', code: 'ENVELOPE' }] })]),
      // The same values with the keys in another order, with one more key, with one less, each
      // after the plain row: the text must follow the keys, not only the values.
      result([row({ setpoint_kw: 11 })]),
      result([swapped]),
      result([row({ setpoint_kw: 11 })]),
      result([Object.fromEntries(Object.entries(row()).reverse())]),
      result([row()]),
      result([row({ note: 'x' })]),
      result([row()]),
      result([fewer]),
      result([row()]),
      result([Object.assign(Object.create({ inherited: 1 }) as object, row())]),
      result([row()]),
      result([{ ...row(), setpoint_kw: undefined }]),
      result([row({ setpoint_kw: null, state: 'EXTERNAL' })]),
      result(
        [row(), row({ asset_id: 'ch-3' }), row({ asset_id: 'ch-4' })],
        [node(), node({ node_id: 'fd-2' })],
      ),
      result([row()], [node({ allocated_kw: 8, headroom_kw: 42 })]),
      result([], []),
    ];
    for (const step of steps) expect(text(encoder.encode(step))).toBe(`${JSON.stringify(step)}\n`);
  });

  it('writes the whole result as JSON.stringify when its arrays are not where it expects them', () => {
    const encoder = new CycleLineEncoder();
    const { nodes, ...others } = result([row()]) as unknown as Record<string, unknown>;
    const reordered = { nodes, ...others } as unknown as CycleResult;
    expect(text(encoder.encode(reordered))).toBe(`${JSON.stringify(reordered)}\n`);
    const odd = { ...result([row()]), cycle_id: '"setpoints":0,"nodes":1' } as CycleResult;
    expect(text(encoder.encode(odd))).toBe(`${JSON.stringify(odd)}\n`);
  });

  it('copies unchanged rows and rebuilds changed ones wherever they are in a long list', () => {
    const encoder = new CycleLineEncoder();
    // 3,000 rows: the line outgrows the encoder's first buffer.
    const many = (change: (i: number) => Record<string, unknown>) =>
      result(Array.from({ length: 3000 }, (_, i) => row({ asset_id: `ch-${i}`, ...change(i) })));
    const steps = [
      many(() => ({})),
      many(() => ({})),
      many((i) => (i === 0 || i === 1500 || i === 2999 ? { setpoint_kw: 3.25 } : {})),
      many((i) => (i % 7 === 3 ? { requested_kw: i / 1000, state: 'EXTERNAL' } : {})),
      many((i) => (i % 2 === 0 ? { setpoint_kw: 0.1 + 0.2 } : {})),
      result([row(), row({ asset_id: 'ch-2' })]),
      many(() => ({})),
    ];
    for (const step of steps) expect(text(encoder.encode(step))).toBe(`${JSON.stringify(step)}\n`);
  });

  it('writes changed fields as JSON.stringify would: escapes, non-ASCII, odd numbers, left-out values', () => {
    const encoder = new CycleLineEncoder();
    const changes: Record<string, unknown>[] = [
      { node_id: 'fd-\u00e9\u4e2d\ud83d\ude00' },
      { node_id: 'say "hi"\\ \n\t\u0001' },
      { node_id: 'lone \ud800 surrogate' },
      { setpoint_kw: NaN },
      { setpoint_kw: -Infinity },
      { setpoint_kw: -0 },
      { setpoint_kw: 1e21 },
      { setpoint_kw: 5e-7 },
      { setpoint_kw: 123456789.123 },
      { setpoint_kw: undefined },
      { setpoint_kw: () => 1 },
      { setpoint_kw: new Date(0) },
      { setpoint_kw: { toJSON: (key: string) => `key:${key}` } },
      { setpoint_kw: true },
      { setpoint_kw: [1, undefined, { a: undefined }] },
      { priority: 9, state: 'OUT_OF_SCOPE', setpoint_kw: null },
    ];
    for (const change of changes) {
      const steps = [
        result([row(), row({ asset_id: 'ch-2' })]),
        result([row(change), row({ asset_id: 'ch-2' })]),
      ];
      for (const step of steps) expect(text(encoder.encode(step))).toBe(`${JSON.stringify(step)}\n`);
    }
  });

  it('equals JSON.stringify on any sequence of rows picked, changed and reordered at random', () => {
    const value = fc.oneof(
      fc.double(),
      fc.integer({ min: -5_000_000, max: 5_000_000 }).map((w) => w / 1000),
      fc.string(),
      fc.constantFrom(null, undefined, true, 'DISPATCHED'),
      fc.array(
        fc.record({ code: fc.constantFrom('AGGREGATE_LIMIT', 'NODE_HARD_CAP'), node_id: fc.string() }),
        {
          maxLength: 2,
        },
      ),
    );
    // Mostly rows of one shape (so changed values are rebuilt field by field), some of any keys.
    const rowArb = fc.oneof(
      { weight: 3, arbitrary: fc.record({ asset_id: value, node_id: value, 'x"y': value }) },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.constantFrom('asset_id', 'node_id', 'state', 'x"y'), value, {
          maxKeys: 4,
        }),
      },
    );
    // Each step picks, per position, one of a few rows (a pick repeated is a row unchanged) and
    // sometimes a copy of it (equal values in new objects).
    const steps = fc.array(fc.array(fc.tuple(fc.nat(2), fc.boolean()), { maxLength: 6 }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(rowArb, { minLength: 3, maxLength: 3 }), { minLength: 6, maxLength: 6 }),
        steps,
        (pool, picks) => {
          const encoder = new CycleLineEncoder();
          for (const pick of picks) {
            const rows = pick.map(([which, copy], i) => {
              const r = pool[i]![which]!;
              return copy ? structuredClone(r) : r;
            });
            const step = result(rows, rows.slice(0, 2));
            if (text(encoder.encode(step)) !== `${JSON.stringify(step)}\n`) return false;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
