// The bridge commands of the Simulator screen (issue 7). A run plays off the UI thread in a worker
// thread of the main process (the same `runSimulation` as `microgrid sim run`, artifacts in memory);
// the page starts it, polls its progress, may cancel it, then reads its charts, exports its five
// artifacts and compares two runs. Merged into `Commands` (contract.ts). Type-only imports.
import type { ValidationIssue } from '../domain/issues.ts';

export type ProfileFormat = 'json' | 'yaml';
export type ArtifactFileName =
  'cycles.jsonl' | 'timeseries.csv' | 'sessions.csv' | 'summary.json' | 'manifest.json';

export interface SimManifest {
  artifacts: Record<Exclude<ArtifactFileName, 'manifest.json'>, string>;
  profile_sha256: string;
  seed: number;
  tool: { name: string; version: string };
}

export type RunState = 'STARTING' | 'RUNNING' | 'DONE' | 'CANCELLED' | 'FAILED';

export interface RunView {
  run_id: string;
  /** Where the profile came from: an example's file name, an opened file, or "built from mg-north". */
  label: string;
  name: string;
  seed: number;
  /** The microgrid's time zone (charts show site time). */
  timezone: string | null;
  state: RunState;
  tick: number;
  ticks: number;
  /** The simulated instant just played. */
  at: string | null;
  cycles: number;
  error: { code: string; message: string } | null;
  /** Once DONE. */
  manifest: SimManifest | null;
  /** summary.json once DONE. */
  summary: Record<string, unknown> | null;
}

export interface ExampleProfile {
  /** The file name, e.g. evening-peak.yaml. */
  name: string;
  format: ProfileFormat;
}

export interface ProfileText {
  label: string;
  format: ProfileFormat;
  text: string;
}

/** Defaults for a profile built from the open microgrid; every member optional. */
export interface BuildProfileOptions {
  start?: string;
  duration_minutes?: number;
  tick_seconds?: number;
  seed?: number;
  /** Generated vehicles (default: two per charger). */
  vehicles?: number;
}

export interface ProfileCheck {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** When valid: a line describing it. */
  description: string | null;
}

/** One point per tick (thinned to at most a few hundred points for long runs). */
export interface NodeSeriesPoint {
  at: string;
  limit_kw: number | null;
  demand_kw: number;
  charging_kw: number;
  non_controllable_kw: number;
  source_mode: string;
}

export interface ReasonMark {
  at: string;
  code: string;
  /** How many setpoints, breaches or cycle entries listed it in that cycle. */
  count: number;
}

export interface RunCharts {
  run_id: string;
  node_ids: string[];
  node_id: string;
  root_node_id: string;
  /** The chosen node: demand, limit, charging, non-controllable. */
  node: NodeSeriesPoint[];
  /** The whole microgrid's charging power (the root's). */
  charging: { at: string; charging_kw: number }[];
  /** Reason codes over time, in rank order (cycle.md §5). */
  reason_codes: string[];
  reasons: ReasonMark[];
  /** Ticks per point after thinning (1 = every tick). */
  stride: number;
}

export interface RunComparison {
  run_a: string;
  run_b: string;
  identical: boolean;
  files: Record<ArtifactFileName, string>;
  first_cycle_difference: {
    line: number;
    at: string | null;
    trigger: string | null;
    cycle_id_a: string | null;
    cycle_id_b: string | null;
    differences: { path: string; a: unknown; b: unknown }[];
    truncated: boolean;
  } | null;
  first_row_differences: {
    file: string;
    line: number;
    a: string | null;
    b: string | null;
    columns: string[];
  }[];
}

export interface SimulatorCommands {
  simulatorExamples: { input: Record<string, never>; result: { profiles: ExampleProfile[] } };
  simulatorExample: { input: { name: string }; result: ProfileText };
  /** A profile from the local microgrid's document with sensible defaults (JSON text, editable). */
  simulatorBuildProfile: {
    input: { microgrid_id: string; options?: BuildProfileOptions };
    result: ProfileText;
  };
  simulatorValidate: { input: { format: ProfileFormat; text: string }; result: ProfileCheck };
  /** Answers once the worker has validated the profile: the run, or SIMULATOR_PROFILE_INVALID with every error. */
  simulatorStart: {
    input: { label: string; format: ProfileFormat; text: string; seed?: number };
    result: RunView;
  };
  simulatorRuns: { input: Record<string, never>; result: { runs: RunView[] } };
  simulatorProgress: { input: { run_id: string }; result: RunView };
  simulatorCancel: { input: { run_id: string }; result: RunView };
  simulatorCharts: { input: { run_id: string; node_id?: string }; result: RunCharts };
  /** Writes the five artifacts into `dir` (created when missing). */
  simulatorExport: { input: { run_id: string; dir: string }; result: { dir: string; files: string[] } };
  /** One artifact's text (browser mode downloads it). */
  simulatorArtifact: {
    input: { run_id: string; name: ArtifactFileName };
    result: { name: ArtifactFileName; text: string };
  };
  /** `sim diff` of two finished runs. */
  simulatorCompare: { input: { run_a: string; run_b: string }; result: RunComparison };
}
