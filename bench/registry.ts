// The benchmarks `microgrid bench` / `npm run bench -- NAME` know (performance.md). Each returns the
// figures of its one JSON line; each checks its own answer before timing anything.
import { benchValidate } from './validate.ts';
import { benchCycle, benchCycleScaling } from './cycle.ts';
import { benchApi } from './api.ts';
import { benchSimDay } from './sim-day.ts';
import { benchStore } from './store.ts';
import { benchUi } from './ui.ts';

export interface BenchResult {
  bench: string;
  n: number;
  median_ms: number;
  p95_ms: number;
  [figure: string]: unknown;
}

export const BENCHES: Record<string, () => Promise<BenchResult>> = {
  validate: benchValidate,
  cycle: benchCycle,
  'cycle-scaling': benchCycleScaling,
  api: benchApi,
  'sim-day': benchSimDay,
  store: benchStore,
  ui: benchUi,
};
