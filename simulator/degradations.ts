// Telemetry degradations between the plant and the delivery: MISSING drops samples, STALE holds
// them back by delay_s (they arrive later with their original timestamp), FROZEN repeats the last
// sample delivered before it, old timestamp and all. A node target covers its meter and every
// point in its subtree (an outage of that part of the site); an asset target covers that asset.
import { parseInstant, type TelemetrySample } from '../domain/index.ts';
import type { Degradation } from './profile/schema.ts';

/** A telemetry point: a metered node's meter or an asset, with the node it hangs under. */
export interface Point {
  key: string;
  nodeId: string;
  assetId: string | null;
}

interface Window {
  mode: Degradation['mode'];
  from: number;
  to: number;
  delayMs: number;
}

// When windows overlap on one point, the harsher one applies.
const RANK: Record<Degradation['mode'], number> = { MISSING: 0, FROZEN: 1, STALE: 2 };

export class TelemetryChannel {
  private readonly windows: (Window[] | undefined)[];
  private readonly lastDelivered: (TelemetrySample | undefined)[];
  private queue: { due: number; point: number; sample: TelemetrySample }[] = [];

  /** `subtreeOf(node)` lists the nodes at and under a node. */
  constructor(
    points: readonly Point[],
    degradations: readonly Degradation[],
    subtreeOf: (nodeId: string) => readonly string[],
  ) {
    this.windows = points.map(() => undefined);
    this.lastDelivered = points.map(() => undefined);
    const byNode = new Map<string, number[]>();
    const byAsset = new Map<string, number>();
    points.forEach((p, i) => {
      if (p.assetId !== null) byAsset.set(p.assetId, i);
      const list = byNode.get(p.nodeId) ?? [];
      list.push(i);
      byNode.set(p.nodeId, list);
    });
    for (const d of degradations) {
      const w: Window = {
        mode: d.mode,
        from: parseInstant(d.from),
        to: parseInstant(d.to),
        delayMs: (d.delay_s ?? 0) * 1000,
      };
      const hit: number[] = [];
      if (d.asset_id !== undefined) {
        const i = byAsset.get(d.asset_id);
        if (i !== undefined) hit.push(i);
      } else if (d.node_id !== undefined) {
        for (const n of subtreeOf(d.node_id)) hit.push(...(byNode.get(n) ?? []));
      }
      for (const i of hit) (this.windows[i] ??= []).push(w);
    }
    for (const list of this.windows) list?.sort((a, b) => RANK[a.mode] - RANK[b.mode] || a.from - b.from);
  }

  private active(point: number, t: number): Window | undefined {
    const list = this.windows[point];
    if (!list) return undefined;
    for (const w of list) if (w.from <= t && t < w.to) return w;
    return undefined;
  }

  /** Whether any degradation touches this point at t (the plant may skip building its sample). */
  isDegraded(point: number, t: number): boolean {
    return this.active(point, t) !== undefined;
  }

  /**
   * Passes the samples generated at t (one per point index, undefined = nothing to send) and
   * returns what arrives at t: the delayed samples now due, then the current ones.
   */
  pass(t: number, current: readonly (TelemetrySample | undefined)[], out: TelemetrySample[]): void {
    if (this.queue.length && this.queue[0]!.due <= t) {
      const due = this.queue.filter((q) => q.due <= t);
      this.queue = this.queue.filter((q) => q.due > t);
      for (const q of due) {
        out.push(q.sample);
        this.lastDelivered[q.point] = q.sample;
      }
    }
    for (let i = 0; i < current.length; i++) {
      const s = current[i];
      const w = this.windows[i] ? this.active(i, t) : undefined;
      if (!w) {
        if (s) {
          out.push(s);
          this.lastDelivered[i] = s;
        }
      } else if (w.mode === 'FROZEN') {
        const last = this.lastDelivered[i];
        if (last) out.push(last);
      } else if (w.mode === 'STALE' && s) {
        this.queue.push({ due: t + w.delayMs, point: i, sample: s });
        this.queue.sort((a, b) => a.due - b.due || a.point - b.point);
      }
    }
  }
}
