// Capability bindings (which source owns a capability for a scope), status events from the bound
// source, and the latest status per (capability, scope).
import {
  acceptStatusEvent,
  bindCapability as bind,
  releaseBinding as release,
  statusByScope,
  type BindInput,
  type BindingRecord,
  type ScopeStatus,
  type ScopeTree,
  type StatusEvent,
} from '../capabilities/bindings.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import { formatInstant, parseInstant } from '../instant.ts';
import type { Ports, StoredDocument } from '../ports.ts';
import { currentDocument, microgridNotFound } from './common.ts';

export function scopeTree(doc: StoredDocument): ScopeTree {
  const parent = new Map(doc.nodes.map((n) => [n.id, n.parent_id]));
  return { rootId: doc.microgrid.root_node_id, parentOf: (id) => parent.get(id) };
}

export function bindCapability(
  ports: Ports,
  input: { microgridId: string; binding: BindInput },
): Outcome<{ kind: 'CREATED' | 'EXISTING'; binding: BindingRecord }> {
  return ports.store.transaction(() => {
    const found = currentDocument(ports, input.microgridId);
    if (!found.ok) return found;
    const result = bind(ports.store.bindings(input.microgridId), input.binding, {
      microgridId: input.microgridId,
      tree: scopeTree(found.value),
      now: ports.clock.now(),
      newId: () => ports.ids.next('binding'),
    });
    if (!result.ok) return result;
    if (result.value.kind === 'CREATED') ports.store.insertBinding(input.microgridId, result.value.binding);
    return result;
  });
}

export function releaseBinding(
  ports: Ports,
  input: { microgridId: string; bindingId: string },
): Outcome<BindingRecord> {
  return ports.store.transaction(() => {
    if (ports.store.currentVersion(input.microgridId) === undefined)
      return microgridNotFound(input.microgridId);
    const b = ports.store.binding(input.microgridId, input.bindingId);
    if (!b) {
      return fail(
        'NOT_FOUND',
        'CAPABILITY_BINDING_NOT_FOUND',
        `microgrid ${input.microgridId} has no capability binding ${input.bindingId}`,
        {
          microgrid_id: input.microgridId,
          binding_id: input.bindingId,
        },
      );
    }
    const released = release(b, ports.clock.now());
    if (released !== b) ports.store.updateBinding(input.microgridId, released);
    return succeed(released);
  });
}

export function listBindings(
  ports: Ports,
  input: { microgridId: string },
): Outcome<{ microgrid_id: string; bindings: BindingRecord[] }> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  return succeed({ microgrid_id: input.microgridId, bindings: ports.store.bindings(input.microgridId) });
}

/** A repeat of (source_id, event_ref) is acknowledged and stored once; it never changes the latest status. */
export function acceptCapabilityEvent(
  ports: Ports,
  input: { microgridId: string; event: StatusEvent },
): Outcome<{ duplicate: boolean; event: StatusEvent }> {
  return ports.store.transaction(() => {
    if (ports.store.currentVersion(input.microgridId) === undefined)
      return microgridNotFound(input.microgridId);
    const e = input.event;
    const repeat = ports.store.capabilityEvent(input.microgridId, e.source_id, e.event_ref);
    const result = acceptStatusEvent(ports.store.bindings(input.microgridId), repeat ? [repeat] : [], e);
    if (!result.ok) return result;
    if (result.value.kind === 'DUPLICATE') return succeed({ duplicate: true, event: result.value.event });
    const stored = { ...e, received_at: formatInstant(ports.clock.now()) };
    ports.store.appendCapabilityEvent(input.microgridId, stored);
    return succeed({ duplicate: false, event: stored });
  });
}

export type ScopeStatusView = ScopeStatus & { scope_node_name: string | null };

/** The latest state per (capability, scope) from the candidates the store narrows down. */
export function latestStatuses(ports: Ports, doc: StoredDocument, withHistory = false): ScopeStatusView[] {
  const events = withHistory
    ? ports.store.capabilityEvents(doc.microgrid.id)
    : ports.store.latestCapabilityEventCandidates(doc.microgrid.id);
  const names = new Map(doc.nodes.map((n) => [n.id, n.name]));
  return statusByScope(events, doc.microgrid.root_node_id, withHistory).map((s) => ({
    ...s,
    scope_node_name: names.get(s.scope_node_id) ?? null,
  }));
}

/**
 * The latest state per (capability, scope) among the events observed at or before `atMs`: a cycle
 * at t never sees a status observed after t (a cycle run for a past instant sees the status of
 * that instant). When every scope's latest event is already at or before t — a cycle at the
 * present — the store's candidates suffice; otherwise the history is read.
 */
export function statusesAt(ports: Ports, doc: StoredDocument, atMs: number): ScopeStatus[] {
  const id = doc.microgrid.id;
  const observedBy = (e: StatusEvent) => parseInstant(e.observed_at) <= atMs;
  const candidates = ports.store.latestCapabilityEventCandidates(id);
  const events = candidates.every(observedBy)
    ? candidates
    : ports.store.capabilityEvents(id).filter(observedBy);
  return statusByScope(events, doc.microgrid.root_node_id);
}

export function capabilityStatus(
  ports: Ports,
  input: { microgridId: string; history?: boolean },
): Outcome<{ microgrid_id: string; statuses: ScopeStatusView[] }> {
  const found = currentDocument(ports, input.microgridId);
  if (!found.ok) return found;
  return succeed({
    microgrid_id: input.microgridId,
    statuses: latestStatuses(ports, found.value, input.history ?? false),
  });
}
