// The Simulator screen's page state (zustand): the profile being edited, the seed, the runs the
// main process reports and the one shown. Kept while moving between screens; the runs themselves
// live in main and go on while the screen is closed.
import { create } from 'zustand';
import type { BridgeError } from '../../../../preload/contract.ts';
import type {
  ProfileFormat,
  RunCharts,
  RunComparison,
  RunView,
} from '../../../../preload/simulator-contract.ts';

export interface ProfileDraft {
  label: string;
  format: ProfileFormat;
  text: string;
}

interface SimState {
  profile: ProfileDraft | null;
  seed: string;
  runs: RunView[];
  selected: string | null;
  charts: RunCharts | null;
  error: BridgeError | null;
  comparison: RunComparison | null;
  setProfile(p: ProfileDraft | null): void;
  setSeed(seed: string): void;
  setRuns(runs: RunView[]): void;
  upsertRun(run: RunView): void;
  select(runId: string | null): void;
  setCharts(charts: RunCharts | null): void;
  setError(error: BridgeError | null): void;
  setComparison(c: RunComparison | null): void;
}

export const useSim = create<SimState>()((set, get) => ({
  profile: null,
  seed: '',
  runs: [],
  selected: null,
  charts: null,
  error: null,
  comparison: null,
  setProfile: (profile) => set({ profile }),
  setSeed: (seed) => set({ seed }),
  setRuns: (runs) => set({ runs }),
  upsertRun(run) {
    const runs = get().runs;
    set({
      runs: runs.some((r) => r.run_id === run.run_id)
        ? runs.map((r) => (r.run_id === run.run_id ? run : r))
        : [...runs, run],
    });
  },
  select: (selected) => set({ selected, charts: null }),
  setCharts: (charts) => set({ charts }),
  setError: (error) => set({ error }),
  setComparison: (comparison) => set({ comparison }),
}));

export function isRunning(run: RunView | undefined): boolean {
  return run?.state === 'RUNNING' || run?.state === 'STARTING';
}
