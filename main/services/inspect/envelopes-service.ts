// The Envelopes screen: every envelope of the microgrid with its status at an instant, events and
// source metadata; the effective limits at that instant; and, for a local microgrid, the legacy
// circuit read of each aliased node beside the canonical effective limit at the same instant.
import {
  compareIds,
  formatInstant,
  parseInstant,
  succeed,
  type EnvelopeInput,
  type EnvelopeView,
  type Outcome,
  type Ports,
  type StoredDocument,
} from '../../../domain/index.ts';
import {
  activeLimits,
  legacyReadCircuit,
  listEnvelopes,
  receiveEnvelope,
  withdrawEnvelope,
  type ReceivedEnvelope,
} from '../../../domain/usecases/index.ts';
import type { EnvelopesScreenData, LegacyCircuitRow } from '../../../preload/inspect-contract.ts';
import { all, documentOf, inspected, resolveSource, type InspectContext } from './source.ts';

/** Who the legacy reads are recorded as in the alias-usage audit. */
export function legacyClient(actor: string): string {
  return `microgrid-studio (${actor})`.slice(0, 200);
}

/**
 * Reads every aliased circuit through the legacy read use case (so the value is exactly what
 * GET /api/circuit/{id} answers, and the call is audited like any legacy use), and the canonical
 * effective limit at the same instant. One committed change: the audit rows.
 */
async function legacyRows(
  ctx: InspectContext,
  doc: StoredDocument,
): Promise<Outcome<{ at: string; rows: LegacyCircuitRow[] }>> {
  const aliases = [...doc.circuit_aliases].sort((a, b) => compareIds(a.circuit_id, b.circuit_id));
  return ctx.store.commit((live) => {
    const now = live.clock.now();
    // One instant for the legacy and the canonical reads, so an envelope boundary cannot fall between them.
    const ports: Ports = { ...live, clock: { now: () => now } };
    const canonical = activeLimits(ports, { microgridId: doc.microgrid.id, at: now });
    const limits = new Map(canonical.ok ? canonical.value.nodes.map((n) => [n.node_id, n]) : []);
    const rows = aliases.map((alias): LegacyCircuitRow => {
      const read = legacyReadCircuit(ports, { circuitId: alias.circuit_id, client: legacyClient(ctx.actor) });
      const limit = limits.get(alias.node_id);
      return {
        circuit_id: alias.circuit_id,
        node_id: alias.node_id,
        legacy: read.ok
          ? {
              max_power_kw: read.value.max_power_kw,
              available_capacity_kw: read.value.available_capacity_kw,
              name: read.value.name,
            }
          : null,
        error: read.ok ? null : { code: read.failure.code, message: read.failure.message },
        canonical_effective_limit_kw: limit?.effective_limit_kw ?? null,
        canonical_binding_source: limit?.binding_source ?? null,
      };
    });
    return succeed({ at: formatInstant(now), rows });
  });
}

export async function readEnvelopesScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string; at?: string },
): Promise<Outcome<EnvelopesScreenData>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  const s = source.value;
  const doc = await documentOf(s, input.microgrid_id);
  if (!doc.ok) return doc;
  if (s.kind === 'controller') {
    const reads = await all<[{ at: string; envelopes: EnvelopeView[] }, EnvelopesScreenData['active']]>([
      s.client.envelopes(input.microgrid_id, input.at ? { at: input.at } : {}),
      s.client.activeLimits(input.microgrid_id, input.at),
    ]);
    if (!reads.ok) return reads;
    const [listed, active] = reads.value;
    return succeed({
      ...inspected(s.view, doc.value),
      at: listed.at,
      envelopes: listed.envelopes,
      active,
      legacy: null,
    });
  }
  const at = input.at ? parseInstant(input.at) : s.ports.clock.now();
  const listed = listEnvelopes(s.ports, { microgridId: input.microgrid_id, at });
  if (!listed.ok) return listed;
  const active = activeLimits(s.ports, { microgridId: input.microgrid_id, at });
  if (!active.ok) return active;
  const legacy = await legacyRows(ctx, doc.value);
  if (!legacy.ok) return legacy;
  return succeed({
    ...inspected(s.view, doc.value),
    at: listed.value.at,
    envelopes: listed.value.envelopes,
    active: active.value,
    legacy: legacy.value,
  });
}

export function receiveEnvelopeLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; envelope: EnvelopeInput },
): Promise<Outcome<ReceivedEnvelope>> {
  return ctx.store.commit((ports) =>
    receiveEnvelope(ports, { microgridId: input.microgrid_id, envelope: input.envelope }),
  );
}

export function withdrawEnvelopeLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; envelope_id: string; reason: string },
): Promise<Outcome<EnvelopeView>> {
  return ctx.store.commit((ports) =>
    withdrawEnvelope(ports, {
      microgridId: input.microgrid_id,
      envelopeId: input.envelope_id,
      reason: input.reason,
    }),
  );
}
