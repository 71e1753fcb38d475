// Effective limit of every node at an instant (cycle.md §1):
// L(n) = min(physical rating, active cap of n's NODE policy, every ACTIVE envelope on n).
import { compareIds } from '../ids.ts';
import { localTimeAt, type LocalTime } from '../local-time.ts';
import type { MicrogridDocument } from '../model.ts';
import { kwToW } from '../units.ts';
import { activeCapAtLocal, compilePolicy, type ActiveCap, type PolicyCapSource } from './tou.ts';

export type BindingSource =
  'OPERATING_ENVELOPE' | 'NODE_PHYSICAL_RATING' | 'NODE_HARD_CAP' | 'TOU_SCHEDULED_CAP';

/** On a tie the earliest of this list is the binding source. */
export const BINDING_SOURCE_TIE_ORDER: readonly BindingSource[] = [
  'OPERATING_ENVELOPE',
  'NODE_PHYSICAL_RATING',
  'NODE_HARD_CAP',
  'TOU_SCHEDULED_CAP',
];

export interface EnvelopeCap {
  id: string;
  target_node_id: string;
  capacity_kw: number;
}

export interface NodeLimit {
  nodeId: string;
  physicalRatingW: number;
  policyId: string | null;
  policyCap: ActiveCap | null;
  envelopeCapW: number | null;
  envelopeId: string | null;
  limitW: number;
  bindingSource: BindingSource;
}

export interface AggregateLimit {
  policyId: string;
  nodeId: string;
  cap: ActiveCap;
}

export interface LimitsAt {
  local: LocalTime;
  nodes: Map<string, NodeLimit>;
  aggregates: Map<string, AggregateLimit>;
}

/** The smallest ACTIVE envelope per node; on equal capacity the smallest id names it. */
export function smallestEnvelopeByNode(
  active: readonly EnvelopeCap[],
): Map<string, { id: string; capW: number }> {
  const out = new Map<string, { id: string; capW: number }>();
  for (const e of active) {
    const capW = kwToW(e.capacity_kw);
    const held = out.get(e.target_node_id);
    if (!held || capW < held.capW || (capW === held.capW && compareIds(e.id, held.id) < 0)) {
      out.set(e.target_node_id, { id: e.id, capW });
    }
  }
  return out;
}

export function bindingOf(
  physicalW: number,
  policy: ActiveCap | null,
  envelopeW: number | null,
): { limitW: number; source: BindingSource } {
  // Candidates in tie order: a later candidate wins only when strictly smaller.
  let limitW = envelopeW ?? Infinity;
  let source: BindingSource = 'OPERATING_ENVELOPE';
  if (physicalW < limitW) {
    limitW = physicalW;
    source = 'NODE_PHYSICAL_RATING';
  }
  if (policy && policy.source === 'NODE_HARD_CAP' && policy.capW < limitW) {
    limitW = policy.capW;
    source = 'NODE_HARD_CAP';
  }
  if (policy && policy.source === 'TOU_SCHEDULED_CAP' && policy.capW < limitW) {
    limitW = policy.capW;
    source = 'TOU_SCHEDULED_CAP';
  }
  return { limitW, source };
}

/** Limits of a valid document at `epochMs`, given the envelopes ACTIVE at that instant. */
export function limitsAt(
  doc: MicrogridDocument,
  activeEnvelopes: readonly EnvelopeCap[],
  epochMs: number,
): LimitsAt {
  const local = localTimeAt(doc.microgrid.timezone, epochMs);
  const nodePolicy = new Map<string, { id: string; cap: ActiveCap }>();
  const aggregates = new Map<string, AggregateLimit>();
  for (const p of doc.limits) {
    const cap = activeCapAtLocal(compilePolicy(p), local);
    if (p.scope === 'NODE') nodePolicy.set(p.node_id, { id: p.id, cap });
    else aggregates.set(p.node_id, { policyId: p.id, nodeId: p.node_id, cap });
  }
  const envelopes = smallestEnvelopeByNode(activeEnvelopes);
  const nodes = new Map<string, NodeLimit>();
  for (const n of doc.nodes) {
    const physicalRatingW = kwToW(n.physical_rating_kw!);
    const policy = nodePolicy.get(n.id) ?? null;
    const env = envelopes.get(n.id) ?? null;
    const { limitW, source } = bindingOf(physicalRatingW, policy?.cap ?? null, env?.capW ?? null);
    nodes.set(n.id, {
      nodeId: n.id,
      physicalRatingW,
      policyId: policy?.id ?? null,
      policyCap: policy?.cap ?? null,
      envelopeCapW: env?.capW ?? null,
      envelopeId: env?.id ?? null,
      limitW,
      bindingSource: source,
    });
  }
  return { local, nodes, aggregates };
}

export type { PolicyCapSource };
