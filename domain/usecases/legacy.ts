// The legacy circuit surface (api.md "Legacy circuit surface"): a circuit id resolves through the
// alias table to one (microgrid, node); every call, resolved or not, adds one alias-usage row.
// Shapes here are the legacy contract and never change.
import {
  aliasFailure,
  resolveCircuitAlias,
  type AliasResolution,
  type LegacyPurpose,
} from '../aliases/aliases.ts';
import { fail, succeed, type Failure, type Outcome } from '../failure.ts';
import { formatInstant } from '../instant.ts';
import type { ValidationIssue } from '../issues.ts';
import type { LimitPolicy, TouWindow } from '../model.ts';
import type { AliasUsage, Ports, StoredDocument } from '../ports.ts';
import { wToKw } from '../units.ts';
import { computeLimitsAt } from './active-limits.ts';
import { appendVersion } from './common.ts';
import { runStoredCycle } from './cycles.ts';
import { limitErrors } from './limits.ts';

export const LEGACY_ENDPOINTS = {
  read: 'GET /api/circuit/{circuit_id}',
  rebalance: 'POST /api/circuit/{circuit_id}/rebalance_load',
  touRead: 'GET /api/circuit/{circuit_id}/tou_limits',
  touWrite: 'POST /api/circuit/{circuit_id}/tou_limits',
} as const;

/** 0 = Sunday, as the legacy API counts. */
const LEGACY_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

export interface LegacyCall {
  circuitId: string;
  /** Who called (the X-Actor header, or `anonymous`). */
  client: string;
}

interface Resolved {
  circuit_id: string;
  microgrid_id: string;
  node_id: string;
  doc: StoredDocument;
}

function audit(
  ports: Ports,
  endpoint: string,
  circuitId: string,
  client: string,
  where: { microgrid_id: string; node_id: string } | null,
  outcome: string,
): void {
  const row: AliasUsage = {
    at: formatInstant(ports.clock.now()),
    endpoint,
    circuit_id: circuitId,
    microgrid_id: where?.microgrid_id ?? null,
    node_id: where?.node_id ?? null,
    outcome,
    client,
  };
  ports.store.appendAliasUsage(row);
}

/** Adds the audit row of a call that failed before reaching a handler (e.g. a malformed body). */
export function auditLegacyRejection(
  ports: Ports,
  input: LegacyCall & { endpoint: string; code: string },
): void {
  audit(ports, input.endpoint, input.circuitId, input.client, null, input.code);
}

function resolve(
  ports: Ports,
  circuitId: string,
  purpose: LegacyPurpose,
):
  | { ok: true; value: Resolved }
  | { ok: false; failure: Failure; where: { microgrid_id: string; node_id: string } | null } {
  const rows = ports.store.aliasRows(circuitId);
  const docs = new Map<string, StoredDocument | undefined>();
  const docOf = (id: string) => {
    if (!docs.has(id)) docs.set(id, ports.store.document(id));
    return docs.get(id);
  };
  const r: AliasResolution = resolveCircuitAlias(
    rows,
    circuitId,
    (mg, node) => docOf(mg)?.nodes.some((n) => n.id === node) ?? false,
  );
  if (r.status === 'RESOLVED')
    return {
      ok: true,
      value: {
        circuit_id: circuitId,
        microgrid_id: r.microgrid_id,
        node_id: r.node_id,
        doc: docOf(r.microgrid_id)!,
      },
    };
  const f = aliasFailure(r, purpose);
  const details: Record<string, unknown> = { circuit_id: circuitId };
  if (r.status === 'AMBIGUOUS')
    details.scopes = r.rows.map((x) => ({ microgrid_id: x.microgrid_id, node_id: x.node_id }));
  const where = r.status === 'NODE_MISSING' ? { microgrid_id: r.microgrid_id, node_id: r.node_id } : null;
  return {
    ok: false,
    failure: { code: f.code, message: f.detail, kind: f.status === 409 ? 'CONFLICT' : 'INVALID', details },
    where,
  };
}

/** Resolve, run `action`, and record the call whatever happened; all in one transaction. */
function legacyCall<T>(
  ports: Ports,
  endpoint: string,
  purpose: LegacyPurpose,
  call: LegacyCall,
  action: (r: Resolved) => Outcome<T>,
): Outcome<T> {
  return ports.store.transaction(() => {
    const r = resolve(ports, call.circuitId, purpose);
    if (!r.ok) {
      audit(ports, endpoint, call.circuitId, call.client, r.where, r.failure.code);
      return { ok: false, failure: r.failure };
    }
    const where = { microgrid_id: r.value.microgrid_id, node_id: r.value.node_id };
    const out = action(r.value);
    audit(ports, endpoint, call.circuitId, call.client, where, out.ok ? 'RESOLVED' : out.failure.code);
    return out;
  });
}

export interface LegacyCircuit {
  circuit_id: string;
  name: string;
  max_power_kw: number;
  available_capacity_kw: number;
  microgrid_id: string;
  node_id: string;
}

/** `max_power_kw` is the node's physical rating, `available_capacity_kw` its effective limit now. */
export function legacyReadCircuit(ports: Ports, call: LegacyCall): Outcome<LegacyCircuit> {
  return legacyCall(ports, LEGACY_ENDPOINTS.read, 'READ', call, (r) => {
    const node = r.doc.nodes.find((n) => n.id === r.node_id)!;
    const limit = computeLimitsAt(ports, r.doc, ports.clock.now()).nodes.get(r.node_id)!;
    return succeed({
      circuit_id: r.circuit_id,
      name: node.name,
      max_power_kw: node.physical_rating_kw!,
      available_capacity_kw: wToKw(limit.limitW),
      microgrid_id: r.microgrid_id,
      node_id: r.node_id,
    });
  });
}

export interface LegacyRebalance {
  circuit_id: string;
  microgrid_id: string;
  node_id: string;
  cycle_id: string;
  status: 'COMPLETED';
  source_mode: string;
  outcome: string;
}

/** Exactly one cycle, scoped to the circuit's node, trigger LEGACY_ALIAS; none when unresolvable. */
export function legacyRebalance(ports: Ports, call: LegacyCall): Outcome<LegacyRebalance> {
  return legacyCall(ports, LEGACY_ENDPOINTS.rebalance, 'REBALANCE', call, (r) => {
    const cycle = runStoredCycle(ports, {
      microgridId: r.microgrid_id,
      trigger: 'LEGACY_ALIAS',
      scopeNodeId: r.node_id,
      legacyCircuitId: r.circuit_id,
    });
    if (!cycle.ok) return cycle;
    return succeed({
      circuit_id: r.circuit_id,
      microgrid_id: r.microgrid_id,
      node_id: r.node_id,
      cycle_id: cycle.value.cycle_id,
      status: 'COMPLETED',
      source_mode: cycle.value.source_mode,
      outcome: cycle.value.outcome,
    });
  });
}

export interface LegacyTouWindow {
  day_of_week: number[];
  start_time: string;
  end_time: string;
  max_power_kw: number;
}

export interface LegacyTouLimits {
  circuit_id: string;
  default_max_power_kw: number;
  tou_limits: LegacyTouWindow[];
}

function nodePolicy(doc: StoredDocument, nodeId: string): LimitPolicy | undefined {
  return doc.limits.find((p) => p.scope === 'NODE' && p.node_id === nodeId);
}

function toLegacy(circuitId: string, doc: StoredDocument, nodeId: string): LegacyTouLimits {
  const policy = nodePolicy(doc, nodeId);
  if (!policy)
    return {
      circuit_id: circuitId,
      default_max_power_kw: doc.nodes.find((n) => n.id === nodeId)!.physical_rating_kw!,
      tou_limits: [],
    };
  return {
    circuit_id: circuitId,
    default_max_power_kw: policy.hard_cap_kw!,
    tou_limits: policy.schedule.map((w) => ({
      day_of_week: w.days.map((d) => LEGACY_DAYS.indexOf(d as (typeof LEGACY_DAYS)[number])),
      start_time: w.start,
      end_time: w.end,
      max_power_kw: w.cap_kw!,
    })),
  };
}

export function legacyReadTou(ports: Ports, call: LegacyCall): Outcome<LegacyTouLimits> {
  return legacyCall(ports, LEGACY_ENDPOINTS.touRead, 'TOU', call, (r) =>
    succeed(toLegacy(r.circuit_id, r.doc, r.node_id)),
  );
}

/** Canonical field names of a limit error, said in the legacy body's words. */
function legacyField(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'hard_cap_kw') return 'default_max_power_kw';
  return field
    .replace(/^schedule\[(\d+)\]/, 'tou_limits[$1]')
    .replace(/\.cap_kw$/, '.max_power_kw')
    .replace(/\.days$/, '.day_of_week')
    .replace(/\.start$/, '.start_time')
    .replace(/\.end$/, '.end_time');
}

/** A policy id for a node that had no NODE policy: `lim-<node>`, made unique and kept an identifier. */
function newPolicyId(doc: StoredDocument, nodeId: string): string {
  const taken = new Set(doc.limits.map((p) => p.id));
  const base = `lim-${nodeId}`.slice(0, 60);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Writes the mapped node's NODE policy (hard cap and schedule) with the same validation as the
 * canonical limits; the answer's code is the first domain error's, its fields in legacy words.
 */
export function legacyWriteTou(
  ports: Ports,
  call: LegacyCall & { body: { default_max_power_kw: number; tou_limits: LegacyTouWindow[] } },
): Outcome<LegacyTouLimits> {
  return legacyCall(ports, LEGACY_ENDPOINTS.touWrite, 'TOU', call, (r) => {
    const existing = nodePolicy(r.doc, r.node_id);
    const schedule: TouWindow[] = call.body.tou_limits.map((w) => ({
      days: w.day_of_week.map((d) => LEGACY_DAYS[d] ?? String(d)),
      start: w.start_time,
      end: w.end_time,
      cap_kw: w.max_power_kw,
    }));
    const policy: LimitPolicy = {
      id: existing?.id ?? newPolicyId(r.doc, r.node_id),
      scope: 'NODE',
      node_id: r.node_id,
      hard_cap_kw: call.body.default_max_power_kw,
      schedule,
    };
    const policies = existing
      ? r.doc.limits.map((p) => (p === existing ? policy : p))
      : [...r.doc.limits, policy];
    const errors = limitErrors(r.doc, policies);
    if (errors.length) {
      const legacyErrors: ValidationIssue[] = errors.map((e) => ({ ...e, field: legacyField(e.field) }));
      const first = legacyErrors[0]!;
      return fail('INVALID', first.code, `circuit ${r.circuit_id}: ${first.message}`, {
        circuit_id: r.circuit_id,
        microgrid_id: r.microgrid_id,
        node_id: r.node_id,
        field: first.field,
        errors: legacyErrors,
      });
    }
    if (existing && JSON.stringify(existing) === JSON.stringify(policy))
      return succeed(toLegacy(r.circuit_id, r.doc, r.node_id));
    const summary = `legacy TOU write for circuit ${r.circuit_id}: policy ${policy.id} on node ${r.node_id} ${existing ? 'replaced' : 'created'}`;
    const stored = appendVersion(
      ports,
      r.doc,
      { ...r.doc, limits: policies },
      'LEGACY_TOU',
      summary,
      call.client,
    );
    return succeed(toLegacy(r.circuit_id, stored, r.node_id));
  });
}

export function listAliasUsage(
  ports: Ports,
  input: { circuitId?: string; since?: number; limit: number },
): { usage: AliasUsage[] } {
  const filter: { circuit_id?: string; since?: number; limit: number } = { limit: input.limit };
  if (input.circuitId !== undefined) filter.circuit_id = input.circuitId;
  if (input.since !== undefined) filter.since = input.since;
  return { usage: ports.store.aliasUsage(filter) };
}
