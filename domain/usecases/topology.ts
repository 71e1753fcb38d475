// Read the topology (current or an earlier version), replace it, and list the revisions.
import { identitySchema, schemaIssues } from '../document.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import { sortIssues, type ValidationIssue, type ValidationWarning } from '../issues.ts';
import type { Asset, MicrogridIdentity, MicrogridNode } from '../model.ts';
import type { Ports, Revision, StoredDocument } from '../ports.ts';
import { removedNodeReferences, validateDocumentModel } from '../validation/document.ts';
import { validateLimits } from '../validation/limits.ts';
import { validateTopology } from '../validation/topology.ts';
import {
  appendVersion,
  checkBaseVersion,
  describeDiff,
  diffCounts,
  liveNodeTargeters,
  microgridNotFound,
} from './common.ts';
import { errorSentence, invalid } from './invalid.ts';

export interface TopologyView {
  microgrid: MicrogridIdentity;
  version: number;
  updated_at: string;
  updated_by: string;
  nodes: MicrogridNode[];
  assets: Asset[];
  warnings: ValidationWarning[];
}

export function topologyView(doc: StoredDocument): TopologyView {
  return {
    microgrid: doc.microgrid,
    version: doc.version,
    updated_at: doc.updated_at,
    updated_by: doc.updated_by,
    nodes: doc.nodes,
    assets: doc.assets,
    warnings: validateDocumentModel(doc).warnings,
  };
}

/** The stored document of a version (current by default); the desktop sync diffs against its base. */
export function readDocument(
  ports: Ports,
  input: { microgridId: string; version?: number },
): Outcome<StoredDocument> {
  const doc = ports.store.document(input.microgridId, input.version);
  if (doc) return succeed(doc);
  const current = ports.store.currentVersion(input.microgridId);
  if (current === undefined) return microgridNotFound(input.microgridId);
  return fail(
    'NOT_FOUND',
    'VERSION_NOT_FOUND',
    `microgrid ${input.microgridId} has versions 1 to ${current}, not ${input.version}`,
    {
      microgrid_id: input.microgridId,
      version: input.version,
      current_version: current,
    },
  );
}

export function readTopology(
  ports: Ports,
  input: { microgridId: string; version?: number },
): Outcome<TopologyView> {
  const doc = readDocument(ports, input);
  return doc.ok ? succeed(topologyView(doc.value)) : doc;
}

export function listRevisions(
  ports: Ports,
  input: { microgridId: string },
): Outcome<{ microgrid_id: string; revisions: Revision[] }> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  return succeed({ microgrid_id: input.microgridId, revisions: ports.store.revisions(input.microgridId) });
}

/** Identity members a topology write may send; id and depot_id may be repeated but never changed. */
export type IdentityPatch = Partial<MicrogridIdentity>;

export interface PutTopologyInput {
  microgridId: string;
  baseVersion?: number;
  actor: string;
  nodes: MicrogridNode[];
  assets: Asset[];
  microgrid?: IdentityPatch;
}

/**
 * Replaces nodes and assets (and, if sent, name, timezone, root and settings). Refused with every
 * error at once when the new tree is invalid, when it removes a node something still targets
 * (NODE_REFERENCED), or when a limit would exceed a lowered rating; a refused edit stores nothing.
 */
export function putTopology(ports: Ports, input: PutTopologyInput): Outcome<TopologyView> {
  return ports.store.transaction(() => {
    const base = checkBaseVersion(ports, input.microgridId, input.baseVersion);
    if (!base.ok) return base;
    const current = base.value;
    const patch = input.microgrid ?? {};
    for (const key of ['id', 'depot_id'] as const) {
      if (patch[key] !== undefined && patch[key] !== current.microgrid[key]) {
        return fail(
          'INVALID',
          'MICROGRID_IDENTITY_IMMUTABLE',
          `microgrid.${key} cannot change (it is ${current.microgrid[key]}, the request says ${patch[key]})`,
          { field: `microgrid.${key}` },
        );
      }
    }
    const merged = { ...current.microgrid, ...patch };
    const identity = identitySchema.safeParse(merged);
    if (!identity.success) {
      const errors = schemaIssues(identity.error, merged).map((e) => ({
        ...e,
        field: e.field ? `microgrid.${e.field}` : 'microgrid',
      }));
      return invalid(
        'TOPOLOGY_INVALID',
        `the microgrid identity is invalid: ${errorSentence(errors)}`,
        errors,
        { microgrid_id: input.microgridId },
      );
    }
    const next = {
      ...current,
      microgrid: identity.data as MicrogridIdentity,
      nodes: input.nodes,
      assets: input.assets,
    };
    const topology = validateTopology({
      root_node_id: next.microgrid.root_node_id,
      nodes: next.nodes,
      assets: next.assets,
    });
    const errors: ValidationIssue[] = [
      ...topology.errors,
      ...removedNodeReferences(topology.index.hasNode, {
        limits: current.limits,
        circuit_aliases: current.circuit_aliases,
        ...liveNodeTargeters(ports, input.microgridId),
      }),
      // A removed target is NODE_REFERENCED above; what is left is a cap above a lowered rating.
      ...validateLimits(current.limits, topology.index).filter((e) => e.code !== 'LIMIT_TARGET_MISSING'),
    ];
    if (errors.length) {
      const sorted = sortIssues(errors);
      return invalid(
        'TOPOLOGY_INVALID',
        `the topology of ${input.microgridId} is invalid: ${errorSentence(sorted)}`,
        sorted,
        { microgrid_id: input.microgridId },
      );
    }
    const parts = [
      describeDiff(
        'nodes',
        diffCounts(current.nodes, next.nodes, (n) => n.id),
      ),
      describeDiff(
        'assets',
        diffCounts(current.assets, next.assets, (a) => a.id),
      ),
      JSON.stringify(current.microgrid) === JSON.stringify(next.microgrid) ? null : 'microgrid identity',
    ].filter(Boolean);
    // Sending back exactly what is stored changes nothing and writes no version.
    if (
      parts.length === 0 &&
      JSON.stringify(current.nodes) === JSON.stringify(next.nodes) &&
      JSON.stringify(current.assets) === JSON.stringify(next.assets)
    ) {
      return succeed(topologyView(current));
    }
    const summary = `topology: ${parts.length ? parts.join(', ') : 'reordered'}`;
    return succeed(topologyView(appendVersion(ports, current, next, 'TOPOLOGY', summary, input.actor)));
  });
}
