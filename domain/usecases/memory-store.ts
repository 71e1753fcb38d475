// The store port held in memory: for the simulator (which runs the same use cases in process and
// must stay fast and deterministic) and for tests. Pure TypeScript, so the simulator may use it.
// It answers exactly as the SQLite store does; one contract test runs against both.
// Transactions keep an undo log: a throwing `fn` leaves everything as it was.
import { compareIds } from '../ids.ts';
import type { AliasRow } from '../aliases/aliases.ts';
import type { BindingRecord } from '../capabilities/bindings.ts';
import type { CycleResult, TelemetrySample } from '../cycle/types.ts';
import type { EnvelopeEvent, EnvelopeRecord } from '../envelopes/envelopes.ts';
import { parseInstant } from '../instant.ts';
import type {
  AliasUsage,
  CycleSummary,
  IdKind,
  IdSource,
  MicrogridSummary,
  Revision,
  Store,
  StoredBreach,
  StoredDocument,
  StoredStatusEvent,
} from '../ports.ts';
import { envelopeWithEvents, samplePoint } from './records.ts';

type Received = Omit<
  EnvelopeRecord,
  'events' | 'superseded_by' | 'superseded_at' | 'withdrawn_at' | 'withdraw_reason'
>;

interface StoredCycle {
  seq: number;
  atMs: number;
  result: CycleResult;
}

interface MicrogridState {
  versions: StoredDocument[];
  revisions: Revision[];
  envelopes: Map<string, { received: Received; events: EnvelopeEvent[] }>;
  bindings: Map<string, BindingRecord>;
  capabilityEvents: StoredStatusEvent[];
  capabilityEventByRef: Map<string, StoredStatusEvent>;
  /** Per point, samples sorted by time; equal times keep arrival order. */
  telemetry: Map<string, { atMs: number; sample: TelemetrySample }[]>;
  /** Sorted by (at, seq). */
  cycles: StoredCycle[];
  cycleById: Map<string, StoredCycle>;
}

function upperBound<T>(list: readonly T[], key: (t: T) => number, value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(list[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function summarize(r: CycleResult): CycleSummary {
  return {
    cycle_id: r.cycle_id,
    microgrid_id: r.microgrid_id,
    scope_node_id: r.scope_node_id,
    trigger: r.trigger,
    legacy_circuit_id: r.legacy_circuit_id,
    at: r.at,
    config_version: r.config_version,
    source_mode: r.source_mode,
    outcome: r.outcome,
    reason_codes: r.reason_codes,
    breach_count: r.breaches.length,
  };
}

export { summarize as cycleSummary };

export function breachesOf(r: CycleResult): StoredBreach[] {
  return r.breaches.map((b) => ({ cycle_id: r.cycle_id, microgrid_id: r.microgrid_id, at: r.at, ...b }));
}

export class MemoryStore implements Store {
  private readonly grids = new Map<string, MicrogridState>();
  private readonly usage: { atMs: number; row: AliasUsage }[] = [];
  private seq = 0;
  private undo: (() => void)[] | null = null;

  transaction<T>(fn: () => T): T {
    const outer = this.undo === null;
    if (outer) this.undo = [];
    const mark = this.undo!.length;
    try {
      const out = fn();
      if (outer) this.undo = null;
      return out;
    } catch (e) {
      const log = this.undo!;
      while (log.length > mark) log.pop()!();
      if (outer) this.undo = null;
      throw e;
    }
  }

  private onUndo(fn: () => void): void {
    this.undo?.push(fn);
  }

  private state(microgridId: string): MicrogridState | undefined {
    return this.grids.get(microgridId);
  }

  // --- configuration -------------------------------------------------------------------------

  listMicrogrids(): MicrogridSummary[] {
    return [...this.grids.values()]
      .map((s) => s.versions[s.versions.length - 1]!)
      .map((d) => ({
        id: d.microgrid.id,
        depot_id: d.microgrid.depot_id,
        name: d.microgrid.name,
        version: d.version,
        updated_at: d.updated_at,
        updated_by: d.updated_by,
      }))
      .sort((a, b) => compareIds(a.id, b.id));
  }

  currentVersion(microgridId: string): number | undefined {
    return this.state(microgridId)?.versions.length || undefined;
  }

  document(microgridId: string, version?: number): StoredDocument | undefined {
    const s = this.state(microgridId);
    if (!s) return undefined;
    return version === undefined
      ? s.versions[s.versions.length - 1]
      : Number.isInteger(version) && version >= 1
        ? s.versions[version - 1]
        : undefined;
  }

  revisions(microgridId: string, afterVersion = 0): Revision[] {
    return (this.state(microgridId)?.revisions ?? []).filter((r) => r.version > afterVersion);
  }

  appendVersion(doc: StoredDocument, revision: Revision): void {
    const id = doc.microgrid.id;
    let s = this.state(id);
    const expected = (s?.versions.length ?? 0) + 1;
    if (doc.version !== expected || revision.version !== expected) {
      throw new Error(
        `appendVersion: microgrid ${id} expects version ${expected}, got ${doc.version}/${revision.version}`,
      );
    }
    if (!s) {
      s = {
        versions: [],
        revisions: [],
        envelopes: new Map(),
        bindings: new Map(),
        capabilityEvents: [],
        capabilityEventByRef: new Map(),
        telemetry: new Map(),
        cycles: [],
        cycleById: new Map(),
      };
      this.grids.set(id, s);
      this.onUndo(() => this.grids.delete(id));
    }
    const state = s;
    state.versions.push(structuredClone(doc));
    state.revisions.push({ ...revision });
    this.onUndo(() => {
      state.versions.pop();
      state.revisions.pop();
    });
  }

  aliasRows(circuitId: string): AliasRow[] {
    const out: AliasRow[] = [];
    for (const s of this.grids.values()) {
      const d = s.versions[s.versions.length - 1]!;
      for (const a of d.circuit_aliases)
        if (a.circuit_id === circuitId)
          out.push({ microgrid_id: d.microgrid.id, circuit_id: a.circuit_id, node_id: a.node_id });
    }
    return out.sort((a, b) => compareIds(a.microgrid_id, b.microgrid_id) || compareIds(a.node_id, b.node_id));
  }

  // --- envelopes -----------------------------------------------------------------------------

  private envelopeList(microgridId: string, keep: (r: Received) => boolean = () => true): EnvelopeRecord[] {
    const s = this.state(microgridId);
    if (!s) return [];
    const out: EnvelopeRecord[] = [];
    for (const e of s.envelopes.values())
      if (keep(e.received)) out.push(envelopeWithEvents(e.received, e.events));
    return out.sort((a, b) => compareIds(a.id, b.id));
  }

  envelopes(microgridId: string): EnvelopeRecord[] {
    return this.envelopeList(microgridId);
  }

  envelope(microgridId: string, envelopeId: string): EnvelopeRecord | undefined {
    const e = this.state(microgridId)?.envelopes.get(envelopeId);
    return e ? envelopeWithEvents(e.received, e.events) : undefined;
  }

  envelopeBySourceRef(
    microgridId: string,
    sourceId: string,
    externalRef: string,
  ): EnvelopeRecord | undefined {
    return this.envelopeList(
      microgridId,
      (r) => r.source.source_id === sourceId && r.source.external_ref === externalRef,
    )[0];
  }

  envelopesFromSource(
    microgridId: string,
    sourceId: string,
    targetNodeId: string,
    t: number,
  ): EnvelopeRecord[] {
    return this.envelopeList(
      microgridId,
      (r) =>
        r.source.source_id === sourceId && r.target_node_id === targetNodeId && parseInstant(r.valid_to) > t,
    );
  }

  envelopesCovering(microgridId: string, t: number): EnvelopeRecord[] {
    return this.envelopeList(
      microgridId,
      (r) => parseInstant(r.valid_from) <= t && t < parseInstant(r.valid_to),
    );
  }

  insertEnvelope(microgridId: string, envelope: EnvelopeRecord): void {
    const s = this.requireState(microgridId);
    if (s.envelopes.has(envelope.id)) throw new Error(`insertEnvelope: envelope ${envelope.id} exists`);
    const {
      events,
      superseded_by: _a,
      superseded_at: _b,
      withdrawn_at: _c,
      withdraw_reason: _d,
      ...received
    } = structuredClone(envelope);
    s.envelopes.set(envelope.id, { received, events });
    this.onUndo(() => s.envelopes.delete(envelope.id));
  }

  appendEnvelopeEvent(microgridId: string, envelopeId: string, event: EnvelopeEvent): void {
    const e = this.requireState(microgridId).envelopes.get(envelopeId);
    if (!e) throw new Error(`appendEnvelopeEvent: no envelope ${envelopeId}`);
    e.events.push({ ...event });
    this.onUndo(() => e.events.pop());
  }

  // --- capabilities --------------------------------------------------------------------------

  bindings(microgridId: string): BindingRecord[] {
    return [...(this.state(microgridId)?.bindings.values() ?? [])].sort((a, b) => compareIds(a.id, b.id));
  }

  binding(microgridId: string, bindingId: string): BindingRecord | undefined {
    return this.state(microgridId)?.bindings.get(bindingId);
  }

  insertBinding(microgridId: string, binding: BindingRecord): void {
    const s = this.requireState(microgridId);
    if (s.bindings.has(binding.id)) throw new Error(`insertBinding: binding ${binding.id} exists`);
    s.bindings.set(binding.id, { ...binding });
    this.onUndo(() => s.bindings.delete(binding.id));
  }

  updateBinding(microgridId: string, binding: BindingRecord): void {
    const s = this.requireState(microgridId);
    const before = s.bindings.get(binding.id);
    if (!before) throw new Error(`updateBinding: no binding ${binding.id}`);
    s.bindings.set(binding.id, { ...before, status: binding.status, released_at: binding.released_at });
    this.onUndo(() => s.bindings.set(binding.id, before));
  }

  capabilityEvent(microgridId: string, sourceId: string, eventRef: string): StoredStatusEvent | undefined {
    return this.state(microgridId)?.capabilityEventByRef.get(`${sourceId}\u0000${eventRef}`);
  }

  appendCapabilityEvent(microgridId: string, event: StoredStatusEvent): void {
    const s = this.requireState(microgridId);
    const key = `${event.source_id}\u0000${event.event_ref}`;
    if (s.capabilityEventByRef.has(key))
      throw new Error(`appendCapabilityEvent: event ${event.event_ref} of ${event.source_id} exists`);
    const copy = { ...event };
    s.capabilityEvents.push(copy);
    s.capabilityEventByRef.set(key, copy);
    this.onUndo(() => {
      s.capabilityEvents.pop();
      s.capabilityEventByRef.delete(key);
    });
  }

  capabilityEvents(microgridId: string): StoredStatusEvent[] {
    return [...(this.state(microgridId)?.capabilityEvents ?? [])];
  }

  latestCapabilityEventCandidates(microgridId: string): StoredStatusEvent[] {
    const best = new Map<string, { ms: number; events: StoredStatusEvent[] }>();
    for (const e of this.state(microgridId)?.capabilityEvents ?? []) {
      const key = `${e.capability}\u0000${e.scope_node_id}`;
      const ms = Date.parse(e.observed_at);
      const held = best.get(key);
      if (!held || ms > held.ms) best.set(key, { ms, events: [e] });
      else if (ms === held.ms) held.events.push(e);
    }
    return [...best.values()].flatMap((b) => b.events);
  }

  // --- telemetry -----------------------------------------------------------------------------

  appendSamples(microgridId: string, samples: readonly TelemetrySample[], _receivedAt: number): void {
    const s = this.requireState(microgridId);
    const added: {
      list: { atMs: number; sample: TelemetrySample }[];
      entry: { atMs: number; sample: TelemetrySample };
    }[] = [];
    for (const sample of samples) {
      const key = samplePoint(sample);
      let list = s.telemetry.get(key);
      if (!list) {
        list = [];
        s.telemetry.set(key, list);
      }
      const entry = { atMs: parseInstant(sample.at), sample: { ...sample } };
      const last = list[list.length - 1];
      if (!last || last.atMs <= entry.atMs) list.push(entry);
      else
        list.splice(
          upperBound(list, (x) => x.atMs, entry.atMs),
          0,
          entry,
        );
      added.push({ list, entry });
    }
    if (this.undo) {
      this.onUndo(() => {
        for (let i = added.length - 1; i >= 0; i--) {
          const { list, entry } = added[i]!;
          list.splice(list.lastIndexOf(entry), 1);
        }
      });
    }
  }

  latestSamples(microgridId: string, t: number): TelemetrySample[] {
    const out: TelemetrySample[] = [];
    for (const list of this.state(microgridId)?.telemetry.values() ?? []) {
      const last = list[list.length - 1];
      if (!last) continue;
      if (last.atMs <= t) out.push(last.sample);
      else {
        const i = upperBound(list, (x) => x.atMs, t);
        if (i > 0) out.push(list[i - 1]!.sample);
      }
    }
    return out;
  }

  // --- cycles and breaches -------------------------------------------------------------------

  appendCycle(result: CycleResult): void {
    const s = this.requireState(result.microgrid_id);
    if (s.cycleById.has(result.cycle_id)) throw new Error(`appendCycle: cycle ${result.cycle_id} exists`);
    const entry: StoredCycle = { seq: ++this.seq, atMs: parseInstant(result.at), result };
    const i = upperBound(s.cycles, (c) => c.atMs, entry.atMs);
    s.cycles.splice(i, 0, entry);
    s.cycleById.set(result.cycle_id, entry);
    this.onUndo(() => {
      s.cycles.splice(s.cycles.indexOf(entry), 1);
      s.cycleById.delete(result.cycle_id);
    });
  }

  cycles(microgridId: string, limit: number): CycleSummary[] {
    const list = this.state(microgridId)?.cycles ?? [];
    const out: CycleSummary[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) out.push(summarize(list[i]!.result));
    return out;
  }

  cycle(microgridId: string, cycleId: string): CycleResult | undefined {
    return this.state(microgridId)?.cycleById.get(cycleId)?.result;
  }

  latestCycle(microgridId: string, t?: number): CycleResult | undefined {
    const list = this.state(microgridId)?.cycles ?? [];
    const i = t === undefined ? list.length : upperBound(list, (c) => c.atMs, t);
    return i > 0 ? list[i - 1]!.result : undefined;
  }

  previousSetpoints(microgridId: string, t: number): { asset_id: string; setpoint_kw: number }[] {
    const last = this.latestCycle(microgridId, t);
    if (!last) return [];
    const out: { asset_id: string; setpoint_kw: number }[] = [];
    for (const s of last.setpoints)
      if (s.setpoint_kw !== null) out.push({ asset_id: s.asset_id, setpoint_kw: s.setpoint_kw });
    return out;
  }

  breaches(microgridId: string, since: number | undefined, limit: number): StoredBreach[] {
    const list = this.state(microgridId)?.cycles ?? [];
    const out: StoredBreach[] = [];
    for (let i = list.length - 1; i >= 0 && out.length < limit; i--) {
      const c = list[i]!;
      if (since !== undefined && c.atMs < since) break;
      const rows = breachesOf(c.result).sort((a, b) => compareIds(a.node_id, b.node_id));
      for (const b of rows) if (out.length < limit) out.push(b);
    }
    return out;
  }

  // --- legacy alias usage --------------------------------------------------------------------

  appendAliasUsage(row: AliasUsage): void {
    const entry = { atMs: parseInstant(row.at), row: { ...row } };
    this.usage.push(entry);
    this.onUndo(() => this.usage.splice(this.usage.indexOf(entry), 1));
  }

  aliasUsage(filter: { circuit_id?: string; since?: number; limit: number }): AliasUsage[] {
    const out: AliasUsage[] = [];
    for (let i = this.usage.length - 1; i >= 0 && out.length < filter.limit; i--) {
      const u = this.usage[i]!;
      if (filter.circuit_id !== undefined && u.row.circuit_id !== filter.circuit_id) continue;
      if (filter.since !== undefined && u.atMs < filter.since) continue;
      out.push(u.row);
    }
    return out;
  }

  private requireState(microgridId: string): MicrogridState {
    const s = this.state(microgridId);
    if (!s) throw new Error(`no microgrid ${microgridId} in the store`);
    return s;
  }
}

/** Ids `env-000001`, `bind-000001`, `cyc-000001`, ... in order, per kind. */
export function sequentialIds(prefix = ''): IdSource {
  const counters = new Map<IdKind, number>();
  const short: Record<IdKind, string> = { envelope: 'env', binding: 'bind', cycle: 'cyc' };
  return {
    next(kind) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${prefix}${short[kind]}-${String(n).padStart(6, '0')}`;
    },
  };
}
