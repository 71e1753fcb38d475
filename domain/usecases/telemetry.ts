// Telemetry ingestion: a batch is stored whole or refused whole (an unknown node or asset id
// refuses the batch with every unknown point listed).
import { compareIds } from '../ids.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import type { TelemetrySample } from '../cycle/types.ts';
import type { Ports } from '../ports.ts';
import { currentDocument, documentIds } from './common.ts';

export interface UnknownPoint {
  index: number;
  node_id?: string;
  asset_id?: string;
}

export function ingestTelemetry(
  ports: Ports,
  input: { microgridId: string; samples: TelemetrySample[] },
): Outcome<{ microgrid_id: string; accepted: number }> {
  return ports.store.transaction(() => {
    const found = currentDocument(ports, input.microgridId);
    if (!found.ok) return found;
    const doc = found.value;
    const { nodes, assets } = documentIds(doc);
    const unknown: UnknownPoint[] = [];
    input.samples.forEach((s, index) => {
      if ('node_id' in s) {
        if (!nodes.has(s.node_id)) unknown.push({ index, node_id: s.node_id });
      } else if (!assets.has(s.asset_id)) unknown.push({ index, asset_id: s.asset_id });
    });
    if (unknown.length) {
      const ids = [...new Set(unknown.map((u) => u.node_id ?? u.asset_id!))].sort(compareIds);
      return fail(
        'INVALID',
        'TELEMETRY_UNKNOWN_POINT',
        `${ids.length} id${ids.length === 1 ? ' names' : 's name'} no node or asset of microgrid ${input.microgridId} (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}); no sample of this batch was stored`,
        {
          microgrid_id: input.microgridId,
          unknown_points: unknown,
        },
      );
    }
    ports.store.appendSamples(input.microgridId, input.samples, ports.clock.now());
    return succeed({ microgrid_id: input.microgridId, accepted: input.samples.length });
  });
}
