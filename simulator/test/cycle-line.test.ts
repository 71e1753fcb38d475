// cycles.jsonl holds each cycle result as JSON.stringify writes it; the encoder reuses the text of
// rows unchanged since the last cycle, so it is held to JSON.stringify byte for byte: on every
// cycle of the example days, and on rows changed in each way a row can change.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CycleResult } from '../../domain/index.ts';
import { CycleLineEncoder } from '../artifacts/cycle-line.ts';
import { rawExample, run } from './helpers.ts';

afterEach(() => vi.restoreAllMocks());

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
        lines.push({ ours, plain: JSON.stringify(result) });
        return ours;
      });
      const { files } = await run(rawExample(name));
      expect(lines.length).toBeGreaterThan(10);
      for (const { ours, plain } of lines) expect(ours).toBe(plain);
      expect(files['cycles.jsonl']).toBe(lines.map((l) => `${l.plain}\n`).join(''));
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
    for (const step of steps) expect(encoder.encode(step)).toBe(JSON.stringify(step));
  });

  it('writes the whole result as JSON.stringify when its arrays are not where it expects them', () => {
    const encoder = new CycleLineEncoder();
    const { nodes, ...others } = result([row()]) as unknown as Record<string, unknown>;
    const reordered = { nodes, ...others } as unknown as CycleResult;
    expect(encoder.encode(reordered)).toBe(JSON.stringify(reordered));
    const odd = { ...result([row()]), cycle_id: '"setpoints":0,"nodes":1' } as CycleResult;
    expect(encoder.encode(odd)).toBe(JSON.stringify(odd));
  });
});
