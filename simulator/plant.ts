// The physical depot: the node tree, chargers with the vehicles plugged into them, the
// non-controllable assets' true demand, and the meters. Power is integer watts, energy integer
// joules, so every run on every machine adds up to the same numbers.
import {
  compareIds,
  formatInstant,
  kwToW,
  parseInstant,
  wToKw,
  type AssetSample,
  type LocalTime,
  type NodeSample,
  type TelemetrySample,
} from '../domain/index.ts';
import type { Point } from './degradations.ts';
import { loadModel, type LoadModel } from './loads.ts';
import type { Profile } from './profile/schema.ts';
import type { Vehicle } from './vehicles.ts';

export interface VehicleRun {
  vehicle: Vehicle;
  deliveredJ: number;
  /** Tick instant it plugged in; null if its stay fell between two ticks or it had no charger. */
  pluggedAt: number | null;
}

interface Charger {
  id: string;
  nodeIdx: number;
  ratingW: number;
  queue: VehicleRun[];
  next: number;
  current: VehicleRun | null;
  /** The setpoint in force; null while an external controller drives it (EXTERNAL). */
  setpointW: number | null;
  drawW: number;
  /** Whether its last report said connected (undefined before the first). */
  reported: boolean | undefined;
  faults: { from: number; to: number; excessW: number | null }[];
}

interface Load {
  id: string;
  nodeIdx: number;
  model: LoadModel | null;
  demandW: number;
}

export class Plant {
  readonly nodeIds: string[];
  readonly nodeIndex = new Map<string, number>();
  /** For each node, itself and its ancestors up to the root. */
  private readonly pathOf: Int32Array[];
  private readonly childrenOf: number[][];
  readonly chargers: Charger[];
  private readonly chargerIndex = new Map<string, number>();
  private readonly loads: Load[];
  /** Metered nodes (by id). */
  readonly meters: number[];
  readonly points: Point[];
  readonly runs: VehicleRun[];
  /** Per node, after `totals()`: non-controllable demand and charger draw in its subtree. */
  readonly ncW: Float64Array;
  readonly chargingW: Float64Array;

  constructor(profile: Profile, vehicles: readonly Vehicle[], seed: number) {
    const doc = profile.microgrid;
    this.nodeIds = doc.nodes.map((n) => n.id).sort(compareIds);
    this.nodeIds.forEach((id, i) => this.nodeIndex.set(id, i));
    const parent = new Int32Array(this.nodeIds.length).fill(-1);
    this.childrenOf = this.nodeIds.map(() => []);
    for (const n of doc.nodes) {
      if (n.parent_id !== null) {
        const i = this.nodeIndex.get(n.id)!;
        parent[i] = this.nodeIndex.get(n.parent_id)!;
        this.childrenOf[parent[i]!]!.push(i);
      }
    }
    this.pathOf = this.nodeIds.map((_, i) => {
      const path: number[] = [];
      for (let j = i; j >= 0; j = parent[j]!) path.push(j);
      return Int32Array.from(path);
    });
    this.ncW = new Float64Array(this.nodeIds.length);
    this.chargingW = new Float64Array(this.nodeIds.length);

    const assets = [...doc.assets].sort((a, b) => compareIds(a.id, b.id));
    const faults = new Map<string, Charger['faults']>();
    for (const f of profile.faults) {
      const list = faults.get(f.charger_id) ?? [];
      list.push({
        from: parseInstant(f.from),
        to: parseInstant(f.to),
        excessW: f.excess_kw === undefined ? null : kwToW(f.excess_kw),
      });
      faults.set(f.charger_id, list);
    }
    this.chargers = assets
      .filter((a) => a.kind === 'CHARGER')
      .map((a) => ({
        id: a.id,
        nodeIdx: this.nodeIndex.get(a.node_id)!,
        ratingW: kwToW(a.rating_kw!),
        queue: [],
        next: 0,
        current: null,
        setpointW: 0,
        drawW: 0,
        reported: undefined,
        faults: faults.get(a.id) ?? [],
      }));
    this.chargers.forEach((c, i) => this.chargerIndex.set(c.id, i));
    const shapes = new Map(profile.loads.map((l) => [l.asset_id, l]));
    this.loads = assets
      .filter((a) => a.kind !== 'CHARGER')
      .map((a) => {
        const shape = shapes.get(a.id);
        return {
          id: a.id,
          nodeIdx: this.nodeIndex.get(a.node_id)!,
          model: shape ? loadModel(shape, a.kind, seed) : null,
          demandW: 0,
        };
      });
    const metered = new Set(doc.nodes.filter((n) => n.metered).map((n) => n.id));
    this.meters = this.nodeIds.map((id, i) => (metered.has(id) ? i : -1)).filter((i) => i >= 0);
    this.points = [
      ...this.meters.map((i) => ({ key: `n:${this.nodeIds[i]}`, nodeId: this.nodeIds[i]!, assetId: null })),
      ...this.loads.map((l) => ({ key: `a:${l.id}`, nodeId: this.nodeIds[l.nodeIdx]!, assetId: l.id })),
      ...this.chargers.map((c) => ({ key: `a:${c.id}`, nodeId: this.nodeIds[c.nodeIdx]!, assetId: c.id })),
    ];

    this.runs = vehicles.map((vehicle) => ({ vehicle, deliveredJ: 0, pluggedAt: null }));
    for (const r of this.runs) {
      const i = r.vehicle.chargerId === null ? undefined : this.chargerIndex.get(r.vehicle.chargerId);
      if (i !== undefined) this.chargers[i]!.queue.push(r);
    }
    for (const c of this.chargers)
      c.queue.sort(
        (a, b) => a.vehicle.arriveMs - b.vehicle.arriveMs || compareIds(a.vehicle.id, b.vehicle.id),
      );
  }

  /** Node ids at and under a node. */
  subtreeOf(nodeId: string): string[] {
    const start = this.nodeIndex.get(nodeId);
    if (start === undefined) return [];
    const out: string[] = [];
    const stack = [start];
    while (stack.length) {
      const i = stack.pop()!;
      out.push(this.nodeIds[i]!);
      stack.push(...this.childrenOf[i]!);
    }
    return out;
  }

  /** Vehicles leave (at or after their departure) and arrive (at or after their arrival). */
  plugAndUnplug(t: number): void {
    for (const c of this.chargers) {
      if (c.current && t >= c.current.vehicle.departMs) {
        c.current = null;
        c.drawW = 0;
      }
      if (c.current) continue;
      while (c.next < c.queue.length && c.queue[c.next]!.vehicle.departMs <= t) c.next++;
      const r = c.queue[c.next];
      if (r && r.vehicle.arriveMs <= t) {
        c.current = r;
        r.pluggedAt = t;
        c.next++;
        c.drawW = 0;
      }
    }
  }

  drawLoads(local: LocalTime): void {
    for (const l of this.loads) l.demandW = l.model ? l.model.next(local) : 0;
  }

  /** Non-controllable demand and charger draw summed over every node's subtree. */
  totals(): void {
    this.ncW.fill(0);
    this.chargingW.fill(0);
    for (const l of this.loads) {
      if (l.demandW === 0) continue;
      for (const n of this.pathOf[l.nodeIdx]!) this.ncW[n]! += l.demandW;
    }
    for (const c of this.chargers) {
      if (c.drawW === 0) continue;
      for (const n of this.pathOf[c.nodeIdx]!) this.chargingW[n]! += c.drawW;
    }
  }

  private needW(r: VehicleRun, tickS: number): number {
    const remainingJ = r.vehicle.energyWh * 3600 - r.deliveredJ;
    return remainingJ <= 0 ? 0 : Math.ceil(remainingJ / tickS);
  }

  /**
   * What each point reports at t, index-aligned with `points`: every meter and non-controllable
   * asset each tick; a charger every tick while a vehicle is plugged in, once when unplugged, and
   * on `heartbeat` ticks while idle (so a report lost in an outage is made good later).
   */
  samples(t: number, tickS: number, heartbeat: boolean, out: (TelemetrySample | undefined)[]): void {
    this.totals();
    const at = formatInstant(t);
    let k = 0;
    for (const i of this.meters) {
      const s: NodeSample = {
        node_id: this.nodeIds[i]!,
        at,
        demand_kw: wToKw(this.ncW[i]! + this.chargingW[i]!),
      };
      out[k++] = s;
    }
    for (const l of this.loads) {
      const s: AssetSample = { asset_id: l.id, at, power_kw: wToKw(l.demandW) };
      out[k++] = s;
    }
    for (const c of this.chargers) {
      const r = c.current;
      let s: AssetSample | undefined;
      if (r) {
        s = {
          asset_id: c.id,
          at,
          power_kw: wToKw(c.drawW),
          connected: true,
          requested_kw: wToKw(Math.min(r.vehicle.maxW, this.needW(r, tickS))),
          priority: r.vehicle.priority,
        };
      } else if (c.reported !== false || heartbeat) {
        s = { asset_id: c.id, at, power_kw: 0, connected: false };
      }
      c.reported = r !== null;
      out[k++] = s;
    }
  }

  /** Which charger each row of the last setpoint list was (results list the same chargers each tick). */
  private readonly chargerOfRow: number[] = [];

  /** The setpoints of a cycle result (kW; null = external control), by charger id. */
  setSetpoints(rows: readonly { asset_id: string; setpoint_kw: number | null }[]): void {
    for (let k = 0; k < rows.length; k++) {
      const { asset_id: id, setpoint_kw: kw } = rows[k]!;
      let i = this.chargerOfRow[k];
      if (i === undefined || this.chargers[i]!.id !== id) {
        i = this.chargerIndex.get(id);
        if (i === undefined) continue;
        this.chargerOfRow[k] = i;
      }
      this.chargers[i]!.setpointW = kw === null ? null : kwToW(kw);
    }
  }

  /**
   * Chargers apply their setpoints for the next tick: a vehicle draws the least of setpoint, its
   * own maximum and its remaining need (a faulty charger ignores or overshoots its setpoint).
   */
  apply(t: number, tickS: number): void {
    for (const c of this.chargers) {
      const r = c.current;
      if (!r) {
        c.drawW = 0;
        continue;
      }
      let cap = c.setpointW ?? c.ratingW;
      for (const f of c.faults) {
        if (f.from <= t && t < f.to)
          cap = f.excessW === null ? c.ratingW : (c.setpointW ?? c.ratingW) + f.excessW;
      }
      const draw = Math.max(0, Math.min(cap, c.ratingW, r.vehicle.maxW, this.needW(r, tickS)));
      c.drawW = draw;
      r.deliveredJ = Math.min(r.vehicle.energyWh * 3600, r.deliveredJ + draw * tickS);
    }
  }
}
