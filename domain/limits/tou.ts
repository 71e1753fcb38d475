// Time-of-use evaluation: which cap of a policy is in force at an instant, in the microgrid's
// local time (windows are written in site local time, end exclusive).
import { localTimeAt, type LocalTime } from '../local-time.ts';
import type { Day, LimitPolicy, LimitScope } from '../model.ts';
import { kwToW } from '../units.ts';
import { parseClock } from '../validation/limits.ts';

export type PolicyCapSource = 'TOU_SCHEDULED_CAP' | 'NODE_HARD_CAP' | 'AGGREGATE_LIMIT';

export interface ActiveCap {
  capW: number;
  source: PolicyCapSource;
  /** The window in force (its position in the policy's schedule), or null for the hard cap. */
  windowIndex: number | null;
}

/** A policy compiled once for repeated evaluation; build it only from a validated policy. */
export interface CompiledPolicy {
  id: string;
  scope: LimitScope;
  nodeId: string;
  hardCapW: number;
  windows: { index: number; days: ReadonlySet<Day>; start: number; end: number; capW: number }[];
}

export function compilePolicy(p: LimitPolicy): CompiledPolicy {
  return {
    id: p.id,
    scope: p.scope,
    nodeId: p.node_id,
    hardCapW: kwToW(p.hard_cap_kw!),
    windows: p.schedule.map((w, index) => ({
      index,
      days: new Set(w.days as Day[]),
      start: parseClock(w.start, false)!,
      end: parseClock(w.end, true)!,
      capW: kwToW(w.cap_kw!),
    })),
  };
}

export function activeCapAtLocal(policy: CompiledPolicy, local: LocalTime): ActiveCap {
  for (const w of policy.windows) {
    if (w.days.has(local.day) && w.start <= local.minute && local.minute < w.end) {
      return { capW: w.capW, source: 'TOU_SCHEDULED_CAP', windowIndex: w.index };
    }
  }
  return {
    capW: policy.hardCapW,
    source: policy.scope === 'NODE' ? 'NODE_HARD_CAP' : 'AGGREGATE_LIMIT',
    windowIndex: null,
  };
}

export function activeCapAt(policy: CompiledPolicy, timeZone: string, epochMs: number): ActiveCap {
  return activeCapAtLocal(policy, localTimeAt(timeZone, epochMs));
}
