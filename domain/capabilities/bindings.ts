// Capability bindings and status events (domain.md "Capability bindings and status").
import { z } from 'zod';
import { idSchema, instantSchema } from '../document.ts';
import { compareIds } from '../ids.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import { formatInstant } from '../instant.ts';

export const CAPABILITIES = ['LOAD_CONTROL', 'DEMAND_RESPONSE', 'BATTERY_DISPATCH'] as const;
export type Capability = (typeof CAPABILITIES)[number];
export const CAPABILITY_STATES = ['AVAILABLE', 'ACTIVE', 'DEGRADED', 'UNAVAILABLE'] as const;
export type CapabilityState = (typeof CAPABILITY_STATES)[number];

export const bindInputSchema = z.strictObject({
  capability: z.enum(CAPABILITIES),
  scope_node_id: idSchema,
  source_id: idSchema,
});
export type BindInput = z.infer<typeof bindInputSchema>;

export const statusEventSchema = z.strictObject({
  event_ref: z.string().min(1).max(200),
  source_id: idSchema,
  capability: z.enum(CAPABILITIES),
  scope_node_id: idSchema,
  state: z.enum(CAPABILITY_STATES),
  observed_at: instantSchema,
});
export type StatusEvent = z.infer<typeof statusEventSchema>;

export interface BindingRecord {
  id: string;
  capability: Capability;
  scope_node_id: string;
  source_id: string;
  status: 'ACTIVE' | 'RELEASED';
  created_at: string;
  released_at: string | null;
}

/** The tree a scope check needs: the parent of each node (null for the root). */
export interface ScopeTree {
  rootId: string;
  parentOf(id: string): string | null | undefined;
}

export function isWithin(tree: ScopeTree, node: string, scope: string): boolean {
  let id: string | null | undefined = node;
  for (let guard = 0; id != null && guard < 1_000_000; guard++) {
    if (id === scope) return true;
    id = tree.parentOf(id);
  }
  return false;
}

export function scopesOverlap(tree: ScopeTree, a: string, b: string): boolean {
  return isWithin(tree, a, b) || isWithin(tree, b, a);
}

export interface BindContext {
  microgridId: string;
  tree: ScopeTree;
  now: number;
  newId: () => string;
}

export type BindResult =
  { kind: 'EXISTING'; binding: BindingRecord } | { kind: 'CREATED'; binding: BindingRecord };

/**
 * Bind a source to a capability for a scope. The same source on the same scope again returns the
 * existing binding; a different source on an overlapping scope is CAPABILITY_SOURCE_CONFLICT with
 * everything needed to resolve it, and nothing changes.
 */
export function bindCapability(
  bindings: readonly BindingRecord[],
  input: BindInput,
  ctx: BindContext,
): Outcome<BindResult> {
  if (ctx.tree.parentOf(input.scope_node_id) === undefined) {
    return fail(
      'INVALID',
      'CAPABILITY_SCOPE_MISSING',
      `scope_node_id ${input.scope_node_id} is not a node of microgrid ${ctx.microgridId}`,
      { field: 'scope_node_id', node_id: input.scope_node_id },
    );
  }
  const active = bindings.filter((b) => b.status === 'ACTIVE' && b.capability === input.capability);
  const same = active.find((b) => b.source_id === input.source_id && b.scope_node_id === input.scope_node_id);
  if (same) return succeed({ kind: 'EXISTING', binding: same });

  const conflicts = active
    .filter(
      (b) => b.source_id !== input.source_id && scopesOverlap(ctx.tree, b.scope_node_id, input.scope_node_id),
    )
    .sort((a, b) => compareIds(a.id, b.id));
  const existing = conflicts[0];
  if (existing) {
    const describe = (b: { id?: string; source_id: string; scope_node_id: string }) => ({
      ...(b.id !== undefined ? { id: b.id } : {}),
      source_id: b.source_id,
      scope_node_id: b.scope_node_id,
      whole_microgrid: b.scope_node_id === ctx.tree.rootId,
    });
    return fail(
      'CONFLICT',
      'CAPABILITY_SOURCE_CONFLICT',
      `${input.capability} on ${input.scope_node_id} is already bound to source ${existing.source_id} (binding ${existing.id}, scope ${existing.scope_node_id}); release it before binding ${input.source_id}`,
      {
        microgrid_id: ctx.microgridId,
        capability: input.capability,
        existing_binding: describe(existing),
        incoming: describe(input),
        conflicting_bindings: conflicts.map(describe),
        remediation: {
          action: 'RELEASE_EXISTING_BINDING',
          binding_id: existing.id,
          detail: `release binding ${existing.id} (POST /api/v1/microgrids/${ctx.microgridId}/capability-bindings/${existing.id}/release), then bind ${input.source_id} again`,
        },
      },
    );
  }
  return succeed({
    kind: 'CREATED',
    binding: {
      id: ctx.newId(),
      capability: input.capability,
      scope_node_id: input.scope_node_id,
      source_id: input.source_id,
      status: 'ACTIVE',
      created_at: formatInstant(ctx.now),
      released_at: null,
    },
  });
}

/** Releasing twice is harmless: the released binding is returned as it is. */
export function releaseBinding(binding: BindingRecord, now: number): BindingRecord {
  if (binding.status === 'RELEASED') return binding;
  return { ...binding, status: 'RELEASED', released_at: formatInstant(now) };
}

export type EventResult =
  { kind: 'DUPLICATE'; event: StatusEvent } | { kind: 'ACCEPTED'; event: StatusEvent };

/**
 * A status event is accepted only from the source holding the ACTIVE binding of that capability
 * for exactly that scope. A repeated (source_id, event_ref) is acknowledged and stored once, even
 * after the binding is gone.
 */
export function acceptStatusEvent(
  bindings: readonly BindingRecord[],
  stored: readonly StatusEvent[],
  event: StatusEvent,
): Outcome<EventResult> {
  const repeat = stored.find((e) => e.source_id === event.source_id && e.event_ref === event.event_ref);
  if (repeat) return succeed({ kind: 'DUPLICATE', event: repeat });
  const bound = bindings.some(
    (b) =>
      b.status === 'ACTIVE' &&
      b.capability === event.capability &&
      b.scope_node_id === event.scope_node_id &&
      b.source_id === event.source_id,
  );
  if (!bound) {
    return fail(
      'CONFLICT',
      'CAPABILITY_SOURCE_NOT_BOUND',
      `source ${event.source_id} holds no ACTIVE ${event.capability} binding for scope ${event.scope_node_id}`,
      {
        source_id: event.source_id,
        capability: event.capability,
        scope_node_id: event.scope_node_id,
      },
    );
  }
  return succeed({ kind: 'ACCEPTED', event });
}

/** Greatest observed_at wins; on a tie the greatest event_ref. A late older event changes nothing. */
export function isNewer(a: StatusEvent, b: StatusEvent): boolean {
  const ta = Date.parse(a.observed_at);
  const tb = Date.parse(b.observed_at);
  return ta > tb || (ta === tb && compareIds(a.event_ref, b.event_ref) > 0);
}

export interface ScopeStatus {
  capability: Capability;
  scope_node_id: string;
  whole_microgrid: boolean;
  state: CapabilityState;
  observed_at: string;
  event_ref: string;
  source_id: string;
  history?: StatusEvent[];
}

/** Latest state per (capability, scope), sorted by capability then scope; optionally with history. */
export function statusByScope(
  events: readonly StatusEvent[],
  rootId: string,
  withHistory = false,
): ScopeStatus[] {
  const groups = new Map<string, StatusEvent[]>();
  for (const e of events) {
    const key = `${e.capability}\u0000${e.scope_node_id}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  const out: ScopeStatus[] = [];
  for (const g of groups.values()) {
    let latest = g[0]!;
    for (const e of g) if (isNewer(e, latest)) latest = e;
    const row: ScopeStatus = {
      capability: latest.capability,
      scope_node_id: latest.scope_node_id,
      whole_microgrid: latest.scope_node_id === rootId,
      state: latest.state,
      observed_at: latest.observed_at,
      event_ref: latest.event_ref,
      source_id: latest.source_id,
    };
    if (withHistory) row.history = [...g].sort((a, b) => (isNewer(a, b) ? -1 : isNewer(b, a) ? 1 : 0));
    out.push(row);
  }
  return out.sort(
    (a, b) => compareIds(a.capability, b.capability) || compareIds(a.scope_node_id, b.scope_node_id),
  );
}
