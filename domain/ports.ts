// The ports the use cases (domain/usecases/) run behind: a synchronous store, a clock and an id
// source. The controller plugs in SQLite through better-sqlite3, the desktop app SQLite through
// sql.js, the simulator the in-memory store; all three answer exactly the same way.
//
// Values handed to the store and read back from it are treated as immutable by every caller: the
// in-memory store keeps them by reference, the SQLite store copies them through JSON.
import type { AliasRow } from './aliases/aliases.ts';
import type { BindingRecord, StatusEvent } from './capabilities/bindings.ts';
import type { BreachResult, CycleResult, TelemetrySample } from './cycle/types.ts';
import type { EnvelopeEvent, EnvelopeRecord } from './envelopes/envelopes.ts';
import type { MicrogridDocument } from './model.ts';

/** Epoch milliseconds. The domain never reads the wall clock itself. */
export interface Clock {
  now(): number;
}

export type IdKind = 'envelope' | 'binding' | 'cycle';

/** Ids the system assigns (envelopes without a sender id, bindings, cycles). */
export interface IdSource {
  next(kind: IdKind): string;
}

export interface Ports {
  store: Store;
  clock: Clock;
  ids: IdSource;
}

// ---------------------------------------------------------------------------------------------
// Configuration: one version per microgrid, every version's full document kept.

export const REVISION_KINDS = ['CREATED', 'TOPOLOGY', 'LIMITS', 'ALIASES', 'LEGACY_TOU'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export interface Revision {
  version: number;
  at: string;
  by: string;
  kind: RevisionKind;
  summary: string;
}

/** A document as stored: always with its version and who wrote it when. */
export type StoredDocument = MicrogridDocument & { version: number; updated_at: string; updated_by: string };

export interface MicrogridSummary {
  id: string;
  depot_id: string;
  name: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface ConfigStore {
  /** By id. */
  listMicrogrids(): MicrogridSummary[];
  currentVersion(microgridId: string): number | undefined;
  /** The current document, or the one of an earlier `version`. */
  document(microgridId: string, version?: number): StoredDocument | undefined;
  /** Revisions with a version above `afterVersion` (all by default), oldest first. */
  revisions(microgridId: string, afterVersion?: number): Revision[];
  /**
   * Appends one version: `doc.version` must be the current version + 1 (1 for a new microgrid)
   * and equal `revision.version`; the store throws otherwise. The new document becomes current.
   */
  appendVersion(doc: StoredDocument, revision: Revision): void;
  /** Alias rows of the current documents of every microgrid for one circuit id. */
  aliasRows(circuitId: string): AliasRow[];
}

// ---------------------------------------------------------------------------------------------
// Operating envelopes: the received record never changes; supersede and withdraw are appended
// events, and the record read back carries the stamps those events imply.

export interface EnvelopeStore {
  /** Every envelope of the microgrid, history included, by id. */
  envelopes(microgridId: string): EnvelopeRecord[];
  envelope(microgridId: string, envelopeId: string): EnvelopeRecord | undefined;
  envelopeBySourceRef(microgridId: string, sourceId: string, externalRef: string): EnvelopeRecord | undefined;
  /** Envelopes from one source on one node that have not ended by `t` (valid_to > t), by id. */
  envelopesFromSource(
    microgridId: string,
    sourceId: string,
    targetNodeId: string,
    t: number,
  ): EnvelopeRecord[];
  /** Envelopes whose validity window contains `t` (terminal ones included), by id. */
  envelopesCovering(microgridId: string, t: number): EnvelopeRecord[];
  /** Stores a new envelope with its events (normally one RECEIVED). */
  insertEnvelope(microgridId: string, envelope: EnvelopeRecord): void;
  /** Appends SUPERSEDED or WITHDRAWN to an envelope's history. */
  appendEnvelopeEvent(microgridId: string, envelopeId: string, event: EnvelopeEvent): void;
}

// ---------------------------------------------------------------------------------------------
// Capability bindings and status events.

export interface StoredStatusEvent extends StatusEvent {
  received_at: string;
}

export interface CapabilityStore {
  /** By id. */
  bindings(microgridId: string): BindingRecord[];
  binding(microgridId: string, bindingId: string): BindingRecord | undefined;
  insertBinding(microgridId: string, binding: BindingRecord): void;
  /** A release: status and released_at change, nothing else. */
  updateBinding(microgridId: string, binding: BindingRecord): void;
  capabilityEvent(microgridId: string, sourceId: string, eventRef: string): StoredStatusEvent | undefined;
  appendCapabilityEvent(microgridId: string, event: StoredStatusEvent): void;
  /** Every event, in arrival order. */
  capabilityEvents(microgridId: string): StoredStatusEvent[];
  /**
   * Per (capability, scope) the events with the greatest observed_at (ties included): enough to
   * pick the latest status without reading the whole history.
   */
  latestCapabilityEventCandidates(microgridId: string): StoredStatusEvent[];
}

// ---------------------------------------------------------------------------------------------
// Telemetry, cycles, breaches, alias usage: append-only history.

export interface TelemetryStore {
  appendSamples(microgridId: string, samples: readonly TelemetrySample[], receivedAt: number): void;
  /** For every node and asset with samples, its latest sample at or before `t`. */
  latestSamples(microgridId: string, t: number): TelemetrySample[];
}

export interface StoredBreach extends BreachResult {
  cycle_id: string;
  microgrid_id: string;
  at: string;
}

export interface CycleSummary {
  cycle_id: string;
  microgrid_id: string;
  scope_node_id: string;
  trigger: CycleResult['trigger'];
  legacy_circuit_id: string | null;
  at: string;
  config_version: number | null;
  source_mode: CycleResult['source_mode'];
  outcome: CycleResult['outcome'];
  reason_codes: CycleResult['reason_codes'];
  breach_count: number;
}

export interface CycleStore {
  /** Stores the result and its breaches. */
  appendCycle(result: CycleResult): void;
  /** Newest first: by `at`, then by the order they were stored. */
  cycles(microgridId: string, limit: number): CycleSummary[];
  cycle(microgridId: string, cycleId: string): CycleResult | undefined;
  /** The newest cycle at or before `t` (all cycles when `t` is omitted). */
  latestCycle(microgridId: string, t?: number): CycleResult | undefined;
  /** Setpoints of the newest cycle at or before `t` (chargers with a numeric setpoint). */
  previousSetpoints(microgridId: string, t: number): { asset_id: string; setpoint_kw: number }[];
  /** Newest first, then by node id; `since` (epoch ms) keeps cycles at or after it. */
  breaches(microgridId: string, since: number | undefined, limit: number): StoredBreach[];
}

export interface AliasUsage {
  at: string;
  endpoint: string;
  circuit_id: string;
  microgrid_id: string | null;
  node_id: string | null;
  /** RESOLVED, or the failure code answered. */
  outcome: string;
  client: string;
}

export interface AliasUsageStore {
  appendAliasUsage(row: AliasUsage): void;
  /** Newest first; `since` (epoch ms) keeps rows at or after it. */
  aliasUsage(filter: { circuit_id?: string; since?: number; limit: number }): AliasUsage[];
}

export interface Store
  extends ConfigStore, EnvelopeStore, CapabilityStore, TelemetryStore, CycleStore, AliasUsageStore {
  /** Runs `fn` atomically: everything it stored, or nothing if it throws. Nests. */
  transaction<T>(fn: () => T): T;
}
