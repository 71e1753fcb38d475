// The Cycles and breaches screen: recent cycles (the newest in full), breaches with their cycle;
// on a local microgrid also a telemetry batch and "run a cycle at t", through the shared use cases.
import {
  parseInstant,
  succeed,
  type CycleResult,
  type Outcome,
  type TelemetrySample,
} from '../../../domain/index.ts';
import type { CycleSummary, StoredBreach } from '../../../domain/ports.ts';
import {
  getCycle,
  ingestTelemetry,
  listBreaches,
  listCycles,
  runStoredCycle,
} from '../../../domain/usecases/index.ts';
import type { CyclesScreenData } from '../../../preload/inspect-contract.ts';
import { all, documentOf, inspected, resolveSource, type InspectContext } from './source.ts';

export const DEFAULT_CYCLE_LIST = 25;
const BREACH_LIST = 200;

export async function readCyclesScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string; limit?: number },
): Promise<Outcome<CyclesScreenData>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  const s = source.value;
  const doc = await documentOf(s, input.microgrid_id);
  if (!doc.ok) return doc;
  const id = input.microgrid_id;
  const limit = input.limit ?? DEFAULT_CYCLE_LIST;
  const reads = await all<[{ cycles: CycleSummary[] }, { breaches: StoredBreach[] }]>(
    s.kind === 'local'
      ? [
          listCycles(s.ports, { microgridId: id, limit }),
          listBreaches(s.ports, { microgridId: id, limit: BREACH_LIST }),
        ]
      : [s.client.cycles(id, { limit }), s.client.breaches(id, { limit: BREACH_LIST })],
  );
  if (!reads.ok) return reads;
  const [cycles, breaches] = reads.value;
  const newest = cycles.cycles[0];
  let latest: CycleResult | null = null;
  if (newest) {
    const full =
      s.kind === 'local'
        ? getCycle(s.ports, { microgridId: id, cycleId: newest.cycle_id })
        : await s.client.cycle(id, newest.cycle_id);
    if (!full.ok) return full;
    latest = full.value;
  }
  return succeed({
    ...inspected(s.view, doc.value),
    cycles: cycles.cycles,
    breaches: breaches.breaches,
    latest,
  });
}

export async function getCycleScreen(
  ctx: InspectContext,
  input: { microgrid_id: string; connection_id?: string; cycle_id: string },
): Promise<Outcome<CycleResult>> {
  const source = resolveSource(ctx, input.connection_id);
  if (!source.ok) return source;
  const s = source.value;
  return s.kind === 'local'
    ? getCycle(s.ports, { microgridId: input.microgrid_id, cycleId: input.cycle_id })
    : s.client.cycle(input.microgrid_id, input.cycle_id);
}

export function ingestLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; samples: TelemetrySample[] },
): Promise<Outcome<{ microgrid_id: string; accepted: number }>> {
  return ctx.store.commit((ports) =>
    ingestTelemetry(ports, { microgridId: input.microgrid_id, samples: input.samples }),
  );
}

export function runCycleLocal(
  ctx: InspectContext,
  input: { microgrid_id: string; at?: string; scope_node_id?: string },
): Promise<Outcome<CycleResult>> {
  return ctx.store.commit((ports) =>
    runStoredCycle(ports, {
      microgridId: input.microgrid_id,
      trigger: 'CANONICAL_REQUEST',
      ...(input.at ? { at: parseInstant(input.at) } : {}),
      ...(input.scope_node_id ? { scopeNodeId: input.scope_node_id } : {}),
    }),
  );
}
