// The limits in force at an instant (cycle.md §1): per node the physical rating, the policy cap and
// its source (with the TOU window in force), the smallest ACTIVE envelope, the effective limit and
// what binds it; per aggregate scope its active cap. Envelopes are taken as they were at `at`.
import { compareIds } from '../ids.ts';
import { succeed, type Outcome } from '../failure.ts';
import { formatInstant } from '../instant.ts';
import { activeEnvelopesAt } from '../envelopes/envelopes.ts';
import { limitsAt, type BindingSource, type LimitsAt } from '../limits/effective.ts';
import type { PolicyCapSource } from '../limits/tou.ts';
import type { Day, LimitPolicy, TouWindow } from '../model.ts';
import type { Ports, StoredDocument } from '../ports.ts';
import { wToKw } from '../units.ts';
import { currentDocument } from './common.ts';

export interface WindowInForce extends TouWindow {
  index: number;
}

export interface ActiveNodeLimit {
  node_id: string;
  physical_rating_kw: number;
  policy_id: string | null;
  policy_cap_kw: number | null;
  policy_cap_source: PolicyCapSource | null;
  tou_window: WindowInForce | null;
  envelope_id: string | null;
  envelope_cap_kw: number | null;
  effective_limit_kw: number;
  binding_source: BindingSource;
}

export interface ActiveAggregateLimit {
  policy_id: string;
  node_id: string;
  active_cap_kw: number;
  source: PolicyCapSource;
  tou_window: WindowInForce | null;
}

export interface ActiveLimitsView {
  microgrid_id: string;
  version: number;
  at: string;
  timezone: string;
  local_time: { day: Day; time: string };
  nodes: ActiveNodeLimit[];
  aggregates: ActiveAggregateLimit[];
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function windowOf(
  policies: ReadonlyMap<string, LimitPolicy>,
  policyId: string | null,
  index: number | null,
): WindowInForce | null {
  if (policyId === null || index === null) return null;
  const w = policies.get(policyId)?.schedule[index];
  return w ? { index, ...w } : null;
}

/** The limits of a stored document at `at` (epoch ms), envelopes read from the store. */
export function computeLimitsAt(ports: Ports, doc: StoredDocument, at: number): LimitsAt {
  const active = activeEnvelopesAt(ports.store.envelopesCovering(doc.microgrid.id, at), at);
  return limitsAt(doc, active, at);
}

export function activeLimits(
  ports: Ports,
  input: { microgridId: string; at?: number },
): Outcome<ActiveLimitsView> {
  const found = currentDocument(ports, input.microgridId);
  if (!found.ok) return found;
  const doc = found.value;
  const at = input.at ?? ports.clock.now();
  const limits = computeLimitsAt(ports, doc, at);
  const byId = new Map(doc.limits.map((p) => [p.id, p]));
  const nodes: ActiveNodeLimit[] = [...limits.nodes.values()]
    .map((n) => ({
      node_id: n.nodeId,
      physical_rating_kw: wToKw(n.physicalRatingW),
      policy_id: n.policyId,
      policy_cap_kw: n.policyCap ? wToKw(n.policyCap.capW) : null,
      policy_cap_source: n.policyCap?.source ?? null,
      tou_window: windowOf(byId, n.policyId, n.policyCap?.windowIndex ?? null),
      envelope_id: n.envelopeId,
      envelope_cap_kw: n.envelopeCapW === null ? null : wToKw(n.envelopeCapW),
      effective_limit_kw: wToKw(n.limitW),
      binding_source: n.bindingSource,
    }))
    .sort((a, b) => compareIds(a.node_id, b.node_id));
  const aggregates: ActiveAggregateLimit[] = [...limits.aggregates.values()]
    .map((a) => ({
      policy_id: a.policyId,
      node_id: a.nodeId,
      active_cap_kw: wToKw(a.cap.capW),
      source: a.cap.source,
      tou_window: windowOf(byId, a.policyId, a.cap.windowIndex),
    }))
    .sort((a, b) => compareIds(a.node_id, b.node_id));
  return succeed({
    microgrid_id: doc.microgrid.id,
    version: doc.version,
    at: formatInstant(at),
    timezone: doc.microgrid.timezone,
    local_time: { day: limits.local.day, time: clock(limits.local.minute) },
    nodes,
    aggregates,
  });
}
