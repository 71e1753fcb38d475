// Read and replace a microgrid's limit policy set (NODE and AGGREGATE policies with TOU windows).
import { succeed, type Outcome } from '../failure.ts';
import { sortIssues } from '../issues.ts';
import type { LimitPolicy } from '../model.ts';
import type { Ports, StoredDocument } from '../ports.ts';
import { validateLimits } from '../validation/limits.ts';
import { validateTopology } from '../validation/topology.ts';
import { appendVersion, checkBaseVersion, currentDocument, describeDiff, diffCounts } from './common.ts';
import { errorSentence, invalid } from './invalid.ts';

export interface LimitsView {
  microgrid_id: string;
  version: number;
  updated_at: string;
  updated_by: string;
  policies: LimitPolicy[];
}

export function limitsView(doc: StoredDocument): LimitsView {
  return {
    microgrid_id: doc.microgrid.id,
    version: doc.version,
    updated_at: doc.updated_at,
    updated_by: doc.updated_by,
    policies: doc.limits,
  };
}

export function readLimits(ports: Ports, input: { microgridId: string }): Outcome<LimitsView> {
  const doc = currentDocument(ports, input.microgridId);
  return doc.ok ? succeed(limitsView(doc.value)) : doc;
}

/** Checks a whole policy set against the microgrid's current tree: every error, sorted. */
export function limitErrors(doc: StoredDocument, policies: readonly LimitPolicy[]) {
  const topology = validateTopology({
    root_node_id: doc.microgrid.root_node_id,
    nodes: doc.nodes,
    assets: doc.assets,
  });
  return sortIssues(validateLimits(policies, topology.index));
}

export interface PutLimitsInput {
  microgridId: string;
  baseVersion?: number;
  actor: string;
  policies: LimitPolicy[];
}

/** Replaces the policy set; every accepted value is stored exactly as entered. */
export function putLimits(ports: Ports, input: PutLimitsInput): Outcome<LimitsView> {
  return ports.store.transaction(() => {
    const base = checkBaseVersion(ports, input.microgridId, input.baseVersion);
    if (!base.ok) return base;
    const current = base.value;
    const errors = limitErrors(current, input.policies);
    if (errors.length) {
      return invalid(
        'LIMITS_INVALID',
        `the limit policies of ${input.microgridId} are invalid: ${errorSentence(errors)}`,
        errors,
        { microgrid_id: input.microgridId },
      );
    }
    if (JSON.stringify(current.limits) === JSON.stringify(input.policies))
      return succeed(limitsView(current));
    const diff =
      describeDiff(
        'policies',
        diffCounts(current.limits, input.policies, (p) => p.id),
      ) ?? 'policies reordered';
    return succeed(
      limitsView(
        appendVersion(
          ports,
          current,
          { ...current, limits: input.policies },
          'LIMITS',
          `limits: ${diff}`,
          input.actor,
        ),
      ),
    );
  });
}
