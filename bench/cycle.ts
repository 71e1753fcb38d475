// `cycle` and `cycle-scaling` (performance.md). Before timing anything each checks its answer: the
// fast runCycle against the literal reference procedure of cycle.md on a smaller instance of the
// same shape, and — with every min_kw at 0 — the allocated total against the optimum of the linear
// program (HiGHS). A wrong answer throws: no figure is printed for it. Timing and peak RSS come
// from a fresh process that only parses the input document (bench/cycle-child.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCycle, type CycleInput, type CycleResult } from '../domain/index.ts';
import { referenceCycle } from '../domain/cycle/reference.ts';
import type { CycleStats } from '../domain/cycle/run.ts';
import { allocatedTotalW, lpTotalW } from '../domain/cycle/test/lp.ts';
import { withoutMinimums } from '../domain/cycle/test/random-instance.ts';
import { benchCycleInput } from './cycle-instance.ts';
import { round3 } from './stats.ts';
import type { BenchResult } from './registry.ts';

const CHILD = join(import.meta.dirname, 'cycle-child.ts');

interface ChildFigures {
  runs: number;
  median_ms: number;
  p95_ms: number;
  min_ms: number;
  peak_rss_mb: number;
  peak_rss_after_all_runs_mb: number;
  input_rss_mb: number;
  page_faults_per_cycle: number;
  stats: CycleStats;
  result_copy_median_ms: number;
  result_copy_page_faults: number;
  hash: string;
}

const chargersOf = (input: CycleInput) => input.microgrid.assets.filter((a) => a.kind === 'CHARGER').length;
const hashOf = (result: CycleResult) => createHash('sha256').update(JSON.stringify(result)).digest('hex');

function checkAgainstReference(input: CycleInput, what: string): void {
  const fast = JSON.stringify(runCycle(input));
  const literal = JSON.stringify(referenceCycle(input));
  if (fast !== literal)
    throw new Error(
      `cycle bench: runCycle differs from the reference procedure on ${what}; refusing to time it`,
    );
}

async function checkAgainstLp(input: CycleInput, what: string): Promise<number> {
  const relaxed = withoutMinimums(input);
  const result = runCycle(relaxed);
  const optimum = await lpTotalW(relaxed, result);
  const total = allocatedTotalW(result);
  if (optimum !== total)
    throw new Error(
      `cycle bench: on ${what} with min_kw 0, runCycle allocates ${total} W, the LP optimum is ${optimum} W; refusing to time it`,
    );
  return total;
}

/** Times the cycle of `input` in a child process and checks it computed `expected`. */
function timeInChild(input: CycleInput, expected: CycleResult, runs: number, warmup: number): ChildFigures {
  const dir = mkdtempSync(join(tmpdir(), 'mg-cycle-bench-'));
  try {
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(input));
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', CHILD, file, String(runs), String(warmup)],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0)
      throw new Error(
        `cycle bench: the timing process failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`,
      );
    const figures = JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildFigures;
    if (figures.hash !== hashOf(expected))
      throw new Error(
        'cycle bench: the timing process computed a different result than the one checked; refusing to report it',
      );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCycle(): Promise<BenchResult> {
  checkAgainstReference(benchCycleInput([10, 10]), 'the 1,000-charger instance');
  const input = benchCycleInput([10, 10, 10]);
  const lpTotal = await checkAgainstLp(input, 'the 10,000-charger instance');
  const figures = timeInChild(input, runCycle(input), 60, 5);
  return {
    bench: 'cycle',
    n: chargersOf(input),
    median_ms: figures.median_ms,
    p95_ms: figures.p95_ms,
    min_ms: figures.min_ms,
    runs: figures.runs,
    nodes: input.microgrid.nodes.length,
    dispatched: figures.stats.dispatchable,
    min_power_drops: figures.stats.drops,
    drops_relevelled: figures.stats.relevels,
    drops_rerun_locally: figures.stats.localReruns,
    drops_rerun_below_slack_classes: figures.stats.slackClassesKept,
    drops_rerun_fully: figures.stats.fullReruns,
    drop_rerun_charger_fills: figures.stats.rerunChargers,
    peak_rss_mb: figures.peak_rss_mb,
    peak_rss_after_all_runs_mb: figures.peak_rss_after_all_runs_mb,
    input_rss_mb: figures.input_rss_mb,
    page_faults_per_cycle: figures.page_faults_per_cycle,
    checked:
      'reference procedure equal on the 1,000-charger instance of the same shape; LP optimum equal (min_kw 0) on this instance',
    lp_total_kw: lpTotal / 1000,
    target_ms: 10,
    load_average_1m: round3(loadavg()[0]!),
  };
}

/**
 * What mapping fresh memory in costs on this machine, in ms per MiB: 64 MiB newly allocated and
 * touched once per 4 KiB page, median of three. Memory a cycle has not touched before costs this
 * much on top of the work done in it (the kernel zeroes and maps each page on its first touch).
 */
function freshMemoryMsPerMb(): number {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const bytes = new Uint8Array(64 << 20);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
    times.push((performance.now() - t0) / 64);
  }
  return round3(times.sort((a, b) => a - b)[1]!);
}

/** 10× the chargers costs 10·log(10n)/log(n) times as much under n log n growth. */
const nLogNRatio = (n: number) => (10 * Math.log(10 * n)) / Math.log(n);

export async function benchCycleScaling(): Promise<BenchResult> {
  const shapes: number[][] = [
    [10, 10],
    [10, 10, 10],
    [10, 10, 10, 10],
  ];
  const sizes: Record<string, unknown>[] = [];
  const msPerMb = freshMemoryMsPerMb();
  for (const fanout of shapes) {
    const input = benchCycleInput(fanout);
    const n = chargersOf(input);
    if (n <= 1_100) checkAgainstReference(input, `${n} chargers`);
    await checkAgainstLp(input, `${n} chargers`);
    const figures = timeInChild(input, runCycle(input), n >= 100_000 ? 20 : 50, 3);
    sizes.push({
      chargers: n,
      nodes: input.microgrid.nodes.length,
      median_ms: figures.median_ms,
      p95_ms: figures.p95_ms,
      min_ms: figures.min_ms,
      runs: figures.runs,
      peak_rss_mb: figures.peak_rss_mb,
      peak_rss_after_all_runs_mb: figures.peak_rss_after_all_runs_mb,
      input_rss_mb: figures.input_rss_mb,
      dispatched: figures.stats.dispatchable,
      min_power_drops: figures.stats.drops,
      drop_rerun_charger_fills: figures.stats.rerunChargers,
      page_faults_per_cycle: figures.page_faults_per_cycle,
      result_copy_ms: figures.result_copy_median_ms,
      result_copy_page_faults: figures.result_copy_page_faults,
    });
  }
  const med = sizes.map((s) => s.median_ms as number);
  const counts = sizes.map((s) => s.chargers as number);
  const ratios = [med[1]! / med[0]!, med[2]! / med[1]!].map(round3);
  const bounds = [nLogNRatio(counts[0]!), nLogNRatio(counts[1]!)].map(round3);
  const largest = sizes[2]!;
  return {
    bench: 'cycle-scaling',
    n: counts[2]!,
    median_ms: largest.median_ms as number,
    p95_ms: largest.p95_ms as number,
    sizes,
    ratio_1k_to_10k: ratios[0],
    ratio_10k_to_100k: ratios[1],
    nlogn_ratio_1k_to_10k: bounds[0],
    nlogn_ratio_10k_to_100k: bounds[1],
    within_nlogn: ratios[0]! <= bounds[0]! && ratios[1]! <= bounds[1]!,
    // What n log n growth from the 10k median allows at 100k, against what creating the 100k
    // result's rows alone costs here (no cycle work): when the floor is above the budget, no cycle
    // returning that result can meet the growth target on this machine.
    nlogn_budget_100k_ms: round3(med[1]! * bounds[1]!),
    result_copy_100k_ms: largest.result_copy_ms,
    peak_rss_mb_100k: largest.peak_rss_mb,
    fresh_memory_ms_per_mb: msPerMb,
    checked: 'reference procedure equal at 1,000 chargers; LP optimum equal (min_kw 0) at every size',
    target_100k_ms: 150,
    target_rss_mb: 300,
    load_average_1m: round3(loadavg()[0]!),
  };
}
