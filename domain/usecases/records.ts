// Small conversions both store adapters share, so that the in-memory store and SQLite answer the
// same bytes: envelope stamps derived from the envelope's events, and the order of samples and
// history rows.
import type { EnvelopeEvent, EnvelopeRecord } from '../envelopes/envelopes.ts';
import type { TelemetrySample } from '../cycle/types.ts';

/** The received envelope plus whatever its later events (supersede, withdraw) stamp on it. */
export function envelopeWithEvents(
  received: Omit<
    EnvelopeRecord,
    'events' | 'superseded_by' | 'superseded_at' | 'withdrawn_at' | 'withdraw_reason'
  >,
  events: readonly EnvelopeEvent[],
): EnvelopeRecord {
  let superseded_by: string | null = null;
  let superseded_at: string | null = null;
  let withdrawn_at: string | null = null;
  let withdraw_reason: string | null = null;
  for (const e of events) {
    if (e.type === 'SUPERSEDED' && superseded_at === null) {
      superseded_by = e.superseded_by;
      superseded_at = e.at;
    } else if (e.type === 'WITHDRAWN' && withdrawn_at === null) {
      withdrawn_at = e.at;
      withdraw_reason = e.reason;
    }
  }
  return {
    id: received.id,
    target_node_id: received.target_node_id,
    capacity_kw: received.capacity_kw,
    valid_from: received.valid_from,
    valid_to: received.valid_to,
    source: received.source,
    superseded_by,
    superseded_at,
    withdrawn_at,
    withdraw_reason,
    events: [...events],
  };
}

/** `n:<node id>` or `a:<asset id>`: one telemetry point. */
export function samplePoint(s: TelemetrySample): string {
  return 'node_id' in s ? `n:${s.node_id}` : `a:${s.asset_id}`;
}
