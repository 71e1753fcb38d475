// The store behind the in-process simulator: the domain's MemoryStore for configuration,
// envelopes, capabilities and the alias-usage audit, but telemetry and cycles kept only as far as
// the use cases read them at the present simulated instant — the newest sample of each point and
// the most recent cycles. A day at a 500-charger depot is ~860,000 samples and ~1,440 cycle
// results; keeping them all would only feed the garbage collector (the artifacts hold the cycles).
//
// The simulator's clock never goes back and every sample it sends is stamped at or before the
// present, so "the newest sample at or before t" is always the newest held, and "the newest cycle
// at or before t" the last one stored: these answers are exactly MemoryStore's.
import type {
  AliasUsage,
  BindingRecord,
  CycleResult,
  CycleSummary,
  EnvelopeEvent,
  EnvelopeRecord,
  MicrogridSummary,
  Revision,
  Store,
  StoredBreach,
  StoredDocument,
  StoredStatusEvent,
  TelemetrySample,
} from '../../domain/index.ts';
import { parseInstant } from '../../domain/index.ts';
import { breachesOf, cycleSummary, MemoryStore } from '../../domain/usecases/index.ts';

/**
 * How many recent cycles stay readable. The run reads only the newest: a legacy rebalance reads
 * back the one it ran, a cycle takes the last one's setpoints. One more is kept for margin; every
 * result kept longer outlives a young-generation collection and is copied (16 cost ~45 ms a day).
 */
const RECENT_CYCLES = 2;

interface Held {
  atMs: number;
  sample: TelemetrySample;
  /** A node's sample (else an asset's). */
  node: boolean;
}

export class PresentStore implements Store {
  private readonly inner = new MemoryStore();
  /** Per microgrid, the newest sample of each node and of each asset, by id. */
  private readonly latest = new Map<
    string,
    { nodes: Map<string, Held>; assets: Map<string, Held>; held: Held[] }
  >();
  private readonly recent = new Map<string, CycleResult[]>();
  private undo: (() => void)[] | null = null;
  /**
   * What the open transaction replaced, oldest first: the entry, and the instant and sample it
   * held. Kept in three arrays reused from transaction to transaction (a tick replaces ~every
   * point: an object per replaced sample was most of the garbage of ingesting telemetry).
   */
  private readonly replacedEntry: Held[] = [];
  private readonly replacedAtMs: number[] = [];
  private readonly replacedSample: TelemetrySample[] = [];
  private replaced = 0;
  // Every sample of a batch carries the tick's instant: parse each instant text once.
  private lastAtText = '';
  private lastAtMs = NaN;

  private instant(text: string): number {
    if (text !== this.lastAtText) {
      this.lastAtMs = parseInstant(text);
      this.lastAtText = text;
    }
    return this.lastAtMs;
  }

  transaction<T>(fn: () => T): T {
    const outer = this.undo === null;
    if (outer) this.undo = [];
    const mark = this.undo!.length;
    try {
      const out = this.inner.transaction(fn);
      if (outer) this.undo = null;
      return out;
    } catch (e) {
      const log = this.undo!;
      while (log.length > mark) log.pop()!();
      if (outer) this.undo = null;
      throw e;
    } finally {
      if (outer) this.replaced = 0;
    }
  }

  // --- telemetry: the newest sample per point (on equal times the later arrival) ---------------

  appendSamples(microgridId: string, samples: readonly TelemetrySample[], _receivedAt: number): void {
    if (this.inner.currentVersion(microgridId) === undefined)
      throw new Error(`no microgrid ${microgridId} in the store`);
    let points = this.latest.get(microgridId);
    if (!points) this.latest.set(microgridId, (points = { nodes: new Map(), assets: new Map(), held: [] }));
    // A point's entry is updated in place (each tick replaces ~every point): the undo log keeps
    // what an entry held, or that it was new.
    const from = this.replaced;
    const added: [Map<string, Held>, string][] = [];
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i]!;
      const isNode = 'node_id' in sample;
      const map = isNode ? points.nodes : points.assets;
      const id = isNode ? sample.node_id : sample.asset_id;
      const held = map.get(id);
      const atMs = this.instant(sample.at);
      if (held && held.atMs > atMs) continue;
      // Held by reference: values given to a store are immutable for every caller (ports.ts).
      if (held) {
        if (this.undo) {
          const r = this.replaced++;
          this.replacedEntry[r] = held;
          this.replacedAtMs[r] = held.atMs;
          this.replacedSample[r] = held.sample;
        }
        held.atMs = atMs;
        held.sample = sample;
      } else {
        if (this.undo) added.push([map, id]);
        const entry = { atMs, sample, node: isNode };
        map.set(id, entry);
        points.held.push(entry);
      }
    }
    if (this.undo && (this.replaced > from || added.length)) {
      const all = points.held;
      this.undo.push(() => {
        for (let r = this.replaced - 1; r >= from; r--) {
          const held = this.replacedEntry[r]!;
          held.atMs = this.replacedAtMs[r]!;
          held.sample = this.replacedSample[r]!;
        }
        this.replaced = from;
        // New entries are the last ones held: later transactions were undone before this one.
        for (const [map, id] of added) map.delete(id);
        all.length -= added.length;
      });
    }
  }

  latestSamples(microgridId: string, t: number): TelemetrySample[] {
    const out: TelemetrySample[] = [];
    const points = this.latest.get(microgridId);
    if (!points) return out;
    // Nodes first, then assets, each in the order first seen (as the maps would give them).
    const held = points.held;
    for (let i = 0; i < held.length; i++) if (held[i]!.node && held[i]!.atMs <= t) out.push(held[i]!.sample);
    for (let i = 0; i < held.length; i++) if (!held[i]!.node && held[i]!.atMs <= t) out.push(held[i]!.sample);
    return out;
  }

  // --- cycles: the most recent few, newest last --------------------------------------------------

  appendCycle(result: CycleResult): void {
    let list = this.recent.get(result.microgrid_id);
    if (!list) this.recent.set(result.microgrid_id, (list = []));
    if (list.some((c) => c.cycle_id === result.cycle_id))
      throw new Error(`appendCycle: cycle ${result.cycle_id} exists`);
    const dropped = list.length >= RECENT_CYCLES ? list.shift() : undefined;
    list.push(result);
    const held = list;
    this.undo?.push(() => {
      held.pop();
      if (dropped) held.unshift(dropped);
    });
  }

  private newestFirst(microgridId: string): CycleResult[] {
    return [...(this.recent.get(microgridId) ?? [])].reverse();
  }

  cycles(microgridId: string, limit: number): CycleSummary[] {
    return this.newestFirst(microgridId).slice(0, limit).map(cycleSummary);
  }

  cycle(microgridId: string, cycleId: string): CycleResult | undefined {
    return this.recent.get(microgridId)?.find((c) => c.cycle_id === cycleId);
  }

  latestCycle(microgridId: string, t?: number): CycleResult | undefined {
    const list = this.recent.get(microgridId) ?? [];
    for (let i = list.length - 1; i >= 0; i--)
      if (t === undefined || parseInstant(list[i]!.at) <= t) return list[i];
    return undefined;
  }

  previousSetpoints(microgridId: string, t: number): { asset_id: string; setpoint_kw: number }[] {
    const last = this.latestCycle(microgridId, t);
    // The rows themselves (a cycle only reads asset_id and setpoint_kw): 500 fewer objects a tick.
    const out: { asset_id: string; setpoint_kw: number }[] = [];
    for (const s of last?.setpoints ?? [])
      if (s.setpoint_kw !== null) out.push(s as { asset_id: string; setpoint_kw: number });
    return out;
  }

  breaches(microgridId: string, since: number | undefined, limit: number): StoredBreach[] {
    const out: StoredBreach[] = [];
    for (const c of this.newestFirst(microgridId)) {
      if (since !== undefined && parseInstant(c.at) < since) break;
      for (const b of breachesOf(c).sort((x, y) =>
        x.node_id < y.node_id ? -1 : x.node_id > y.node_id ? 1 : 0,
      ))
        if (out.length < limit) out.push(b);
    }
    return out;
  }

  // --- everything else: the domain's in-memory store as it is ------------------------------------

  listMicrogrids(): MicrogridSummary[] {
    return this.inner.listMicrogrids();
  }
  currentVersion(microgridId: string): number | undefined {
    return this.inner.currentVersion(microgridId);
  }
  document(microgridId: string, version?: number): StoredDocument | undefined {
    return this.inner.document(microgridId, version);
  }
  revisions(microgridId: string, afterVersion?: number): Revision[] {
    return this.inner.revisions(microgridId, afterVersion);
  }
  appendVersion(doc: StoredDocument, revision: Revision): void {
    this.inner.appendVersion(doc, revision);
  }
  aliasRows(circuitId: string) {
    return this.inner.aliasRows(circuitId);
  }
  envelopes(microgridId: string): EnvelopeRecord[] {
    return this.inner.envelopes(microgridId);
  }
  envelope(microgridId: string, envelopeId: string): EnvelopeRecord | undefined {
    return this.inner.envelope(microgridId, envelopeId);
  }
  envelopeBySourceRef(
    microgridId: string,
    sourceId: string,
    externalRef: string,
  ): EnvelopeRecord | undefined {
    return this.inner.envelopeBySourceRef(microgridId, sourceId, externalRef);
  }
  envelopesFromSource(
    microgridId: string,
    sourceId: string,
    targetNodeId: string,
    t: number,
  ): EnvelopeRecord[] {
    return this.inner.envelopesFromSource(microgridId, sourceId, targetNodeId, t);
  }
  envelopesCovering(microgridId: string, t: number): EnvelopeRecord[] {
    return this.inner.envelopesCovering(microgridId, t);
  }
  insertEnvelope(microgridId: string, envelope: EnvelopeRecord): void {
    this.inner.insertEnvelope(microgridId, envelope);
  }
  appendEnvelopeEvent(microgridId: string, envelopeId: string, event: EnvelopeEvent): void {
    this.inner.appendEnvelopeEvent(microgridId, envelopeId, event);
  }
  bindings(microgridId: string): BindingRecord[] {
    return this.inner.bindings(microgridId);
  }
  binding(microgridId: string, bindingId: string): BindingRecord | undefined {
    return this.inner.binding(microgridId, bindingId);
  }
  insertBinding(microgridId: string, binding: BindingRecord): void {
    this.inner.insertBinding(microgridId, binding);
  }
  updateBinding(microgridId: string, binding: BindingRecord): void {
    this.inner.updateBinding(microgridId, binding);
  }
  capabilityEvent(microgridId: string, sourceId: string, eventRef: string): StoredStatusEvent | undefined {
    return this.inner.capabilityEvent(microgridId, sourceId, eventRef);
  }
  appendCapabilityEvent(microgridId: string, event: StoredStatusEvent): void {
    this.inner.appendCapabilityEvent(microgridId, event);
  }
  capabilityEvents(microgridId: string): StoredStatusEvent[] {
    return this.inner.capabilityEvents(microgridId);
  }
  latestCapabilityEventCandidates(microgridId: string): StoredStatusEvent[] {
    return this.inner.latestCapabilityEventCandidates(microgridId);
  }
  appendAliasUsage(row: AliasUsage): void {
    this.inner.appendAliasUsage(row);
  }
  aliasUsage(filter: { circuit_id?: string; since?: number; limit: number }): AliasUsage[] {
    return this.inner.aliasUsage(filter);
  }
}
