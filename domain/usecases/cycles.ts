// Running a cycle from stored state (cycle.md §8 input built from the store, then runCycle), and
// the cycle history: list, one, breaches, and the canonical status surface.
import { fail, succeed, type Outcome } from '../failure.ts';
import { formatInstant } from '../instant.ts';
import { CycleInputError, runCycle } from '../cycle/index.ts';
import type { CycleInput, CycleResult, Trigger } from '../cycle/types.ts';
import { activeEnvelopesAt, envelopeView, type EnvelopeView } from '../envelopes/envelopes.ts';
import type { CycleSummary, Ports, StoredBreach, StoredDocument } from '../ports.ts';
import { latestStatuses, statusesAt, type ScopeStatusView } from './capabilities.ts';
import { currentDocument, documentIds, microgridNotFound } from './common.ts';
import { cycleSummary } from './memory-store.ts';

/** The cycle input document of cycle.md §8 for a stored microgrid at `at` (epoch ms). */
export function buildCycleInput(
  ports: Ports,
  doc: StoredDocument,
  at: number,
  scopeNodeId?: string,
): CycleInput {
  const id = doc.microgrid.id;
  const settings = doc.microgrid.settings ?? {};
  // History may name nodes and assets an accepted edit has since removed. Envelopes and statuses
  // are filtered here; samples and previous setpoints (hundreds a cycle) are left to runCycle,
  // which ignores any that name no node or charger of the document (docs/cycle.md, decision 14).
  const { nodes } = documentIds(doc);
  const input: CycleInput = {
    microgrid: doc,
    at: formatInstant(at),
    envelopes: ports.store
      .envelopesCovering(id, at)
      .filter((e) => nodes.has(e.target_node_id))
      .map((e) => ({
        id: e.id,
        target_node_id: e.target_node_id,
        capacity_kw: e.capacity_kw,
        valid_from: e.valid_from,
        valid_to: e.valid_to,
        source: e.source,
        superseded_at: e.superseded_at,
        withdrawn_at: e.withdrawn_at,
      })),
    capability_status: statusesAt(ports, doc, at)
      .filter((s) => nodes.has(s.scope_node_id))
      .map((s) => ({ capability: s.capability, scope_node_id: s.scope_node_id, state: s.state })),
    telemetry: { samples: ports.store.latestSamples(id, at) },
    previous_setpoints: ports.store.previousSetpoints(id, at),
  };
  if (settings.stale_after_s !== undefined || settings.fail_safe_after_s !== undefined) {
    input.settings = {};
    if (settings.stale_after_s !== undefined) input.settings.stale_after_s = settings.stale_after_s;
    if (settings.fail_safe_after_s !== undefined)
      input.settings.fail_safe_after_s = settings.fail_safe_after_s;
  }
  if (scopeNodeId !== undefined) input.scope_node_id = scopeNodeId;
  return input;
}

export interface RunCycleInput {
  microgridId: string;
  trigger: Trigger;
  scopeNodeId?: string;
  /** Epoch ms; now by default. */
  at?: number;
  legacyCircuitId?: string;
}

/** Runs one cycle on the stored state and stores its result and breaches before answering. */
export function runStoredCycle(ports: Ports, input: RunCycleInput): Outcome<CycleResult> {
  return ports.store.transaction(() => {
    const found = currentDocument(ports, input.microgridId);
    if (!found.ok) return found;
    const doc = found.value;
    if (input.scopeNodeId !== undefined && !documentIds(doc).nodes.has(input.scopeNodeId)) {
      return fail(
        'INVALID',
        'SCOPE_NODE_MISSING',
        `scope_node_id ${input.scopeNodeId} is not a node of microgrid ${input.microgridId}`,
        {
          microgrid_id: input.microgridId,
          field: 'scope_node_id',
          node_id: input.scopeNodeId,
        },
      );
    }
    const at = input.at ?? ports.clock.now();
    let result: CycleResult;
    try {
      result = runCycle(buildCycleInput(ports, doc, at, input.scopeNodeId), {
        cycleId: ports.ids.next('cycle'),
        trigger: input.trigger,
        legacyCircuitId: input.legacyCircuitId ?? null,
      });
    } catch (e) {
      if (e instanceof CycleInputError)
        return fail('INVALID', e.code, e.message, { microgrid_id: input.microgridId });
      throw e;
    }
    ports.store.appendCycle(result);
    return succeed(result);
  });
}

export function listCycles(
  ports: Ports,
  input: { microgridId: string; limit: number },
): Outcome<{ microgrid_id: string; cycles: CycleSummary[] }> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  return succeed({
    microgrid_id: input.microgridId,
    cycles: ports.store.cycles(input.microgridId, input.limit),
  });
}

export function getCycle(
  ports: Ports,
  input: { microgridId: string; cycleId: string },
): Outcome<CycleResult> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  const c = ports.store.cycle(input.microgridId, input.cycleId);
  if (c) return succeed(c);
  return fail(
    'NOT_FOUND',
    'CYCLE_NOT_FOUND',
    `microgrid ${input.microgridId} has no cycle ${input.cycleId}`,
    { microgrid_id: input.microgridId, cycle_id: input.cycleId },
  );
}

export function listBreaches(
  ports: Ports,
  input: { microgridId: string; since?: number; limit: number },
): Outcome<{ microgrid_id: string; breaches: StoredBreach[] }> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  return succeed({
    microgrid_id: input.microgridId,
    breaches: ports.store.breaches(input.microgridId, input.since, input.limit),
  });
}

export interface StatusView {
  microgrid_id: string;
  at: string;
  config_version: number;
  updated_at: string;
  updated_by: string;
  latest_cycle: CycleSummary | null;
  active_envelopes: EnvelopeView[];
  capability_status: ScopeStatusView[];
  /** The breaches the latest cycle saw: a breach is open until a later cycle no longer sees it. */
  open_breaches: StoredBreach[];
}

export function microgridStatus(ports: Ports, input: { microgridId: string }): Outcome<StatusView> {
  const found = currentDocument(ports, input.microgridId);
  if (!found.ok) return found;
  const doc = found.value;
  const now = ports.clock.now();
  const latest = ports.store.latestCycle(doc.microgrid.id);
  return succeed({
    microgrid_id: doc.microgrid.id,
    at: formatInstant(now),
    config_version: doc.version,
    updated_at: doc.updated_at,
    updated_by: doc.updated_by,
    latest_cycle: latest ? cycleSummary(latest) : null,
    active_envelopes: activeEnvelopesAt(ports.store.envelopesCovering(doc.microgrid.id, now), now).map((e) =>
      envelopeView(e, now),
    ),
    capability_status: latestStatuses(ports, doc),
    open_breaches: latest
      ? latest.breaches.map((b) => ({
          cycle_id: latest.cycle_id,
          microgrid_id: latest.microgrid_id,
          at: latest.at,
          ...b,
        }))
      : [],
  });
}
