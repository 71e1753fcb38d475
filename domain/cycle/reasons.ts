// Reason-code lists on the wire (cycle.md §5): ranked, then by node id, each (code, node) once.
import { compareIds } from '../ids.ts';
import { REASON_CODES, type ReasonCode, type ReasonEntry } from './types.ts';

export const REASON_RANK: Readonly<Record<ReasonCode, number>> = Object.fromEntries(
  REASON_CODES.map((c, i) => [c, i]),
) as Record<ReasonCode, number>;

export function compareReasons(a: ReasonEntry, b: ReasonEntry): number {
  return REASON_RANK[a.code] - REASON_RANK[b.code] || compareIds(a.node_id, b.node_id);
}

/** Sorted by rank then node id, duplicates removed; a new array. */
export function rankReasons(entries: readonly ReasonEntry[]): ReasonEntry[] {
  const sorted = [...entries].sort(compareReasons);
  const out: ReasonEntry[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (!last || last.code !== e.code || last.node_id !== e.node_id)
      out.push({ code: e.code, node_id: e.node_id });
  }
  return out;
}
