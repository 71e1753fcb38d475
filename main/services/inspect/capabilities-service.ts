// The Capabilities screen: bindings, and the latest status per (capability, scope) with its
// history; bind, release and status events on a local microgrid through the shared use cases.
import {
  succeed,
  type BindingRecord,
  type Capability,
  type Outcome,
  type StatusEvent,
} from '../../../domain/index.ts';
import {
  acceptCapabilityEvent,
  bindCapability,
  capabilityStatus,
  listBindings,
  releaseBinding,
  type ScopeStatusView,
} from '../../../domain/usecases/index.ts';
import type { CapabilitiesScreenData } from '../../../preload/inspect-contract.ts';
import { all, documentOf, inspected, resolveSource, type InspectContext } from './source.ts';

export async function readCapabilitiesScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string },
): Promise<Outcome<CapabilitiesScreenData>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  const s = source.value;
  const doc = await documentOf(s, input.microgrid_id);
  if (!doc.ok) return doc;
  const id = input.microgrid_id;
  const reads = await all<[{ bindings: BindingRecord[] }, { statuses: ScopeStatusView[] }]>(
    s.kind === 'local'
      ? [
          listBindings(s.ports, { microgridId: id }),
          capabilityStatus(s.ports, { microgridId: id, history: true }),
        ]
      : [s.client.capabilityBindings(id), s.client.capabilityStatus(id, { history: true })],
  );
  if (!reads.ok) return reads;
  const [bindings, statuses] = reads.value;
  return succeed({
    ...inspected(s.view, doc.value),
    bindings: bindings.bindings,
    statuses: statuses.statuses,
  });
}

export function bindLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; capability: Capability; scope_node_id: string; source_id: string },
): Promise<Outcome<{ kind: 'CREATED' | 'EXISTING'; binding: BindingRecord }>> {
  return ctx.store.commit((ports) =>
    bindCapability(ports, {
      microgridId: input.microgrid_id,
      binding: {
        capability: input.capability,
        scope_node_id: input.scope_node_id,
        source_id: input.source_id,
      },
    }),
  );
}

export function releaseLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; binding_id: string },
): Promise<Outcome<BindingRecord>> {
  return ctx.store.commit((ports) =>
    releaseBinding(ports, { microgridId: input.microgrid_id, bindingId: input.binding_id }),
  );
}

export function statusEventLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; event: StatusEvent },
): Promise<Outcome<{ duplicate: boolean; event: StatusEvent }>> {
  return ctx.store.commit((ports) =>
    acceptCapabilityEvent(ports, { microgridId: input.microgrid_id, event: input.event }),
  );
}
