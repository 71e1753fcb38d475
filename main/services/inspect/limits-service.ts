// The Limits screen: the policy set with the tree it applies to, a whole-set replace based on the
// version it was read at, and the limits in force at an instant — from the local store or a
// connected controller, always through the shared use cases or the controller's API.
import { parseInstant, succeed, type LimitPolicy, type Outcome } from '../../../domain/index.ts';
import {
  activeLimits,
  putLimits,
  type ActiveLimitsView,
  type LimitsView,
} from '../../../domain/usecases/index.ts';
import type { LimitsScreenData } from '../../../preload/inspect-contract.ts';
import { documentOf, inspected, resolveSource, type InspectContext } from './source.ts';

export async function readLimitsScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string },
): Promise<Outcome<LimitsScreenData>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  const doc = await documentOf(source.value, input.microgrid_id);
  if (!doc.ok) return doc;
  return succeed({ ...inspected(source.value.view, doc.value), policies: doc.value.limits });
}

export async function putLimitsScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string; base_version: number; policies: LimitPolicy[] },
): Promise<Outcome<LimitsView>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  if (source.value.kind === 'controller')
    return source.value.client.putLimits(input.microgrid_id, input.base_version, input.policies);
  return ctx.store.commit((ports) =>
    putLimits(ports, {
      microgridId: input.microgrid_id,
      baseVersion: input.base_version,
      actor: ctx.actor,
      policies: input.policies,
    }),
  );
}

export async function activeLimitsScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string; at?: string },
): Promise<Outcome<ActiveLimitsView>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  if (source.value.kind === 'controller')
    return source.value.client.activeLimits(input.microgrid_id, input.at);
  return activeLimits(source.value.ports, {
    microgridId: input.microgrid_id,
    ...(input.at ? { at: parseInstant(input.at) } : {}),
  });
}
