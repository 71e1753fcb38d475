// Timing helpers for the benchmarks: medians and percentiles, never a single run.

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface Timing {
  runs: number;
  median_ms: number;
  p95_ms: number;
  min_ms: number;
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed. */
export function timeRuns(fn: () => unknown, runs: number, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    runs,
    median_ms: round3(percentile(times, 50)),
    p95_ms: round3(percentile(times, 95)),
    min_ms: round3(times[0]!),
  };
}

export function peakRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return round3(process.resourceUsage().maxRSS / 1024);
}
