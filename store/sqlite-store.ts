// The store port over any SqlDriver (better-sqlite3 for the controller, sql.js for the desktop
// app). Rows hold JSON for the wire-shaped parts and plain columns for whatever is searched or
// ordered. Documents are immutable per version, so parsed ones are cached; entries added inside a
// transaction that rolls back are dropped with it.
import {
  compareIds,
  parseInstant,
  type AliasRow,
  type AliasUsage,
  type BindingRecord,
  type CycleSummary,
  type EnvelopeEvent,
  type EnvelopeRecord,
  type IdKind,
  type IdSource,
  type MicrogridSummary,
  type Revision,
  type Store,
  type StoredBreach,
  type StoredDocument,
  type StoredStatusEvent,
} from '../domain/index.ts';
import type { CycleResult, TelemetrySample } from '../domain/cycle/types.ts';
import { cycleSummary, envelopeWithEvents, samplePoint } from '../domain/usecases/index.ts';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SqlDriver, SqlValue } from './driver.ts';
import { migrate } from './migrate.ts';

type Received = Omit<
  EnvelopeRecord,
  'events' | 'superseded_by' | 'superseded_at' | 'withdrawn_at' | 'withdraw_reason'
>;

const DOCUMENT_CACHE_SIZE = 64;
/** Rows per multi-row INSERT (5 parameters each, well under SQLite's parameter limit). */
const INSERT_CHUNK = 100;

function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

interface BindingRow {
  [k: string]: SqlValue;
  id: string;
  capability: string;
  scope_node_id: string;
  source_id: string;
  status: string;
  created_at: string;
  released_at: string | null;
}

interface EventRow {
  [k: string]: SqlValue;
  source_id: string;
  event_ref: string;
  capability: string;
  scope_node_id: string;
  state: string;
  observed_at: string;
  received_at: string;
}

const EVENT_COLUMNS = 'source_id, event_ref, capability, scope_node_id, state, observed_at, received_at';

/**
 * Large JSON values (cycle results, the full document of every configuration version) are stored
 * deflated: a 10,000-node document is ~3 MB of JSON but ~10x less deflated, which is what keeps a
 * save of a big project cheap (SQLite writes and the desktop file export scale with bytes).
 */
function packJson(value: unknown): Uint8Array {
  return deflateRawSync(JSON.stringify(value), { level: 1 });
}

function unpackJson<T>(value: SqlValue): T {
  // Text is accepted too: rows written before values were deflated.
  return JSON.parse(
    typeof value === 'string' ? value : inflateRawSync(value as Uint8Array).toString('utf8'),
  ) as T;
}

type Setpoint = { asset_id: string; setpoint_kw: number };
/** A microgrid's newest cycle (by time, then insertion) as far as previousSetpoints needs it. */
type NewestCycle = { atMs: number; seq: number; setpoints: Setpoint[] };

/** The cycles.setpoints column: `[asset_id, setpoint_kw]` pairs. */
function parseSetpoints(text: string): Setpoint[] {
  return (JSON.parse(text) as [string, number][]).map(([asset_id, setpoint_kw]) => ({
    asset_id,
    setpoint_kw,
  }));
}

function toBinding(r: BindingRow): BindingRecord {
  return {
    id: r.id,
    capability: r.capability as BindingRecord['capability'],
    scope_node_id: r.scope_node_id,
    source_id: r.source_id,
    status: r.status as BindingRecord['status'],
    created_at: r.created_at,
    released_at: r.released_at,
  };
}

function toEvent(r: EventRow): StoredStatusEvent {
  return {
    event_ref: r.event_ref,
    source_id: r.source_id,
    capability: r.capability as StoredStatusEvent['capability'],
    scope_node_id: r.scope_node_id,
    state: r.state as StoredStatusEvent['state'],
    observed_at: r.observed_at,
    received_at: r.received_at,
  };
}

export class SqliteStore implements Store {
  private readonly documents = new Map<string, StoredDocument>();
  /** Per microgrid, the newest sample of each point (telemetry_latest, parsed); loaded on first use. */
  private readonly latest = new Map<string, Map<string, { atMs: number; sample: TelemetrySample }>>();
  /** Per microgrid, the setpoints of its newest cycle (by time, then insertion); loaded on first use. */
  private readonly lastCycle = new Map<string, NewestCycle | null>();
  /** What to forget if the open transaction rolls back (caches filled or changed inside it). */
  private pending: (() => void)[] | null = null;

  /** Applies the migrations the database lacks. */
  constructor(readonly db: SqlDriver) {
    migrate(db);
  }

  transaction<T>(fn: () => T): T {
    const outer = this.pending === null;
    if (outer) this.pending = [];
    const mark = this.pending!.length;
    try {
      const out = this.db.transaction(fn);
      if (outer) this.pending = null;
      return out;
    } catch (e) {
      for (const forget of this.pending!.splice(mark)) forget();
      if (outer) this.pending = null;
      throw e;
    }
  }

  close(): void {
    this.db.close();
  }

  // --- configuration -------------------------------------------------------------------------

  listMicrogrids(): MicrogridSummary[] {
    const rows = this.db.all<{
      id: string;
      depot_id: string;
      name: string;
      version: number;
      updated_at: string;
      updated_by: string;
    }>('SELECT id, depot_id, name, version, updated_at, updated_by FROM microgrids');
    return rows.map((r) => ({ ...r })).sort((a, b) => compareIds(a.id, b.id));
  }

  currentVersion(microgridId: string): number | undefined {
    return this.db.get<{ version: number }>('SELECT version FROM microgrids WHERE id = ?', [microgridId])
      ?.version;
  }

  private remember(key: string, doc: StoredDocument): void {
    if (this.documents.size >= DOCUMENT_CACHE_SIZE)
      this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(key, doc);
    this.pending?.push(() => this.documents.delete(key));
  }

  document(microgridId: string, version?: number): StoredDocument | undefined {
    const v = version ?? this.currentVersion(microgridId);
    if (v === undefined || !Number.isInteger(v)) return undefined;
    const key = `${microgridId}\u0000${v}`;
    const cached = this.documents.get(key);
    if (cached) return cached;
    const row = this.db.get<{ document: SqlValue }>(
      'SELECT document FROM revisions WHERE microgrid_id = ? AND version = ?',
      [microgridId, v],
    );
    if (!row) return undefined;
    const doc = unpackJson<StoredDocument>(row.document);
    this.remember(key, doc);
    return doc;
  }

  revisions(microgridId: string, afterVersion = 0): Revision[] {
    return this.db
      .all<{ version: number; at: string; by: string; kind: string; summary: string }>(
        'SELECT version, at, by, kind, summary FROM revisions WHERE microgrid_id = ? AND version > ? ORDER BY version',
        [microgridId, afterVersion],
      )
      .map((r) => ({
        version: r.version,
        at: r.at,
        by: r.by,
        kind: r.kind as Revision['kind'],
        summary: r.summary,
      }));
  }

  appendVersion(doc: StoredDocument, revision: Revision): void {
    const id = doc.microgrid.id;
    this.transaction(() => {
      const expected = (this.currentVersion(id) ?? 0) + 1;
      if (doc.version !== expected || revision.version !== expected) {
        throw new Error(
          `appendVersion: microgrid ${id} expects version ${expected}, got ${doc.version}/${revision.version}`,
        );
      }
      const m = doc.microgrid;
      if (expected === 1) {
        this.db.run(
          'INSERT INTO microgrids (id, depot_id, name, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)',
          [id, m.depot_id, m.name, 1, doc.updated_at, doc.updated_by],
        );
      } else {
        this.db.run(
          'UPDATE microgrids SET depot_id = ?, name = ?, version = ?, updated_at = ?, updated_by = ? WHERE id = ?',
          [m.depot_id, m.name, doc.version, doc.updated_at, doc.updated_by, id],
        );
      }
      const packed = packJson(doc);
      this.db.run(
        'INSERT INTO revisions (microgrid_id, version, at, by, kind, summary, document) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [id, revision.version, revision.at, revision.by, revision.kind, revision.summary, packed],
      );
      this.db.run('DELETE FROM circuit_aliases WHERE microgrid_id = ?', [id]);
      doc.circuit_aliases.forEach((a, i) => {
        this.db.run(
          'INSERT INTO circuit_aliases (microgrid_id, position, circuit_id, node_id) VALUES (?, ?, ?, ?)',
          [id, i, a.circuit_id, a.node_id],
        );
      });
      // Kept by reference: every caller treats stored values as immutable (see domain/ports.ts).
      this.remember(`${id}\u0000${doc.version}`, doc);
    });
  }

  aliasRows(circuitId: string): AliasRow[] {
    return this.db
      .all<{ microgrid_id: string; circuit_id: string; node_id: string }>(
        'SELECT microgrid_id, circuit_id, node_id FROM circuit_aliases WHERE circuit_id = ?',
        [circuitId],
      )
      .map((r) => ({ microgrid_id: r.microgrid_id, circuit_id: r.circuit_id, node_id: r.node_id }))
      .sort((a, b) => compareIds(a.microgrid_id, b.microgrid_id) || compareIds(a.node_id, b.node_id));
  }

  // --- envelopes -----------------------------------------------------------------------------

  private withEvents(microgridId: string, rows: { id: string; record: string }[]): EnvelopeRecord[] {
    if (rows.length === 0) return [];
    const events = new Map<string, EnvelopeEvent[]>();
    const eventRows =
      rows.length === 1
        ? this.db.all<{ envelope_id: string; event: string }>(
            'SELECT envelope_id, event FROM envelope_events WHERE microgrid_id = ? AND envelope_id = ? ORDER BY seq',
            [microgridId, rows[0]!.id],
          )
        : this.db.all<{ envelope_id: string; event: string }>(
            'SELECT envelope_id, event FROM envelope_events WHERE microgrid_id = ? ORDER BY seq',
            [microgridId],
          );
    for (const r of eventRows) {
      const list = events.get(r.envelope_id);
      const e = JSON.parse(r.event) as EnvelopeEvent;
      if (list) list.push(e);
      else events.set(r.envelope_id, [e]);
    }
    return rows
      .map((r) => envelopeWithEvents(JSON.parse(r.record) as Received, events.get(r.id) ?? []))
      .sort((a, b) => compareIds(a.id, b.id));
  }

  envelopes(microgridId: string): EnvelopeRecord[] {
    return this.withEvents(
      microgridId,
      this.db.all('SELECT id, record FROM envelopes WHERE microgrid_id = ?', [microgridId]),
    );
  }

  envelope(microgridId: string, envelopeId: string): EnvelopeRecord | undefined {
    return this.withEvents(
      microgridId,
      this.db.all('SELECT id, record FROM envelopes WHERE microgrid_id = ? AND id = ?', [
        microgridId,
        envelopeId,
      ]),
    )[0];
  }

  envelopeBySourceRef(
    microgridId: string,
    sourceId: string,
    externalRef: string,
  ): EnvelopeRecord | undefined {
    return this.withEvents(
      microgridId,
      this.db.all(
        'SELECT id, record FROM envelopes WHERE microgrid_id = ? AND source_id = ? AND external_ref = ?',
        [microgridId, sourceId, externalRef],
      ),
    )[0];
  }

  envelopesFromSource(
    microgridId: string,
    sourceId: string,
    targetNodeId: string,
    t: number,
  ): EnvelopeRecord[] {
    return this.withEvents(
      microgridId,
      this.db.all(
        'SELECT id, record FROM envelopes WHERE microgrid_id = ? AND source_id = ? AND target_node_id = ? AND valid_to_ms > ?',
        [microgridId, sourceId, targetNodeId, t],
      ),
    );
  }

  envelopesCovering(microgridId: string, t: number): EnvelopeRecord[] {
    return this.withEvents(
      microgridId,
      this.db.all(
        'SELECT id, record FROM envelopes WHERE microgrid_id = ? AND valid_to_ms > ? AND valid_from_ms <= ?',
        [microgridId, t, t],
      ),
    );
  }

  insertEnvelope(microgridId: string, envelope: EnvelopeRecord): void {
    const received: Received = {
      id: envelope.id,
      target_node_id: envelope.target_node_id,
      capacity_kw: envelope.capacity_kw,
      valid_from: envelope.valid_from,
      valid_to: envelope.valid_to,
      source: envelope.source,
    };
    this.transaction(() => {
      this.db.run(
        'INSERT INTO envelopes (microgrid_id, id, target_node_id, source_id, external_ref, valid_from_ms, valid_to_ms, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          microgridId,
          envelope.id,
          envelope.target_node_id,
          envelope.source.source_id,
          envelope.source.external_ref,
          parseInstant(envelope.valid_from),
          parseInstant(envelope.valid_to),
          JSON.stringify(received),
        ],
      );
      for (const e of envelope.events) this.appendEnvelopeEvent(microgridId, envelope.id, e);
    });
  }

  appendEnvelopeEvent(microgridId: string, envelopeId: string, event: EnvelopeEvent): void {
    this.db.run('INSERT INTO envelope_events (microgrid_id, envelope_id, event) VALUES (?, ?, ?)', [
      microgridId,
      envelopeId,
      JSON.stringify(event),
    ]);
  }

  // --- capabilities --------------------------------------------------------------------------

  bindings(microgridId: string): BindingRecord[] {
    return this.db
      .all<BindingRow>(
        'SELECT id, capability, scope_node_id, source_id, status, created_at, released_at FROM capability_bindings WHERE microgrid_id = ?',
        [microgridId],
      )
      .map(toBinding)
      .sort((a, b) => compareIds(a.id, b.id));
  }

  binding(microgridId: string, bindingId: string): BindingRecord | undefined {
    const r = this.db.get<BindingRow>(
      'SELECT id, capability, scope_node_id, source_id, status, created_at, released_at FROM capability_bindings WHERE microgrid_id = ? AND id = ?',
      [microgridId, bindingId],
    );
    return r ? toBinding(r) : undefined;
  }

  insertBinding(microgridId: string, b: BindingRecord): void {
    this.db.run(
      'INSERT INTO capability_bindings (microgrid_id, id, capability, scope_node_id, source_id, status, created_at, released_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [microgridId, b.id, b.capability, b.scope_node_id, b.source_id, b.status, b.created_at, b.released_at],
    );
  }

  updateBinding(microgridId: string, b: BindingRecord): void {
    const { changes } = this.db.run(
      'UPDATE capability_bindings SET status = ?, released_at = ? WHERE microgrid_id = ? AND id = ?',
      [b.status, b.released_at, microgridId, b.id],
    );
    if (changes !== 1) throw new Error(`updateBinding: no binding ${b.id}`);
  }

  capabilityEvent(microgridId: string, sourceId: string, eventRef: string): StoredStatusEvent | undefined {
    const r = this.db.get<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM capability_events WHERE microgrid_id = ? AND source_id = ? AND event_ref = ?`,
      [microgridId, sourceId, eventRef],
    );
    return r ? toEvent(r) : undefined;
  }

  appendCapabilityEvent(microgridId: string, e: StoredStatusEvent): void {
    this.db.run(
      'INSERT INTO capability_events (microgrid_id, source_id, event_ref, capability, scope_node_id, state, observed_at, observed_at_ms, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        microgridId,
        e.source_id,
        e.event_ref,
        e.capability,
        e.scope_node_id,
        e.state,
        e.observed_at,
        Date.parse(e.observed_at),
        e.received_at,
      ],
    );
  }

  capabilityEvents(microgridId: string): StoredStatusEvent[] {
    return this.db
      .all<EventRow>(`SELECT ${EVENT_COLUMNS} FROM capability_events WHERE microgrid_id = ? ORDER BY seq`, [
        microgridId,
      ])
      .map(toEvent);
  }

  latestCapabilityEventCandidates(microgridId: string): StoredStatusEvent[] {
    return this.db
      .all<EventRow>(
        `SELECT ${EVENT_COLUMNS.split(', ')
          .map((c) => `e.${c}`)
          .join(', ')} FROM capability_events e
         JOIN (SELECT capability, scope_node_id, MAX(observed_at_ms) AS m FROM capability_events WHERE microgrid_id = ? GROUP BY capability, scope_node_id) g
           ON e.capability = g.capability AND e.scope_node_id = g.scope_node_id AND e.observed_at_ms = g.m
         WHERE e.microgrid_id = ? ORDER BY e.seq`,
        [microgridId, microgridId],
      )
      .map(toEvent);
  }

  // --- telemetry -----------------------------------------------------------------------------

  private latestOf(microgridId: string): Map<string, { atMs: number; sample: TelemetrySample }> {
    let points = this.latest.get(microgridId);
    if (!points) {
      points = new Map();
      for (const r of this.db.all<{ point: string; at_ms: number; sample: string }>(
        'SELECT point, at_ms, sample FROM telemetry_latest WHERE microgrid_id = ?',
        [microgridId],
      )) {
        points.set(r.point, { atMs: r.at_ms, sample: JSON.parse(r.sample) as TelemetrySample });
      }
      this.latest.set(microgridId, points);
    }
    return points;
  }

  appendSamples(microgridId: string, samples: readonly TelemetrySample[], receivedAt: number): void {
    this.transaction(() => {
      const points = this.latestOf(microgridId);
      this.pending?.push(() => this.latest.delete(microgridId));
      // The newest sample of each point in this batch; on equal times the later arrival, as in
      // the history query of latestSamples.
      const newest = new Map<string, { atMs: number; seq: number; text: string; sample: TelemetrySample }>();
      for (let start = 0; start < samples.length; start += INSERT_CHUNK) {
        const chunk = samples.slice(start, start + INSERT_CHUNK);
        const params: SqlValue[] = [];
        const rows = chunk.map((sample) => {
          const row = {
            point: samplePoint(sample),
            atMs: parseInstant(sample.at),
            text: JSON.stringify(sample),
            sample,
          };
          params.push(microgridId, row.point, row.atMs, receivedAt, row.text);
          return row;
        });
        this.db.run(
          `INSERT INTO telemetry_samples (microgrid_id, point, at_ms, received_at_ms, sample) VALUES ${placeholders(chunk.length, 5)}`,
          params,
        );
        // One statement inserts its rows with consecutive rowids, the last being last_insert_rowid().
        const last = this.db.get<{ seq: number }>('SELECT last_insert_rowid() AS seq')!.seq;
        rows.forEach((row, i) => {
          const held = newest.get(row.point);
          if (!held || row.atMs >= held.atMs)
            newest.set(row.point, { ...row, seq: last - rows.length + 1 + i });
        });
      }
      const changed: [string, { atMs: number; seq: number; text: string; sample: TelemetrySample }][] = [];
      for (const [point, row] of newest) {
        const held = points.get(point);
        if (!held || held.atMs <= row.atMs) changed.push([point, row]);
      }
      for (let start = 0; start < changed.length; start += INSERT_CHUNK) {
        const chunk = changed.slice(start, start + INSERT_CHUNK);
        const params: SqlValue[] = [];
        for (const [point, row] of chunk) params.push(microgridId, point, row.atMs, row.seq, row.text);
        this.db.run(
          `INSERT INTO telemetry_latest (microgrid_id, point, at_ms, seq, sample) VALUES ${placeholders(chunk.length, 5)}
           ON CONFLICT (microgrid_id, point) DO UPDATE SET at_ms = excluded.at_ms, seq = excluded.seq, sample = excluded.sample`,
          params,
        );
        for (const [point, row] of chunk) points.set(point, { atMs: row.atMs, sample: row.sample });
      }
    });
  }

  latestSamples(microgridId: string, t: number): TelemetrySample[] {
    const out: TelemetrySample[] = [];
    for (const [point, held] of this.latestOf(microgridId)) {
      if (held.atMs <= t) {
        out.push(held.sample);
        continue;
      }
      const older = this.db.get<{ sample: string }>(
        'SELECT sample FROM telemetry_samples WHERE microgrid_id = ? AND point = ? AND at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1',
        [microgridId, point, t],
      );
      if (older) out.push(JSON.parse(older.sample) as TelemetrySample);
    }
    return out;
  }

  // --- cycles and breaches -------------------------------------------------------------------

  appendCycle(result: CycleResult): void {
    const atMs = parseInstant(result.at);
    const setpoints: Setpoint[] = [];
    for (const s of result.setpoints)
      if (s.setpoint_kw !== null) setpoints.push({ asset_id: s.asset_id, setpoint_kw: s.setpoint_kw });
    this.transaction(() => {
      const newest = this.newestCycle(result.microgrid_id);
      this.db.run(
        'INSERT INTO cycles (microgrid_id, cycle_id, at_ms, summary, setpoints, result) VALUES (?, ?, ?, ?, ?, ?)',
        [
          result.microgrid_id,
          result.cycle_id,
          atMs,
          JSON.stringify(cycleSummary(result)),
          JSON.stringify(setpoints.map((s) => [s.asset_id, s.setpoint_kw])),
          packJson(result),
        ],
      );
      const seq = this.db.get<{ seq: number }>('SELECT last_insert_rowid() AS seq')!.seq;
      if (!newest || atMs >= newest.atMs) {
        this.lastCycle.set(result.microgrid_id, { atMs, seq, setpoints });
        this.pending?.push(() => this.lastCycle.delete(result.microgrid_id));
      }
      for (const b of result.breaches) {
        const row: StoredBreach = {
          cycle_id: result.cycle_id,
          microgrid_id: result.microgrid_id,
          at: result.at,
          ...b,
        };
        this.db.run(
          'INSERT INTO breaches (microgrid_id, cycle_seq, at_ms, node_id, breach) VALUES (?, ?, ?, ?, ?)',
          [result.microgrid_id, seq, atMs, b.node_id, JSON.stringify(row)],
        );
      }
    });
  }

  private newestCycle(microgridId: string): NewestCycle | null {
    if (!this.lastCycle.has(microgridId)) {
      const r = this.db.get<{ at_ms: number; seq: number; setpoints: string }>(
        'SELECT at_ms, seq, setpoints FROM cycles WHERE microgrid_id = ? ORDER BY at_ms DESC, seq DESC LIMIT 1',
        [microgridId],
      );
      this.lastCycle.set(
        microgridId,
        r ? { atMs: r.at_ms, seq: r.seq, setpoints: parseSetpoints(r.setpoints) } : null,
      );
    }
    return this.lastCycle.get(microgridId)!;
  }

  cycles(microgridId: string, limit: number): CycleSummary[] {
    return this.db
      .all<{ summary: string }>(
        'SELECT summary FROM cycles WHERE microgrid_id = ? ORDER BY at_ms DESC, seq DESC LIMIT ?',
        [microgridId, limit],
      )
      .map((r) => JSON.parse(r.summary) as CycleSummary);
  }

  cycle(microgridId: string, cycleId: string): CycleResult | undefined {
    const r = this.db.get<{ result: SqlValue }>(
      'SELECT result FROM cycles WHERE microgrid_id = ? AND cycle_id = ?',
      [microgridId, cycleId],
    );
    return r ? unpackJson<CycleResult>(r.result) : undefined;
  }

  latestCycle(microgridId: string, t?: number): CycleResult | undefined {
    const r = this.db.get<{ result: SqlValue }>(
      'SELECT result FROM cycles WHERE microgrid_id = ? AND at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1',
      [microgridId, t ?? Number.MAX_SAFE_INTEGER],
    );
    return r ? unpackJson<CycleResult>(r.result) : undefined;
  }

  previousSetpoints(microgridId: string, t: number): Setpoint[] {
    const newest = this.newestCycle(microgridId);
    if (newest && newest.atMs <= t) return newest.setpoints;
    const r = this.db.get<{ setpoints: string }>(
      'SELECT setpoints FROM cycles WHERE microgrid_id = ? AND at_ms <= ? ORDER BY at_ms DESC, seq DESC LIMIT 1',
      [microgridId, t],
    );
    return r ? parseSetpoints(r.setpoints) : [];
  }

  breaches(microgridId: string, since: number | undefined, limit: number): StoredBreach[] {
    // Node ids are identifiers (ASCII), so SQLite's byte order is the spec's code-unit order.
    return this.db
      .all<{ breach: string }>(
        'SELECT breach FROM breaches WHERE microgrid_id = ? AND at_ms >= ? ORDER BY at_ms DESC, cycle_seq DESC, node_id LIMIT ?',
        [microgridId, since ?? Number.MIN_SAFE_INTEGER, limit],
      )
      .map((r) => JSON.parse(r.breach) as StoredBreach);
  }

  // --- legacy alias usage --------------------------------------------------------------------

  appendAliasUsage(u: AliasUsage): void {
    this.db.run(
      'INSERT INTO alias_usage (at, at_ms, endpoint, circuit_id, microgrid_id, node_id, outcome, client) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [u.at, parseInstant(u.at), u.endpoint, u.circuit_id, u.microgrid_id, u.node_id, u.outcome, u.client],
    );
  }

  aliasUsage(filter: { circuit_id?: string; since?: number; limit: number }): AliasUsage[] {
    const where = ['at_ms >= ?'];
    const params: SqlValue[] = [filter.since ?? Number.MIN_SAFE_INTEGER];
    if (filter.circuit_id !== undefined) {
      where.push('circuit_id = ?');
      params.push(filter.circuit_id);
    }
    params.push(filter.limit);
    return this.db
      .all<AliasUsage & { [k: string]: SqlValue }>(
        `SELECT at, endpoint, circuit_id, microgrid_id, node_id, outcome, client FROM alias_usage WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
        params,
      )
      .map((r) => ({
        at: r.at,
        endpoint: r.endpoint,
        circuit_id: r.circuit_id,
        microgrid_id: r.microgrid_id,
        node_id: r.node_id,
        outcome: r.outcome,
        client: r.client,
      }));
  }
}

/** Ids that survive restarts: one counter per kind in the database, advanced in the caller's transaction. */
export function sqliteIds(db: SqlDriver): IdSource {
  const short: Record<IdKind, string> = { envelope: 'env', binding: 'bind', cycle: 'cyc' };
  return {
    next(kind) {
      const n = db.get<{ value: number }>(
        'INSERT INTO id_sequences (kind, value) VALUES (?, 1) ON CONFLICT (kind) DO UPDATE SET value = value + 1 RETURNING value',
        [kind],
      )!.value;
      return `${short[kind]}-${String(n).padStart(6, '0')}`;
    },
  };
}
