// `microgrid cycle FILE [--json]`: one cycle, offline, on a cycle input document (cycle.md §8).
// The document is checked completely first (shape, the microgrid's own rules, every reference);
// invalid input is exit 2 with every error. --json prints the cycle result and nothing else.
import {
  issue,
  readCycleInput,
  runCycle,
  type CycleResult,
  type ReasonEntry,
  type ValidationIssue,
} from '../../domain/index.ts';
import { EXIT_INVALID, EXIT_OK, jsonText, parseJsonText, readText, type Io } from '../io.ts';
import { describeIssue } from './validate.ts';

/** Columns padded to their widest cell; numbers (and headers over them) right-aligned. */
export function table(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`);
}

const kw = (value: number | null) => (value === null ? '—' : value.toFixed(3));
const reasons = (list: readonly ReasonEntry[]) =>
  list.length ? list.map((r) => `${r.code}@${r.node_id}`).join(', ') : '—';

export function describeCycle(r: CycleResult): string {
  const out: string[] = [];
  const count = (state: string) => r.setpoints.filter((s) => s.state === state).length;
  out.push(`Cycle ${r.cycle_id} — microgrid ${r.microgrid_id} at ${r.at}`);
  out.push(
    `  scope ${r.scope_node_id} · trigger ${r.trigger}${r.legacy_circuit_id ? ` (legacy circuit ${r.legacy_circuit_id})` : ''} · configuration version ${r.config_version ?? '—'}`,
  );
  out.push(`Outcome ${r.outcome} · source mode ${r.source_mode}`);
  out.push(`Reasons: ${reasons(r.reason_codes)}`);
  out.push('');
  out.push(
    `Setpoints (${r.setpoints.length} chargers: ${count('DISPATCHED')} dispatched, ${count('EXTERNAL')} external, ${count('OUT_OF_SCOPE')} out of scope, ${count('DISCONNECTED')} disconnected)`,
  );
  out.push(
    ...table(
      ['charger', 'node', 'state', 'priority', 'requested kW', 'setpoint kW', 'reasons'],
      r.setpoints.map((s) => [
        s.asset_id,
        s.node_id,
        s.state,
        String(s.priority),
        kw(s.requested_kw),
        kw(s.setpoint_kw),
        reasons(s.reason_codes),
      ]),
      [false, false, false, true, true, true, false],
    ),
  );
  out.push('');
  out.push('Nodes');
  out.push(
    ...table(
      [
        'node',
        'limit kW',
        'binding source',
        'non-controllable kW',
        'fixed kW',
        'allocated kW',
        'headroom kW',
        'source mode',
      ],
      r.nodes.map((n) => [
        n.node_id,
        kw(n.effective_limit_kw),
        n.binding_source,
        kw(n.non_controllable_kw),
        kw(n.fixed_kw),
        kw(n.allocated_kw),
        kw(n.headroom_kw),
        n.source_mode,
      ]),
      [false, true, false, true, true, true, true, false],
    ),
  );
  out.push('');
  const f = r.fallback;
  out.push(
    `Telemetry fallback (stale after ${f.stale_after_s} s, fail-safe after ${f.fail_safe_after_s} s): ${f.inputs.length ? '' : 'every asset fresh'}`.trimEnd(),
  );
  for (const i of f.inputs) {
    const seen =
      i.last_sample_at === null ? 'never seen' : `last sample ${i.last_sample_at} (${i.age_s} s old)`;
    const used =
      i.fallback_source === 'NONE' ? 'no usable fallback' : `${i.fallback_source} ${i.fallback_kw} kW`;
    out.push(`  ${i.asset_id} at ${i.node_id}: ${i.reason}, ${seen} → ${used}`);
  }
  out.push(`Breaches: ${r.breaches.length ? '' : 'none'}`.trimEnd());
  for (const b of r.breaches) {
    out.push(
      `  ${b.node_id}: measured ${kw(b.measured_kw)} kW over its ${kw(b.limit_kw)} kW limit by ${kw(b.excess_kw)} kW (${b.binding_source}); primary reason ${b.primary_reason_code}; reasons ${reasons(b.reason_codes)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

export async function cycleCommand(file: string, opts: { json?: boolean }, io: Io): Promise<number> {
  const read = parseJsonText(await readText(file));
  const parsed = read.ok
    ? readCycleInput(read.value)
    : { ok: false as const, errors: [issue('DOCUMENT_INVALID', read.message)] as ValidationIssue[] };
  if (!parsed.ok) {
    if (opts.json) io.out(jsonText({ errors: parsed.errors }));
    const n = parsed.errors.length;
    io.err(
      `microgrid: ${file} is not a valid cycle input (${n} error${n === 1 ? '' : 's'}):\n${parsed.errors.map((e) => describeIssue('error', e)).join('\n')}\n`,
    );
    return EXIT_INVALID;
  }
  // Offline, on request: the trigger is CANONICAL_REQUEST, the id derived from the input.
  const result = runCycle(parsed.value, { trigger: 'CANONICAL_REQUEST' });
  io.out(opts.json ? jsonText(result) : describeCycle(result));
  return EXIT_OK;
}
