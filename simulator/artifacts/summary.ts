// summary.json: counts and totals of a run (simulator.md "Artifacts"). Every map is written with
// its keys sorted, so the same run gives the same bytes.
import { compareIds, type CycleResult } from '../../domain/index.ts';
import type { VehicleRun } from '../plant.ts';

/** One delivery of an envelope, capability event or request, as the service answered it. */
export interface EventRecord {
  at: string;
  /** The tick it was delivered at, when later than `at`. */
  delivered_at?: string;
  kind: string;
  status: number;
  code?: string;
  [about: string]: unknown;
}

export interface Summary {
  name: string;
  profile_sha256: string;
  seed: number;
  delivery: 'IN_PROCESS' | 'HTTP';
  start: string;
  end: string;
  tick_seconds: number;
  cycle_interval_s: number;
  ticks: number;
  cycles: {
    total: number;
    by_trigger: Record<string, number>;
    by_outcome: Record<string, number>;
    by_source_mode: Record<string, number>;
  };
  /** Per code: how many (cycle, charger) setpoints listed it. */
  reason_codes: Record<string, number>;
  breaches: { total: number; by_node: Record<string, number>; by_primary_reason: Record<string, number> };
  energy_kwh: { asked: number; delivered: number; unmet: number };
  vehicles: {
    total: number;
    explicit: number;
    generated: number;
    charged: number;
    unmet: number;
    no_charger: number;
  };
  legacy_requests: { total: number; by_outcome: Record<string, number> };
  events: EventRecord[];
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort(compareIds)) out[k] = m.get(k)!;
  return out;
}

function bump(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

export class SummaryBuilder {
  private cycles = 0;
  private readonly byTrigger = new Map<string, number>();
  private readonly byOutcome = new Map<string, number>();
  private readonly bySourceMode = new Map<string, number>();
  private readonly reasons = new Map<string, number>();
  private breaches = 0;
  private readonly breachNodes = new Map<string, number>();
  private readonly breachReasons = new Map<string, number>();
  private readonly legacy = new Map<string, number>();
  private legacyTotal = 0;
  readonly events: EventRecord[] = [];

  cycle(r: CycleResult): void {
    this.cycles++;
    bump(this.byTrigger, r.trigger);
    bump(this.byOutcome, r.outcome);
    bump(this.bySourceMode, r.source_mode);
    for (let i = 0; i < r.setpoints.length; i++) {
      const codes = r.setpoints[i]!.reason_codes;
      for (let j = 0; j < codes.length; j++) bump(this.reasons, codes[j]!.code);
    }
    for (const b of r.breaches) {
      this.breaches++;
      bump(this.breachNodes, b.node_id);
      bump(this.breachReasons, b.primary_reason_code);
    }
  }

  event(e: EventRecord): void {
    this.events.push(e);
    if (e.kind === 'LEGACY_REBALANCE' || e.kind === 'LEGACY_TOU_WRITE') {
      this.legacyTotal++;
      bump(this.legacy, `${e.kind} ${e.status} ${e.code ?? 'OK'}`);
    }
  }

  /** The summary, given the run's identity and its vehicles' outcome. */
  build(
    head: Pick<
      Summary,
      | 'name'
      | 'profile_sha256'
      | 'seed'
      | 'delivery'
      | 'start'
      | 'end'
      | 'tick_seconds'
      | 'cycle_interval_s'
      | 'ticks'
    >,
    runs: readonly VehicleRun[],
  ): Summary {
    let askedWh = 0;
    let deliveredWh = 0;
    const v = { total: runs.length, explicit: 0, generated: 0, charged: 0, unmet: 0, no_charger: 0 };
    for (const r of runs) {
      const d = deliveredWhOf(r);
      askedWh += r.vehicle.energyWh;
      deliveredWh += d;
      if (r.vehicle.origin === 'EXPLICIT') v.explicit++;
      else v.generated++;
      if (r.vehicle.chargerId === null) v.no_charger++;
      if (d === r.vehicle.energyWh) v.charged++;
      else v.unmet++;
    }
    return {
      ...head,
      cycles: {
        total: this.cycles,
        by_trigger: sortedRecord(this.byTrigger),
        by_outcome: sortedRecord(this.byOutcome),
        by_source_mode: sortedRecord(this.bySourceMode),
      },
      reason_codes: sortedRecord(this.reasons),
      breaches: {
        total: this.breaches,
        by_node: sortedRecord(this.breachNodes),
        by_primary_reason: sortedRecord(this.breachReasons),
      },
      energy_kwh: {
        asked: askedWh / 1000,
        delivered: deliveredWh / 1000,
        unmet: (askedWh - deliveredWh) / 1000,
      },
      vehicles: v,
      legacy_requests: { total: this.legacyTotal, by_outcome: sortedRecord(this.legacy) },
      events: this.events,
    };
  }
}

/** Delivered energy in whole watt-hours (never above what was asked). */
export function deliveredWhOf(r: VehicleRun): number {
  return Math.min(r.vehicle.energyWh, Math.round(r.deliveredJ / 3600));
}
