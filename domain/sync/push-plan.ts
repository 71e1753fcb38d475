// The writes that take a controller from the base document to the local one. The API writes one
// part at a time (topology, limits, aliases; each If-Match the version the previous write gave),
// and every write must leave a valid microgrid: a topology write is refused while a limit or an
// alias still targets a removed node, or while a cap exceeds a lowered rating. So when the
// topology changes, the limits and aliases first move to a bridge set that is valid under both
// the old and the new tree, then the topology is written, then the final limits and aliases.
// The bridge never drops a policy that exists on both sides: where the new version of a policy
// does not fit the old tree, the old version of it stays until the tree is written.
import type {
  Asset,
  CircuitAlias,
  LimitPolicy,
  MicrogridDocument,
  MicrogridIdentity,
  MicrogridNode,
} from '../model.ts';
import { diffDocuments } from './diff.ts';
import { canonicalJson, groupList, type ListKind } from './elements.ts';

export type PushStep =
  | { part: 'limits'; policies: LimitPolicy[]; bridge: boolean }
  | { part: 'aliases'; circuit_aliases: CircuitAlias[]; bridge: boolean }
  | { part: 'topology'; nodes: MicrogridNode[]; assets: Asset[]; microgrid: Partial<MicrogridIdentity> };

/** The highest cap a policy can impose (hard cap or any window), or -Infinity without caps. */
function maxCap(p: LimitPolicy): number {
  let m = typeof p.hard_cap_kw === 'number' ? p.hard_cap_kw : -Infinity;
  for (const w of p.schedule) if (typeof w.cap_kw === 'number' && w.cap_kw > m) m = w.cap_kw;
  return m;
}

function fits(p: LimitPolicy, nodes: ReadonlyMap<string, MicrogridNode>): boolean {
  const n = nodes.get(p.node_id);
  if (!n) return false;
  return typeof n.physical_rating_kw !== 'number' || maxCap(p) <= n.physical_rating_kw;
}

/** Same elements in the list (order aside). */
function sameList(kind: ListKind, a: MicrogridDocument, b: MicrogridDocument): boolean {
  const x = groupList(a, kind);
  const y = groupList(b, kind);
  if (x.size !== y.size) return false;
  for (const [id, rows] of x) if (canonicalJson(rows) !== canonicalJson(y.get(id))) return false;
  return true;
}

/** The identity members a topology write carries (id and depot_id never change). */
export function identityPatch(m: MicrogridIdentity): Partial<MicrogridIdentity> {
  const out: Partial<MicrogridIdentity> = {
    name: m.name,
    timezone: m.timezone,
    root_node_id: m.root_node_id,
  };
  if (m.settings !== undefined) out.settings = m.settings;
  return out;
}

export function planPush(base: MicrogridDocument, local: MicrogridDocument): PushStep[] {
  const changes = diffDocuments(base, local);
  const topology = changes.some((c) => c.kind === 'microgrid' || c.kind === 'node' || c.kind === 'asset');
  const limits = changes.some((c) => c.kind === 'policy');
  const aliases = changes.some((c) => c.kind === 'alias');
  const steps: PushStep[] = [];
  if (!topology) {
    if (limits) steps.push({ part: 'limits', policies: local.limits, bridge: false });
    if (aliases) steps.push({ part: 'aliases', circuit_aliases: local.circuit_aliases, bridge: false });
    return steps;
  }
  const oldNodes = new Map(base.nodes.map((n) => [n.id, n]));
  const newNodes = new Map(local.nodes.map((n) => [n.id, n]));
  const oldPolicies = new Map(base.limits.map((p) => [p.id, p]));
  const bridgePolicies: LimitPolicy[] = [];
  for (const p of local.limits) {
    if (fits(p, oldNodes)) bridgePolicies.push(p);
    else {
      const before = oldPolicies.get(p.id);
      if (before && fits(before, oldNodes) && fits(before, newNodes)) bridgePolicies.push(before);
    }
  }
  const bridgeAliases = local.circuit_aliases.filter((a) => oldNodes.has(a.node_id));
  const bridgeDoc = { ...base, limits: bridgePolicies, circuit_aliases: bridgeAliases };
  if (!sameList('policy', bridgeDoc, base))
    steps.push({ part: 'limits', policies: bridgePolicies, bridge: true });
  if (!sameList('alias', bridgeDoc, base))
    steps.push({ part: 'aliases', circuit_aliases: bridgeAliases, bridge: true });
  steps.push({
    part: 'topology',
    nodes: local.nodes,
    assets: local.assets,
    microgrid: identityPatch(local.microgrid),
  });
  if (!sameList('policy', local, bridgeDoc))
    steps.push({ part: 'limits', policies: local.limits, bridge: false });
  if (!sameList('alias', local, bridgeDoc))
    steps.push({ part: 'aliases', circuit_aliases: local.circuit_aliases, bridge: false });
  return steps;
}
