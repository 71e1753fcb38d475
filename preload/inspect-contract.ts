// The bridge commands of the inspection screens (issue 7): Limits, Envelopes, Capabilities,
// Cycles and breaches. Merged into `Commands` (contract.ts). Type-only imports, like contract.ts.
//
// Every read takes an optional `connection_id`: absent, the microgrid is the local one (the shared
// use cases over the local store); present, it is read from that saved controller connection
// through the controller client (main/services/sync/controller-client.ts). Writes other than the
// limit policy set go to the local store only (a controller's envelopes, bindings, telemetry and
// cycles are read-only from the app).
import type {
  BindingRecord,
  Capability,
  CapabilityState,
  StatusEvent,
} from '../domain/capabilities/bindings.ts';
import type { CycleResult, TelemetrySample } from '../domain/cycle/types.ts';
import type { EnvelopeInput, EnvelopeView } from '../domain/envelopes/envelopes.ts';
import type { Asset, LimitPolicy, MicrogridIdentity, MicrogridNode } from '../domain/model.ts';
import type { CycleSummary, StoredBreach } from '../domain/ports.ts';
import type { ActiveLimitsView } from '../domain/usecases/active-limits.ts';
import type { ReceivedEnvelope } from '../domain/usecases/envelopes.ts';
import type { LimitsView } from '../domain/usecases/limits.ts';
import type { ScopeStatusView } from '../domain/usecases/capabilities.ts';

/** Where a screen's data came from. */
export type InspectSource =
  { kind: 'local' } | { kind: 'controller'; connection_id: string; name: string; url: string };

/** The microgrid a screen shows: identity, version and its tree (for names and the overlay). */
export interface InspectedMicrogrid {
  source: InspectSource;
  microgrid: MicrogridIdentity;
  version: number;
  updated_at: string;
  updated_by: string;
  nodes: MicrogridNode[];
  assets: Asset[];
}

export interface SourceChoice {
  microgrid_id: string;
  /** Whether the local store holds this microgrid. */
  local: boolean;
  connections: { id: string; name: string; url: string }[];
}

export interface LimitsScreenData extends InspectedMicrogrid {
  policies: LimitPolicy[];
}

/** One aliased node: the legacy circuit read beside the canonical effective limit at the same instant. */
export interface LegacyCircuitRow {
  circuit_id: string;
  node_id: string;
  /** What GET /api/circuit/{id} answers (the legacy read use case), or why it cannot. */
  legacy: { max_power_kw: number; available_capacity_kw: number; name: string } | null;
  error: { code: string; message: string } | null;
  canonical_effective_limit_kw: number | null;
  canonical_binding_source: string | null;
}

export interface EnvelopesScreenData extends InspectedMicrogrid {
  /** The instant statuses are given at. */
  at: string;
  envelopes: EnvelopeView[];
  /** The effective limits at `at` (the envelope term of each node and what binds it). */
  active: ActiveLimitsView;
  /** The legacy circuits, read now (the legacy API has no `at`); null for a controller source. */
  legacy: { at: string; rows: LegacyCircuitRow[] } | null;
}

export interface CapabilitiesScreenData extends InspectedMicrogrid {
  bindings: BindingRecord[];
  /** Latest state per (capability, scope), each with its history (oldest first). */
  statuses: ScopeStatusView[];
}

export interface CyclesScreenData extends InspectedMicrogrid {
  /** Newest first. */
  cycles: CycleSummary[];
  breaches: StoredBreach[];
  /** The newest cycle in full (null when there is none yet). */
  latest: CycleResult | null;
}

export interface InspectCommands {
  inspectSources: { input: { microgrid_id: string }; result: SourceChoice };
  limitsRead: { input: { microgrid_id: string; connection_id?: string }; result: LimitsScreenData };
  /** Replaces the whole policy set, based on `base_version` (CONFIG_VERSION_CONFLICT when stale). */
  limitsPut: {
    input: { microgrid_id: string; connection_id?: string; base_version: number; policies: LimitPolicy[] };
    result: LimitsView;
  };
  /** `at`: a UTC instant; now when absent. */
  limitsActive: {
    input: { microgrid_id: string; connection_id?: string; at?: string };
    result: ActiveLimitsView;
  };
  envelopesRead: {
    input: { microgrid_id: string; connection_id?: string; at?: string };
    result: EnvelopesScreenData;
  };
  envelopeReceive: { input: { microgrid_id: string; envelope: EnvelopeInput }; result: ReceivedEnvelope };
  envelopeWithdraw: {
    input: { microgrid_id: string; envelope_id: string; reason: string };
    result: EnvelopeView;
  };
  capabilitiesRead: {
    input: { microgrid_id: string; connection_id?: string };
    result: CapabilitiesScreenData;
  };
  capabilityBind: {
    input: { microgrid_id: string; capability: Capability; scope_node_id: string; source_id: string };
    result: { kind: 'CREATED' | 'EXISTING'; binding: BindingRecord };
  };
  capabilityRelease: { input: { microgrid_id: string; binding_id: string }; result: BindingRecord };
  capabilityEvent: {
    input: { microgrid_id: string; event: StatusEvent };
    result: { duplicate: boolean; event: StatusEvent };
  };
  cyclesRead: {
    input: { microgrid_id: string; connection_id?: string; limit?: number };
    result: CyclesScreenData;
  };
  cycleGet: {
    input: { microgrid_id: string; connection_id?: string; cycle_id: string };
    result: CycleResult;
  };
  /** A telemetry batch into the local store: stored whole or refused whole. */
  telemetryIngest: {
    input: { microgrid_id: string; samples: TelemetrySample[] };
    result: { microgrid_id: string; accepted: number };
  };
  /** One cycle on the local store at `at` (now when absent), trigger CANONICAL_REQUEST. */
  cycleRun: { input: { microgrid_id: string; at?: string; scope_node_id?: string }; result: CycleResult };
}

export type { Capability, CapabilityState };
