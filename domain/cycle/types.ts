// The cycle's input and result on the wire (cycle.md §7, §8). This file is the contract between
// the cycle and its callers (CLI, controller, simulator, app); the algorithm lives beside it.
import type { BindingSource } from '../limits/effective.ts';
import type { Capability, CapabilityState } from '../capabilities/bindings.ts';
import type { EnvelopeSource, EnvelopeStatus } from '../envelopes/envelopes.ts';
import type { MicrogridDocument } from '../model.ts';

export const TRIGGERS = ['SCHEDULED', 'CANONICAL_REQUEST', 'LEGACY_ALIAS', 'SIMULATOR'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Ranked as in cycle.md §5: lists of reason codes are sorted by this order, then by node id. */
export const REASON_CODES = [
  'FAIL_SAFE_FALLBACK_UNAVAILABLE',
  'EXTERNAL_CONTROL_ACTIVE',
  'CHARGER_NONCOMPLIANCE',
  'NON_CONTROLLABLE_EXCEEDS_LIMIT',
  'OPERATING_ENVELOPE',
  'NODE_PHYSICAL_RATING',
  'NODE_HARD_CAP',
  'TOU_SCHEDULED_CAP',
  'AGGREGATE_LIMIT',
  'TELEMETRY_FALLBACK_DERIVED',
  'BELOW_MINIMUM_POWER',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReasonEntry {
  code: ReasonCode;
  node_id: string;
}

export type SourceMode = 'MEASURED' | 'FALLBACK_DERIVED';
export type Outcome = 'APPLIED' | 'FAIL_SAFE';
export type ChargerState = 'DISPATCHED' | 'EXTERNAL' | 'OUT_OF_SCOPE' | 'DISCONNECTED';

export interface NodeSample {
  node_id: string;
  at: string;
  demand_kw: number;
}

export interface AssetSample {
  asset_id: string;
  at: string;
  power_kw: number;
  connected?: boolean;
  requested_kw?: number;
  priority?: number;
}

export type TelemetrySample = NodeSample | AssetSample;

/** An envelope as the cycle reads it: terminal stamps are optional (absent = never happened). */
export interface CycleEnvelope {
  id: string;
  target_node_id: string;
  capacity_kw: number;
  valid_from: string;
  valid_to: string;
  source?: EnvelopeSource;
  superseded_at?: string | null;
  withdrawn_at?: string | null;
  /**
   * As read back from the store or the API. A terminal WITHDRAWN or SUPERSEDED without its stamp
   * counts as terminal at every instant; other values are recomputed from the window at `at`.
   */
  status?: EnvelopeStatus;
}

export interface CapabilityStatusInput {
  capability: Capability;
  scope_node_id: string;
  state: CapabilityState;
}

/** cycle.md §8: what `microgrid cycle FILE` reads and what the controller and simulator build. */
export interface CycleInput {
  microgrid: MicrogridDocument;
  at: string;
  scope_node_id?: string;
  settings?: { stale_after_s?: number; fail_safe_after_s?: number };
  envelopes?: CycleEnvelope[];
  capability_status?: CapabilityStatusInput[];
  telemetry?: { samples: TelemetrySample[] };
  previous_setpoints?: { asset_id: string; setpoint_kw: number }[];
}

export interface CycleOptions {
  /** Assigned by the caller's id port; the offline CLI derives one from the input. */
  cycleId?: string;
  trigger?: Trigger;
  legacyCircuitId?: string | null;
}

export interface SetpointResult {
  asset_id: string;
  node_id: string;
  state: ChargerState;
  priority: number;
  requested_kw: number;
  setpoint_kw: number | null;
  reason_codes: ReasonEntry[];
}

export interface NodeResult {
  node_id: string;
  effective_limit_kw: number;
  binding_source: BindingSource;
  non_controllable_kw: number;
  fixed_kw: number;
  allocated_kw: number;
  headroom_kw: number;
  source_mode: SourceMode;
}

export interface FallbackInput {
  asset_id: string;
  node_id: string;
  last_sample_at: string | null;
  age_s: number | null;
  reason: 'STALE' | 'MISSING';
  fallback_source: 'FALLBACK_KW' | 'PV_ZERO' | 'NONE';
  fallback_kw: number | null;
}

export interface BreachResult {
  node_id: string;
  measured_kw: number;
  limit_kw: number;
  excess_kw: number;
  binding_source: BindingSource;
  reason_codes: ReasonEntry[];
  primary_reason_code: ReasonCode;
}

export interface CycleResult {
  cycle_id: string;
  microgrid_id: string;
  scope_node_id: string;
  trigger: Trigger;
  legacy_circuit_id: string | null;
  at: string;
  config_version: number | null;
  source_mode: SourceMode;
  outcome: Outcome;
  reason_codes: ReasonEntry[];
  setpoints: SetpointResult[];
  nodes: NodeResult[];
  fallback: { stale_after_s: number; fail_safe_after_s: number; inputs: FallbackInput[] };
  breaches: BreachResult[];
}
