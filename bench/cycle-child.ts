// Times runCycle in a process of its own, so that its peak RSS is the cycle's (plus its input) and
// not the checks' (HiGHS, the literal reference). Reads the cycle input document the parent wrote,
// as `microgrid cycle FILE` would, and prints one JSON line: timings, memory, and a hash of the
// result so the parent can tell it timed the answer it checked.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runCycleWithStats } from '../domain/cycle/run.ts';
import type { CycleInput } from '../domain/index.ts';
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
process.stdout.write(
  `${JSON.stringify({
    ...timing,
    peak_rss_mb: round3(cyclePeakMb),
    peak_rss_after_all_runs_mb: peakRssMb(),
    input_rss_mb: round3(rssBeforeMb),
    page_faults_per_cycle: Math.round(faultsPerCycle),
    stats: last.stats,
    hash,
  })}\n`,
);
