// Times runCycle in a process of its own, so that its peak RSS is the cycle's (plus its input) and
// not the checks' (HiGHS, the literal reference). Reads the cycle input document the parent wrote,
// as `microgrid cycle FILE` would, and prints one JSON line: timings, memory, and a hash of the
// result so the parent can tell it timed the answer it checked.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runCycleWithStats } from '../domain/cycle/run.ts';
import type { CycleInput, CycleResult, NodeResult, SetpointResult } from '../domain/index.ts';
import { peakRssMb, round3, timeRuns } from './stats.ts';

const [file, runsArg, warmupArg] = process.argv.slice(2);
const input = JSON.parse(readFileSync(file!, 'utf8')) as CycleInput;
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const runs = Number(runsArg);
const warmup = Number(warmupArg);
let last = runCycleWithStats(input);
// The memory one cycle needs: the process's peak after its first cycle (input included). Back-to-
// back timed runs then let garbage pile up until a major collection: reported separately.
const cyclePeakMb = process.resourceUsage().maxRSS / 1024;
// The first cycle above counts as one of the warm-up runs. Page faults (fresh memory the kernel
// maps in) are counted over the timed runs, per cycle.
for (let i = 1; i < warmup; i++) last = runCycleWithStats(input);
const faultsBefore = process.resourceUsage().minorPageFault;
const timing = timeRuns(() => (last = runCycleWithStats(input)), runs, 0);
const faultsPerCycle = (process.resourceUsage().minorPageFault - faultsBefore) / runs;
const hash = createHash('sha256').update(JSON.stringify(last.result)).digest('hex');
// What creating this result's rows alone costs here, with no cycle work: a floor under any cycle
// that returns them as objects. Its rows are copied into fresh objects with the same fields (the
// values shared, so no new numbers: a low floor), the last copy kept alive as the last result was.
let copy = copyRows(last.result);
const copyFaultsBefore = process.resourceUsage().minorPageFault;
const copyTiming = timeRuns(() => (copy = copyRows(last.result)), runs, warmup);
const copyFaultsPerRun = (process.resourceUsage().minorPageFault - copyFaultsBefore) / (runs + warmup);
process.stdout.write(
  `${JSON.stringify({
    ...timing,
    peak_rss_mb: round3(cyclePeakMb),
    peak_rss_after_all_runs_mb: peakRssMb(),
    input_rss_mb: round3(rssBeforeMb),
    page_faults_per_cycle: Math.round(faultsPerCycle),
    stats: last.stats,
    result_copy_median_ms: copyTiming.median_ms,
    result_copy_page_faults: Math.round(copyFaultsPerRun),
    result_copy_rows: copy.setpoints.length + copy.nodes.length,
    hash,
  })}\n`,
);

/** The setpoint and node rows of `r`, each a new object with the same fields (values shared). */
function copyRows(r: CycleResult): { setpoints: SetpointResult[]; nodes: NodeResult[] } {
  const setpoints = new Array<SetpointResult>(r.setpoints.length);
  for (let k = 0; k < setpoints.length; k++) {
    const s = r.setpoints[k]!;
    setpoints[k] = {
      asset_id: s.asset_id,
      node_id: s.node_id,
      state: s.state,
      priority: s.priority,
      requested_kw: s.requested_kw,
      setpoint_kw: s.setpoint_kw,
      reason_codes: s.reason_codes,
    };
  }
  const nodes = new Array<NodeResult>(r.nodes.length);
  for (let k = 0; k < nodes.length; k++) {
    const n = r.nodes[k]!;
    nodes[k] = {
      node_id: n.node_id,
      effective_limit_kw: n.effective_limit_kw,
      binding_source: n.binding_source,
      non_controllable_kw: n.non_controllable_kw,
      fixed_kw: n.fixed_kw,
      allocated_kw: n.allocated_kw,
      headroom_kw: n.headroom_kw,
      source_mode: n.source_mode,
    };
  }
  return { setpoints, nodes };
}
